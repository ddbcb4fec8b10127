import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { cachedBody, cachedPageHeaders, type CachedPage, type RenderCache } from './render-cache.ts'
import { chooseEncoding, isNotModified } from './send.ts'

export type CachedPageLaneOptions = {
  cache: RenderCache
  isPublicPath(path: string): boolean
  /** The security headers the app's middleware would add (public pages' policy). */
  securityHeaders: readonly [string, string][]
  /** A story served from memory is still a read (Trending). */
  onHit?(page: CachedPage, userAgent: string | undefined): void
}

type Encoding = 'br' | 'gzip' | 'identity'
type PreparedHeaders = Record<Encoding | 'notModified', Record<string, string>>

/**
 * Most reader requests are a GET of a page already in the render cache. Answering those on node:http
 * directly, before Hono builds a Request, a Response and its Headers, more than doubles how many the
 * server answers per second (see the benchmark). The answer is the one the app would give: the same
 * headers (built by the same functions, once per cached page), the same 304 rules, the same read
 * counted. A query string is read as the app reads it: the page's declared parameters make the key
 * and the rest (`?fbclid=…`, `?utm_source=…`) is ignored, so a click from a social network is a hit
 * here too. Anything else — an odd path or query, HEAD, a miss — goes to the app unchanged.
 */
export function withCachedPageLane(options: CachedPageLaneOptions, app: RequestListener): RequestListener {
  const prepared = new WeakMap<CachedPage, PreparedHeaders>()
  const headersOf = (page: CachedPage): PreparedHeaders => {
    let headers = prepared.get(page)
    if (!headers) {
      const base = { ...cachedPageHeaders(page, 'hit'), ...Object.fromEntries(options.securityHeaders) }
      headers = {
        identity: { ...base, 'Content-Length': String(page.body.length) },
        gzip: { ...base, 'Content-Encoding': 'gzip', 'Content-Length': String(page.gzip.length) },
        br: { ...base, 'Content-Encoding': 'br', 'Content-Length': String(page.br.length) },
        notModified: base,
      }
      prepared.set(page, headers)
    }
    return headers
  }
  return function cachedPageLane(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? ''
    const mark = url.indexOf('?')
    const path = mark === -1 ? url : url.slice(0, mark)
    const search = mark === -1 ? '' : url.slice(mark + 1)
    const plain = req.method === 'GET' && isPlainPath(path) && isPlainQuery(search) && options.isPublicPath(path)
    const page = plain ? options.cache.lookup(path, search) : undefined
    if (!page) return app(req, res)
    options.onHit?.(page, req.headers['user-agent'])
    const headers = headersOf(page)
    if (isNotModified((name) => headerValue(req, name), page.etag, page.lastModified)) {
      res.writeHead(304, headers.notModified)
      res.end()
      return
    }
    const encoding = chooseEncoding(req.headers['accept-encoding'])
    res.writeHead(200, headers[encoding])
    res.end(cachedBody(page, encoding))
  }
}

/**
 * A path the cache key would not rewrite: no percent-escapes, no dot or empty segments. The app's key
 * is the URL-normalized, unescaped path, which for these is the path itself.
 */
function isPlainPath(path: string): boolean {
  return /^\/[A-Za-z0-9\-_~/.]*$/.test(path) && !/\/\.|\/\/|\.\//.test(path)
}

/**
 * A query string URLSearchParams reads exactly as the app's URL parser leaves it: printable ASCII
 * without a space or a `#` (the app would take what follows `#` for a fragment).
 */
function isPlainQuery(search: string): boolean {
  return /^[!"$-~]*$/.test(search)
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
