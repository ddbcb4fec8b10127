import { z } from 'zod'
import { ValidationError } from '../../errors.ts'

/** Validates input at a domain boundary; failures become a 400 that lists every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) {
    // PostgreSQL text cannot hold NUL: refusing it here keeps both engines alike and the answer a 400.
    const nul = pathsWithNul(parsed.data)
    if (nul.length) throw new ValidationError(`Invalid ${what}.`, nul.map((path) => `${path ? `${path}: ` : ''}must not contain NUL (\\u0000) characters`))
    return parsed.data
  }
  const details = parsed.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  )
  throw new ValidationError(`Invalid ${what}.`, details)
}

/** Where validated data holds a string with a NUL character (walked without recursion: depth is the input's). */
function pathsWithNul(data: unknown): string[] {
  const found: string[] = []
  const pending: [unknown, string][] = [[data, '']]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next
    const at = (key: string | number) => (path ? `${path}.${key}` : String(key))
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path)
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, at(i)]))
    } else if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
      for (const [key, item] of Object.entries(value)) pending.push([item, at(key)])
    }
  }
  return found.reverse()
}

/** Ids are `integer` columns (PostgreSQL's is 32-bit): a larger number could name no row, and would fail the query. */
export const maxRowId = 2_147_483_647
export const idField = z.number().int().positive().max(maxRowId, `must be at most ${maxRowId}`)

/**
 * Characters no stored address may hold. Browsers drop tabs and line breaks inside an address and read
 * `\` as `/`, so `/\evil.example` or `/<tab>/evil.example` would be another site's address.
 */
const unsafeAddressCharacter = /[\s\u0000-\u001f\u007f\\]/

/** `http(s)://` and a host: an address on any site. */
export function isWebAddress(value: string): boolean {
  return /^https?:\/\/[^/?#]/i.test(value) && !unsafeAddressCharacter.test(value)
}

/**
 * A web address, or a path on this site: one `/` not followed by another `/` or a `\` (`//host/x` and
 * `/\host` are protocol-relative addresses of another origin).
 */
export function isSiteOrWebAddress(value: string): boolean {
  return isWebAddress(value) || (/^\/(?![/\\])/.test(value) && !unsafeAddressCharacter.test(value))
}

const webAddressMessage = 'must be an http(s):// address'
const siteOrWebAddressMessage = 'must be an http(s):// address or a path on this site starting with a single /'

const address = z.string().trim().max(2000)

/** An http(s) address or a path on this site. Every stored address a page links to or loads passes one of these fields. */
export const siteAddressField = address.refine(isSiteOrWebAddress, siteOrWebAddressMessage)

/** An http(s) address on any site; empty clears it. */
export const webAddressField = address.refine((v) => v === '' || isWebAddress(v), webAddressMessage)

/** An image or page address a public page may link to: http(s), or a path on this site; empty clears it. */
export const addressField = address.refine((v) => v === '' || isSiteOrWebAddress(v), siteOrWebAddressMessage)
