import { createHash } from 'node:crypto'
import pg from 'pg'

/** Statement shapes a connection keeps prepared; later new shapes run unnamed, as before. */
export const maxPreparedPerConnection = 300

/**
 * PostgreSQL parses and plans every unnamed query afresh: for a story page's two reads that took as
 * long as running them (~0.9 ms each on the development VM). Kysely writes the same SQL text for the
 * same query shape, so each text becomes a named prepared statement, parsed once per connection and,
 * after five runs, planned once unless the generic plan looks costlier than a custom one (PostgreSQL's
 * `plan_cache_mode = auto`). Texts beyond `maxPreparedPerConnection` (the shape of a long `in (…)`
 * list varies with its length) are sent unnamed.
 */
export class PreparingClient extends pg.Client {
  #names = new Map<string, string | null>()

  // pg's overloads cannot be restated one by one: every call passes through unchanged except text with
  // parameter values and no callback, which is what Kysely's driver sends.
  override query(...args: any[]): any {
    const [text, values] = args
    const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? this.#nameOf(text) : undefined
    if (!name) return (super.query as (...rest: unknown[]) => unknown)(...args)
    return super.query({ name, text, values }).catch(async (error: unknown) => {
      if (!isStalePlan(error)) throw error
      // Another server's migration changed what `select *` returns: this text runs unnamed from now on
      // and is sent again (outside a transaction that succeeds; inside one the transaction has failed).
      this.#names.set(text, null)
      return super.query(text, values)
    })
  }

  #nameOf(text: string): string | undefined {
    const known = this.#names.get(text)
    if (known !== undefined) return known ?? undefined
    if (this.#names.size >= maxPreparedPerConnection) return undefined
    const name = `gz_${createHash('sha1').update(text).digest('hex').slice(0, 32)}`
    this.#names.set(text, name)
    return name
  }
}

/** "cached plan must not change result type" (feature_not_supported). */
function isStalePlan(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === '0A000' && /cached plan/.test(error.message)
}
