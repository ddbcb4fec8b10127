import { createHash } from 'node:crypto'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { Context } from 'hono'

/** Below this size compression costs more than it saves. */
const minCompressBytes = 1024

export type Encoding = 'br' | 'gzip' | 'identity'

/** The best encoding the client accepts: brotli, then gzip; `q=0` refuses one. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  const accepted = new Set<string>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name)
  }
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip'
  return 'identity'
}

export function strongEtag(body: string | Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`
}

export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
  if (encoding === 'gzip') return gzipSync(body, { level: 6 })
  return body
}

/**
 * Whether a client's copy from `If-Modified-Since` is still current. HTTP dates have whole seconds, so
 * the stored time is compared at that precision; an unreadable date means "send it" (RFC 9110 §13.1.3).
 */
export function unmodifiedSince(ifModifiedSince: string | undefined, lastModified: Date): boolean {
  if (!ifModifiedSince) return false
  const since = Date.parse(ifModifiedSince)
  if (Number.isNaN(since)) return false
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000)
}

export type SendOptions = {
  body: string | Buffer
  contentType: string
  cacheControl: string
  status?: number
  headers?: Record<string, string>
  /** When the content last changed: sent as Last-Modified and checked against If-Modified-Since. */
  lastModified?: Date
}

/**
 * Sends a generated text response the way public pages and feeds need it: a strong ETag over the
 * content (304 when the client has it), compression chosen by Accept-Encoding, and Vary set so shared
 * caches keep one copy per encoding. With `lastModified`, If-Modified-Since is answered too.
 */
export function sendText(c: Context, { body, contentType, cacheControl, status = 200, headers = {}, lastModified }: SendOptions): Response {
  const raw = typeof body === 'string' ? Buffer.from(body) : body
  const etag = strongEtag(raw)
  const common: Record<string, string> = { ...headers, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding', ETag: etag }
  if (lastModified) common['Last-Modified'] = lastModified.toUTCString()
  if (status === 200 && isNotModified((name) => c.req.header(name), etag, lastModified)) {
    return c.body(null, 304, common)
  }
  const encoding = raw.length >= minCompressBytes ? chooseEncoding(c.req.header('accept-encoding')) : 'identity'
  const payload = compress(raw, encoding)
  return c.body(new Uint8Array(payload) as Uint8Array<ArrayBuffer>, status as 200, {
    ...common,
    'Content-Type': contentType,
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
  })
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since counts only without it.
 * `header` reads a request header (from Hono or node:http), so every answer applies the same rules.
 */
export function isNotModified(header: (name: string) => string | undefined, etag: string, lastModified: Date | null | undefined): boolean {
  const ifNoneMatch = header('if-none-match')
  // Weak comparison (§8.8.3.2): the opaque part must match, with or without W/ on either side.
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, etag.replace(/^W\//, ''))
  return lastModified != null && unmodifiedSince(header('if-modified-since'), lastModified)
}
