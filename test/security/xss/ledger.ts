import { ValidationError } from '../../../src/errors.ts'
import { payloads } from './payloads.ts'

/**
 * Which payloads went into which field: a write the domain refused (a ValidationError naming the
 * field) counts as not stored, and the suite retries the write without that value.
 */
export class Ledger {
  readonly stored = new Map<string, Set<number>>()
  readonly refused = new Map<string, number>()

  store(field: string, used: readonly number[]): void {
    let set = this.stored.get(field)
    if (!set) this.stored.set(field, (set = new Set()))
    for (const i of used) set.add(i)
  }

  refuse(field: string, count: number): void {
    this.refused.set(field, (this.refused.get(field) ?? 0) + count)
  }

  /** Every field given payloads, whether the domain stored or refused them. */
  get fields(): string[] {
    return [...new Set([...this.stored.keys(), ...this.refused.keys()])]
  }

  get payloadCount(): number {
    const all = new Set<number>()
    for (const set of this.stored.values()) for (const i of set) all.add(i)
    return all.size
  }

  get pairs(): number {
    return [...this.stored.values()].reduce((sum, set) => sum + set.size, 0)
  }

  /** `headline 599/16, dek 672/43, …`: distinct payloads stored, values refused. */
  summary(): string {
    return this.fields.map((field) => `${field} ${this.stored.get(field)?.size ?? 0}/${this.refused.get(field) ?? 0}`).join(', ')
  }
}

/**
 * Hands out payloads for one field in turn, packed (separated by spaces) up to the field's length
 * limit; payloads longer than the limit are skipped. Each field starts at its own offset, so the
 * short fields of different kinds do not all get the same few payloads.
 */
export class PayloadFeed {
  private next = 0
  constructor(
    readonly field: string,
    private readonly limit: number,
    private readonly perValue = 10,
    private readonly from: readonly number[] = payloads.map((_, i) => i),
    offset = 0,
  ) {
    this.next = offset % Math.max(1, from.length)
  }

  take(): { value: string; used: number[] } {
    const used: number[] = []
    let value = ''
    for (let tries = 0; tries < this.from.length && used.length < this.perValue; tries++) {
      const index = this.from[this.next]!
      const payload = payloads[index]!
      const joined = value ? `${value} ${payload}` : payload
      if (joined.trim().length <= this.limit) {
        value = joined
        used.push(index)
        this.next = (this.next + 1) % this.from.length
      } else if (payload.trim().length > this.limit) {
        this.next = (this.next + 1) % this.from.length
      } else {
        break
      }
    }
    return { value, used }
  }
}

/**
 * Payloads an address field can be given: they begin like an address (a scheme, `//` or `/`). Those
 * that are not http(s) alternate with those that are, so a field with a few slots gets both kinds:
 * some the domain must refuse, some it stores for the pages to show.
 */
export const addressPayloads: readonly number[] = (() => {
  const addresses = payloads.flatMap((p, i) => (/^\s*([a-z][a-z0-9+.\t-]*(:|&colon;)|\/)/i.test(p) ? [i] : []))
  // Addresses without white space first: an address field refuses the others, and a few slots should store some.
  const spaced = (i: number) => /\s/.test(payloads[i]!)
  const web = addresses.filter((i) => /^https?:\/\//i.test(payloads[i]!)).sort((a, b) => Number(spaced(a)) - Number(spaced(b)))
  const other = addresses.filter((i) => !web.includes(i))
  return Array.from({ length: Math.max(web.length, other.length) }, (_, k) => [other[k], web[k]]).flat().filter((i): i is number => i !== undefined)
})()

type Slot = { field: string; used: number[]; fallback: unknown }

/**
 * An input object being filled with payloads. `put` sets a value at a path (`sources.2.url`) and
 * remembers which payloads it holds; `write` runs the domain write, and when the domain refuses
 * values (its ValidationError details start with their paths) puts the fallback in their place and
 * tries again.
 */
export class PlantedInput<T extends Record<string, unknown>> {
  private readonly slots = new Map<string, Slot>()
  constructor(readonly value: T) {}

  put(path: string, feed: PayloadFeed | { field: string; value: string; used: number[] }, fallback: unknown = ''): this {
    const taken = feed instanceof PayloadFeed ? { field: feed.field, ...feed.take() } : feed
    setPath(this.value, path, taken.used.length ? taken.value : fallback)
    if (taken.used.length) this.slots.set(path, { field: taken.field, used: taken.used, fallback })
    return this
  }

  async write<R>(ledger: Ledger, write: (value: T) => Promise<R>): Promise<R | null> {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const result = await write(this.value)
        for (const slot of this.slots.values()) ledger.store(slot.field, slot.used)
        return result
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const paths = (error.details ?? []).map((d) => d.split(':')[0]!.trim())
        const refused = paths.filter((path) => this.slots.has(path))
        if (!refused.length) {
          // A refusal that names no single value (e.g. a whole-body limit): nothing of this write is stored.
          for (const slot of this.slots.values()) ledger.refuse(slot.field, slot.used.length)
          return null
        }
        for (const path of refused) {
          const slot = this.slots.get(path)!
          ledger.refuse(slot.field, slot.used.length)
          setPath(this.value, path, slot.fallback)
          this.slots.delete(path)
        }
      }
    }
    return null
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let node: Record<string, unknown> = target
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[keys[keys.length - 1]!] = value
}
