import { pipeline, Transform, type Readable } from 'node:stream'
import type { Context } from 'hono'
import { changeTags } from '../content/changes/index.ts'
import { noQuery, pageAddress } from './page-query.ts'
import { renderTokenOf, sendCachedPage, type RenderCache } from './render-cache.ts'
import { sendStream, type StreamOptions } from './send-stream.ts'
import { sendText } from './send.ts'

/**
 * Feeds and sitemaps through the render cache. What they show never depends on the query string, so
 * each is kept under its path alone: `/rss.xml?utm_source=x` is answered from the copy of `/rss.xml`,
 * and made-up query strings can neither skip the cache nor fill it with copies. Like every page, each
 * also carries the `site` tag, which stands for everything (settings, a change relay that lost track).
 */

export type CacheableResponse = {
  contentType: string
  cacheControl: string
  /** What the response shows (content/changes.ts): a write that announces one of them drops it. */
  tags: readonly string[]
  lastModified?: Date | null
  /** For responses that also change with time (the news sitemap): kept until then (ms since the epoch). */
  expiresAt?: number
}

export type CacheableStream = CacheableResponse &
  Pick<StreamOptions, 'etag' | 'open' | 'onError'> & {
    /** A body up to this size is kept once it has been sent; a larger one is only streamed. */
    maxBytes: number
  }

/** Kept under the path as routed, declaring no query parameter. */
function pathAddress(c: Context) {
  return pageAddress(c.req.path, new URLSearchParams(), noQuery)
}

function tagsOf(response: CacheableResponse): string[] {
  return [...new Set([changeTags.site, ...response.tags])]
}

/** Keeps a body under its path unless it has expired already; what was stored, if anything. */
function keep(c: Context, cache: RenderCache, body: string | Buffer, response: CacheableResponse & { etag?: string }, token: number) {
  const { expiresAt, ...page } = response
  const now = Date.now()
  if (expiresAt !== undefined && expiresAt <= now) return null
  return cache.store(pathAddress(c), { ...page, tags: tagsOf(response), body, ...(expiresAt !== undefined ? { ttlMs: expiresAt - now } : {}) }, token, now)
}

/** The kept copy of this path, answered as a hit; null on a miss or with the cache off. */
export function sendCachedPath(c: Context, cache: RenderCache | null): Response | null {
  const page = cache?.get(c.req.path)
  return page ? sendCachedPage(c, page, 'hit') : null
}

/** Sends a whole generated body; with the cache on, it is kept (compressed both ways) under its path. */
export function sendCacheableText(c: Context, cache: RenderCache | null, body: string, response: CacheableResponse): Response {
  const stored = cache && keep(c, cache, body, response, renderTokenOf(c, cache))
  if (stored) return sendCachedPage(c, stored, 'miss')
  const { lastModified, contentType, cacheControl } = response
  // A CDN or Varnish in front still needs the tags to purge by.
  return sendText(c, { body, contentType, cacheControl, ...(lastModified ? { lastModified } : {}), headers: { 'Surrogate-Key': tagsOf(response).join(' ') } })
}

/**
 * Streams a generated body as `sendStream` does; with the cache on, a copy is kept while it streams
 * and stored when the body ends within `maxBytes` (a render that an invalidation overtook is not).
 * A 304, a HEAD or a reader that hangs up early stores nothing.
 */
export function sendCacheableStream(c: Context, cache: RenderCache | null, options: CacheableStream): Response {
  const { maxBytes, open, onError, ...response } = options
  const headers: Record<string, string> = { 'Surrogate-Key': tagsOf(response).join(' ') }
  const stream = { contentType: response.contentType, cacheControl: response.cacheControl, etag: response.etag, lastModified: response.lastModified ?? null, onError }
  if (!cache) return sendStream(c, { ...stream, open, headers })
  const token = renderTokenOf(c, cache)
  const onEnd = (body: Buffer) => {
    try {
      keep(c, cache, body, response, token)
    } catch (error) {
      // The reader has the whole body already; only the copy is lost.
      onError(error as Error)
    }
  }
  return sendStream(c, { ...stream, headers: { ...headers, 'X-Render-Cache': 'miss' }, open: () => captureBody(open(), maxBytes, onEnd) })
}

/**
 * Passes a stream on unchanged while keeping a copy of it: when the whole body fit in `maxBytes`,
 * `onEnd` gets it once the stream has ended. The copy is dropped as soon as it outgrows the cap, so
 * memory stays bounded however large the body.
 */
function captureBody(source: Readable, maxBytes: number, onEnd: (body: Buffer) => void): Readable {
  let chunks: Buffer[] | null = []
  let bytes = 0
  const tee = new Transform({
    writableObjectMode: true,
    transform(chunk: string | Buffer, _encoding, callback) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      bytes += data.length
      if (chunks && bytes <= maxBytes) chunks.push(data)
      else chunks = null
      callback(null, data)
    },
    flush(callback) {
      if (chunks) onEnd(Buffer.concat(chunks, bytes))
      callback()
    },
  })
  // The callback only keeps a failure from being unhandled: it also destroys `tee`, which ends the
  // response that reads it.
  return pipeline(source, tee, () => {}) as Readable
}
