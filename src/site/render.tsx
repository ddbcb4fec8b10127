import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { changeTags } from '../content/changes/index.ts'
import type { AppDeps } from '../http/deps.ts'
import { noQuery, requestAddress, type PageQuery } from '../http/page-query.ts'
import { renderTokenOf, sendCachedPage } from '../http/render-cache.ts'
import { publicPageCache, renderHtml, sendPage } from '../http/responses.ts'
import { ThemeOverridesProvider } from '../http/theme/overrides.ts'

export type SitePageOptions = {
  status?: number
  cacheControl?: string
  /** What the page shows (content/changes.ts): with tags, a 200 page is kept in the render cache. */
  tags?: Iterable<string>
  /** For pages that follow view counts: kept at most this long even without a write. */
  ttlMs?: number
  /** The story on the page, whose reads are counted on cache hits too. */
  articleId?: number
  /**
   * The query parameters the page reads (through `readPageQuery` with the same declaration): they
   * and nothing else make its cache key. Without, the page reads none and its path is its key.
   */
  query?: PageQuery
}

/** Sends a public page rendered with the theme folder's overrides in place, through the render cache. */
export async function sendSitePage(c: Context, deps: Pick<AppDeps, 'theme' | 'renderCache'>, page: Child, options: SitePageOptions = {}) {
  const { status = 200, cacheControl = publicPageCache, tags, ttlMs, articleId, query = noQuery } = options
  const node = <ThemeOverridesProvider value={deps.theme}>{page}</ThemeOverridesProvider>
  const cache = deps.renderCache
  if (!cache || !tags || status !== 200) {
    const response = await sendPage(c, node, status, cacheControl)
    // Without the render cache, a CDN or Varnish in front still needs the tags to purge by.
    if (tags && status === 200) response.headers.set('Surrogate-Key', [changeTags.site, ...tags].join(' '))
    return response
  }
  const token = renderTokenOf(c, cache)
  const body = await renderHtml(node)
  const stored = cache.store(requestAddress(c, query), { body, contentType: 'text/html; charset=utf-8', cacheControl, tags: [changeTags.site, ...tags], ttlMs, articleId }, token)
  return sendCachedPage(c, stored, 'miss')
}
