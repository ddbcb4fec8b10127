import { Hono } from 'hono'
import { maxQueryLength, normalizeSearchQuery, searchArticles } from '../content/published/index.ts'
import type { AppDeps } from '../http/deps.ts'
import { pageQuery, readPageQuery, upTo } from '../http/page-query.ts'
import { maxPageLength, readPage, requireNonEmptyPage } from '../http/query.ts'
import { changeTags } from '../content/changes/index.ts'
import { teaserTags, volatilePageTtlMs } from './cache-tags.ts'
import { sendSitePage } from './render.tsx'
import { SearchPage, searchPath } from './views/search-page.tsx'

const pageSize = 10

/**
 * What a search page reads, and so its cache key: the query as search.ts reduces it (one line, at most
 * maxQueryLength characters; blank is no query) and the page number. Anyone can make up a query, so
 * results are kept in the cache's share for made-up keys.
 */
export const searchQuery = pageQuery({ q: (value) => normalizeSearchQuery(value) || undefined, page: upTo(maxPageLength + 1) }, ['q'])

/**
 * GET /search?q=…&page=N. Any text is a valid query (search.ts reduces it to plain words), so the only
 * 4xx answers are a malformed page number (400) and a page past the last result (404). A query with
 * no results is an ordinary 200 page. Cached like other public pages: a minute of staleness is fine.
 * A `q` longer than maxQueryLength is cut (the page shows, and is kept under, the cut query).
 */
export function searchRoutes(deps: AppDeps) {
  const { db, dialect } = deps.database
  const app = new Hono()

  app.get(searchPath, async function searchPage(c) {
    const query = readPageQuery(c, searchQuery)
    const page = readPage(query)
    // A repeated `q` uses the first; a missing or blank one shows the empty form.
    const rawQuery = query.q ?? ''
    const [chrome, results] = await Promise.all([
      deps.chrome(),
      rawQuery.trim() ? searchArticles(db, dialect, rawQuery, { page, pageSize }) : Promise.resolve(null),
    ])
    requireNonEmptyPage(page, results?.items.length ?? 0)
    // Any edit can change what matches: besides the stories shown, results are kept only a minute.
    const tags = [changeTags.allLists, ...teaserTags((results?.items ?? []).map((hit) => hit.article))]
    return sendSitePage(c, deps, <SearchPage chrome={chrome} results={results} maxQueryLength={maxQueryLength} />, { tags, ttlMs: volatilePageTtlMs, query: searchQuery })
  })

  return app
}
