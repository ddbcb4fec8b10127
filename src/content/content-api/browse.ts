import type { CompiledQuery } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { ValidationError } from '../../errors.ts'
import type { FilterNode } from './filter.ts'

/** What every Content API listing takes, already checked for shape by the HTTP layer. */
export type SortDirection = 'asc' | 'desc'
export type ApiOrder = { field: string; direction: SortDirection }
export type BrowseRequest = { page: number; limit: number; order: ApiOrder[]; filter: FilterNode | null }
export type BrowsePage<T> = { items: T[]; total: number }

/**
 * Keeps what a Content API request counted until the next announced change (the server's
 * `apiCounts`): counting every published post, or each author's, walks an index or a million links
 * (40–300 ms at a million stories), more than the rest of the page. The key is the count's SQL with its
 * values (`countKey`), so a relative date such as `published_at:>now-7d` is never reused.
 */
export type CountMemo = <T>(key: string, count: () => Promise<T>) => Promise<T>

export const countEveryTime: CountMemo = (_key, count) => count()

export function countKey(query: CompiledQuery): string {
  return `${query.sql}\n${JSON.stringify(query.parameters)}`
}

/** A count per row (`count.posts` of authors or topics), by id, kept by `counts` under the query's key. */
export async function countsById(db: Db, query: CompiledQuery<{ id: number; n: unknown }>, counts: CountMemo): Promise<Map<number, number>> {
  return new Map(await counts(countKey(query), async () => (await db.executeQuery(query)).rows.map((row): [number, number] => [row.id, countValue(row)])))
}

/**
 * The order clauses as columns of this resource. Only whitelisted fields may be ordered by: an unknown
 * one is a 400 listing the allowed ones (Ghost drops it silently, which hides typos).
 */
export function resolveOrder<C extends string>(order: ApiOrder[], columns: Record<string, C>): { column: C; direction: SortDirection }[] {
  return order.map(({ field, direction }) => {
    const column = Object.hasOwn(columns, field) ? columns[field] : undefined
    if (!column) throw new ValidationError('Invalid order.', [`"${field}" cannot be ordered by; use one of: ${Object.keys(columns).join(', ')}.`])
    return { column, direction }
  })
}

/** `count(*)` comes back as a number from SQLite and as a bigint string from PostgreSQL. */
export function countValue(row: { n: unknown } | undefined): number {
  return Number(row?.n ?? 0)
}

/** Rows loaded by `id in (…)` come back in any order; the page's order is the id list's. */
export function inIdOrder<T extends { id: number }>(items: T[], ids: number[]): T[] {
  const position = new Map(ids.map((id, index) => [id, index]))
  return [...items].sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0))
}

export function offsetOf(request: Pick<BrowseRequest, 'page' | 'limit'>): number {
  return (request.page - 1) * request.limit
}
