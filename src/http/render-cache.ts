import type { Context, MiddlewareHandler } from 'hono'
import { pageAddress, type PageAddress, type PageQuery } from './page-query.ts'
import { chooseEncoding, compress, isNotModified, strongEtag } from './send.ts'

/**
 * Public pages rendered once and kept in memory, compressed both ways, until a write touches one of
 * the tags the page declared (or, for pages that follow view counts, until their time runs out).
 * The cache holds at most `maxBytes` of bodies; the least recently used page goes first.
 *
 * A page is kept under its path and the query parameters its route declared (page-query.ts); the
 * cache remembers each kept path's declaration, so a lookup — here or on node:http before the app
 * runs — turns any query string into that key without knowing the routes. Pages whose key holds a
 * value a reader can make up (a search, a cursor) share at most `openShare` of the bytes among
 * themselves: a flood of them churns that share and leaves every other page where it was.
 */
export type CachedPage = {
  body: Buffer
  gzip: Buffer
  br: Buffer
  etag: string
  contentType: string
  cacheControl: string
  tags: readonly string[]
  expiresAt: number | null
  bytes: number
  articleId: number | null
  /** Sent as Last-Modified and checked against If-Modified-Since (feeds and sitemaps). */
  lastModified: Date | null
  path: string
  /** Kept in the share of pages with made-up values in their key. */
  open: boolean
}

export type PageToStore = {
  body: string | Buffer
  contentType: string
  cacheControl: string
  tags: Iterable<string>
  ttlMs?: number
  /** A story whose reads are counted, also when served from the cache. */
  articleId?: number
  lastModified?: Date | null
  /** The validator the uncached answer sent (a streamed sitemap's weak one); a hash of the body without. */
  etag?: string
}

/** At most this part of the cache holds pages whose key has a value a reader can make up. */
export const openShare = 0.25

export type RenderCacheStats = { entries: number; bytes: number; openEntries: number; openBytes: number; hits: number; misses: number }

export class RenderCache {
  private readonly entries = new Map<string, CachedPage>()
  /** The open pages alone, least recently used first (they are in `entries` too). */
  private readonly openEntries = new Map<string, CachedPage>()
  /** Each kept path's declared parameters, with how many entries it has. */
  private readonly queryByPath = new Map<string, { query: PageQuery; entries: number }>()
  private readonly keysByTag = new Map<string, Set<string>>()
  /** Bumped by every invalidation; a render that started before a bump of one of its tags is not kept. */
  private generation = 0
  private readonly invalidatedAt = new Map<string, number>()
  private forgottenBefore = 0
  private usedBytes = 0
  private openBytes = 0
  private hits = 0
  private misses = 0

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size
  }

  get bytes(): number {
    return this.usedBytes
  }

  /** Entry counts and bytes, and the lookups answered and not since the start. */
  stats(): RenderCacheStats {
    return { entries: this.entries.size, bytes: this.usedBytes, openEntries: this.openEntries.size, openBytes: this.openBytes, hits: this.hits, misses: this.misses }
  }

  /**
   * The page kept for a request of `path` with this query string (as sent, without `?`), under the
   * parameters the path's route declared; a path never kept has no declaration and so no page.
   */
  lookup(path: string, search: string | URLSearchParams, now = Date.now()): CachedPage | undefined {
    const declared = search && this.queryByPath.get(path)
    const key = declared && !namesNone(search, declared.query) ? pageAddress(path, typeof search === 'string' ? new URLSearchParams(search) : search, declared.query).key : path
    const page = this.get(key, now)
    if (page) this.hits++
    else this.misses++
    return page
  }

  /** Marks the start of a render; pass the token to store(). */
  begin(): number {
    return this.generation
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.remove(key)
      return undefined
    }
    // Re-inserting moves the key to the end of the Map's order: the newest use.
    this.entries.delete(key)
    this.entries.set(key, entry)
    if (entry.open) {
      this.openEntries.delete(key)
      this.openEntries.set(key, entry)
    }
    return entry
  }

  /** Keeps a rendered page under its address unless one of its tags changed while it was being rendered. */
  store(address: PageAddress, page: PageToStore, token: number, now = Date.now()): CachedPage {
    const { key } = address
    const tags = [...new Set(page.tags)]
    const body = typeof page.body === 'string' ? Buffer.from(page.body) : page.body
    const entry: CachedPage = {
      body,
      gzip: compress(body, 'gzip'),
      br: compress(body, 'br'),
      etag: page.etag ?? strongEtag(body),
      contentType: page.contentType,
      cacheControl: page.cacheControl,
      tags,
      expiresAt: page.ttlMs ? now + page.ttlMs : null,
      bytes: 0,
      articleId: page.articleId ?? null,
      lastModified: page.lastModified ?? null,
      path: address.path,
      open: address.open,
    }
    entry.bytes = entry.body.length + entry.gzip.length + entry.br.length + key.length
    const stale = token < this.forgottenBefore || tags.some((tag) => (this.invalidatedAt.get(tag) ?? -1) >= token)
    if (stale || entry.bytes > (entry.open ? this.maxOpenBytes : this.maxBytes)) return entry
    this.remove(key)
    this.entries.set(key, entry)
    this.usedBytes += entry.bytes
    if (entry.open) {
      this.openEntries.set(key, entry)
      this.openBytes += entry.bytes
    }
    const declared = this.queryByPath.get(address.path)
    // One route serves a path, so its declaration stays the same; the newest wins all the same.
    this.queryByPath.set(address.path, { query: address.query, entries: (declared?.entries ?? 0) + 1 })
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag)
      if (!keys) this.keysByTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    this.evict()
    return entry
  }

  invalidate(tags: readonly string[]): number {
    const generation = this.generation++
    let removed = 0
    for (const tag of tags) {
      this.invalidatedAt.set(tag, generation)
      for (const key of [...(this.keysByTag.get(tag) ?? [])]) removed += this.remove(key) ? 1 : 0
    }
    // The memory of invalidations only matters to renders in flight; past a bound, forget it and
    // refuse to keep any render that started before now instead.
    if (this.invalidatedAt.size > 100_000) {
      this.invalidatedAt.clear()
      this.forgottenBefore = this.generation
    }
    return removed
  }

  clear(): void {
    this.invalidate([...this.keysByTag.keys()])
  }

  private get maxOpenBytes(): number {
    return Math.floor(this.maxBytes * openShare)
  }

  private evict(): void {
    for (const key of this.openEntries.keys()) {
      if (this.openBytes <= this.maxOpenBytes) break
      this.remove(key)
    }
    for (const key of this.entries.keys()) {
      if (this.usedBytes <= this.maxBytes) break
      this.remove(key)
    }
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key)
    if (!entry) return false
    this.entries.delete(key)
    this.usedBytes -= entry.bytes
    if (entry.open) {
      this.openEntries.delete(key)
      this.openBytes -= entry.bytes
    }
    const declared = this.queryByPath.get(entry.path)
    if (declared && --declared.entries === 0) this.queryByPath.delete(entry.path)
    for (const tag of entry.tags) {
      const keys = this.keysByTag.get(tag)
      keys?.delete(key)
      if (keys && !keys.size) this.keysByTag.delete(tag)
    }
    return true
  }
}

/** Answers from a cached page: 304 on a matching ETag, otherwise the body in the best encoding the client takes. */
export function sendCachedPage(c: Context, page: CachedPage, state: 'hit' | 'miss'): Response {
  const headers = cachedPageHeaders(page, state)
  if (isNotModified((name) => c.req.header(name), page.etag, page.lastModified)) return c.body(null, 304, headers)
  const encoding = chooseEncoding(c.req.header('accept-encoding'))
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding
  // Hono drops the body of a HEAD answer itself; the length stays that of the GET.
  return c.body(new Uint8Array(cachedBody(page, encoding)), 200, headers)
}

export function cachedBody(page: CachedPage, encoding: 'br' | 'gzip' | 'identity'): Buffer {
  return encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.body
}

/** The headers every answer from a cached page carries (before its encoding). */
export function cachedPageHeaders(page: CachedPage, state: 'hit' | 'miss'): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': page.contentType,
    'Cache-Control': page.cacheControl,
    ETag: page.etag,
    Vary: 'Accept-Encoding',
    'X-Render-Cache': state,
    // For a CDN or Varnish in front: purge by these keys (README, "Behind a CDN or Varnish").
    'Surrogate-Key': page.tags.join(' '),
  }
  if (page.lastModified) headers['Last-Modified'] = page.lastModified.toUTCString()
  return headers
}


/** Serves cached public pages before any route runs; a miss notes when its render began. */
export function renderCacheLookup(cache: RenderCache, isPublicPath: (path: string) => boolean, onHit?: (c: Context, page: CachedPage) => void): MiddlewareHandler {
  return async function renderCacheLookup(c, next) {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !isPublicPath(c.req.path)) return next()
    const url = c.req.url
    const page = cache.lookup(c.req.path, url.includes('?') ? new URL(url).searchParams : '')
    if (page) {
      onHit?.(c, page)
      return sendCachedPage(c, page, 'hit')
    }
    renderTokens.set(c.req.raw, cache.begin())
    return next()
  }
}

const renderTokens = new WeakMap<Request, number>()

/** When this request's render began, as a cache token; a request the lookup never saw began just now. */
export function renderTokenOf(c: Context, cache: RenderCache): number {
  return renderTokens.get(c.req.raw) ?? cache.begin()
}

/**
 * Whether a query string as sent certainly holds none of the page's parameters, so its key is the
 * path: the common click from a newsletter or social network (`?utm_source=…`, `?fbclid=…`) then
 * costs no parsing. Conservative: an escape (`%`) could spell a name, so it and any text containing
 * a declared name go the full way through URLSearchParams.
 */
function namesNone(search: string | URLSearchParams, query: PageQuery): boolean {
  if (typeof search !== 'string' || search.includes('%')) return false
  for (const name in query.params) if (search.includes(name)) return false
  return true
}
