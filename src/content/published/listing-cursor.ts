import type { ArticleKey } from './sitemaps.ts'

/**
 * Where a keyset page of a listing starts: just past one story's (published_at, id), written into
 * links as an opaque base64url token of `published_at|id`. Opaque so that the format can change
 * without anyone relying on it; strict so that a malformed token is refused before any query runs.
 */
export type ListingCursor = ArticleKey

/** Long enough for `YYYY-MM-DDTHH:MM:SS.sssZ|2147483647` in base64url (48 characters). */
export const maxCursorLength = 64
const tokenPattern = /^[A-Za-z0-9_-]+$/
/** The stored form (`toTimestamp`: `Date#toISOString`), the only one a cursor can carry. */
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const idPattern = /^[1-9]\d{0,9}$/
const maxId = 2_147_483_647

export function encodeCursor(key: ListingCursor): string {
  return Buffer.from(`${key.publishedAt}|${key.id}`, 'utf8').toString('base64url')
}

/** The cursor in a token, or null when the token is not one this server could have written. */
export function decodeCursor(token: string): ListingCursor | null {
  if (token.length > maxCursorLength || !tokenPattern.test(token)) return null
  const [publishedAt, id, ...extra] = Buffer.from(token, 'base64url').toString('utf8').split('|')
  if (extra.length || !publishedAt || !id || !timestampPattern.test(publishedAt) || !idPattern.test(id)) return null
  if (Number.isNaN(Date.parse(publishedAt)) || Number(id) > maxId) return null
  return { publishedAt, id: Number(id) }
}
