import { createHash } from 'node:crypto'

/**
 * Ghost identifies everything by 24-hex-character ObjectIds, unique across types, and clients (static
 * site generators especially) key their caches by them. Ours are integers per table, so the public id
 * is a type digit followed by the zero-padded hexadecimal integer: stable, reversible, and distinct
 * between a post and a tag that share a number.
 */
export type ContentType = 'post' | 'author' | 'tag'

const typeDigits: Record<ContentType, string> = { post: '1', author: '2', tag: '3' }

/** Integer keys are PostgreSQL `integer`s: anything larger would be a database error, not a miss. */
const maxRowId = 2_147_483_647

export function toPublicId(type: ContentType, id: number): string {
  return `${typeDigits[type]}${id.toString(16).padStart(23, '0')}`
}

/** The row id behind a public id of this type, or null when it cannot name one. */
export function fromPublicId(type: ContentType, publicId: string): number | null {
  const id = publicId.toLowerCase()
  if (!/^[0-9a-f]{24}$/.test(id) || id[0] !== typeDigits[type]) return null
  const value = Number.parseInt(id.slice(1), 16)
  return value >= 1 && value <= maxRowId ? value : null
}

/**
 * A name-based (version 5 layout) UUID from the row id and creation time: stable for the life of the
 * post, and different between two Gazette sites whose posts happen to share an id.
 */
export function postUuid(id: number, createdAt: string): string {
  const bytes = createHash('sha1').update(`gazette:post:${id}:${createdAt}`).digest().subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
