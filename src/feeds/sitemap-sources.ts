import type { IndexItem, SitemapItemLoose } from 'sitemap'
import {
  articleKeyBefore,
  articlePartLastmod,
  listArticleMonths,
  listSitemapArticles,
  monthRange,
  type Month,
  type MonthStats,
  type SitemapArticle,
  type SliceStats,
} from '../content/published/index.ts'
import { listTaxonomyEntries, taxonomyIdBefore, taxonomyKinds, type TaxonomyKind, type TaxonomyStats } from '../content/published/index.ts'
import type { Db } from '../db/connection.ts'
import { paths } from '../http/paths.ts'
import { childSitemapPath, partCount, type SitemapLimits } from './sitemap-files.ts'
import { articleSitemapItem, newsSitemapItem, type NewsPublication } from './sitemap-xml.ts'

/**
 * What each sitemap lists, read from the database in keyset batches as the output is consumed:
 * at most one batch of rows is held at a time, however many URLs a file has.
 */

/** Stories of one month file (`part` counts from 1), oldest first. */
export async function* articleMonthItems(db: Db, siteUrl: string, month: Month, part: number, limits: SitemapLimits): AsyncGenerator<SitemapItemLoose> {
  const range = monthRange(month)
  let after = await articleKeyBefore(db, range, (part - 1) * limits.urlsPerFile)
  if (part > 1 && !after) return
  let remaining = limits.urlsPerFile
  while (remaining > 0) {
    const limit = Math.min(limits.batchSize, remaining)
    const batch = await listSitemapArticles(db, range, { after, limit })
    for (const article of batch) yield articleSitemapItem(siteUrl, article)
    const last = batch.at(-1)
    if (!last || batch.length < limit) return
    remaining -= batch.length
    after = { publishedAt: last.publishedAt, id: last.id }
  }
}

const taxonomyPaths: Record<TaxonomyKind, (slug: string) => string> = { sections: paths.section, tags: paths.tag, authors: paths.author }

/** Entries per query: each costs a lookup per story filed under it, so batches stay short. */
const taxonomyBatchSize = 100

/** Section, topic or author pages of one file, in id order. */
export async function* taxonomyItems(db: Db, siteUrl: string, kind: TaxonomyKind, part: number, limits: SitemapLimits): AsyncGenerator<SitemapItemLoose> {
  let afterId = await taxonomyIdBefore(db, kind, (part - 1) * limits.urlsPerFile)
  if (afterId === null) return
  let remaining = limits.urlsPerFile
  while (remaining > 0) {
    const limit = Math.min(limits.batchSize, taxonomyBatchSize, remaining)
    const batch = await listTaxonomyEntries(db, kind, { afterId, limit })
    for (const entry of batch) yield { url: siteUrl + taxonomyPaths[kind](entry.slug), ...(entry.lastmod ? { lastmod: entry.lastmod } : {}) }
    const last = batch.at(-1)
    if (!last || batch.length < limit) return
    remaining -= batch.length
    afterId = last.id
  }
}

/** The front page and the HTML sitemap: both change whenever any story does. */
export function pageItems(siteUrl: string, lastmod: string | null): SitemapItemLoose[] {
  const withLastmod = lastmod ? { lastmod } : {}
  return [
    { url: siteUrl + paths.home(), ...withLastmod },
    { url: siteUrl + paths.sitemap(), ...withLastmod },
    // Trending changes by the hour; its lastmod would say little, so it has none.
    { url: siteUrl + paths.trending() },
  ]
}

/** The news sitemap: its stories (at most `newsUrls`, read in one query before the file is sent), newest first. */
export function newsItems(siteUrl: string, articles: SitemapArticle[], publication: NewsPublication): SitemapItemLoose[] {
  return articles.map((article) => newsSitemapItem(siteUrl, article, publication))
}

export type IndexFacts = { archive: SliceStats; taxonomy: Record<TaxonomyKind, TaxonomyStats> }

/**
 * The index: pages, then each kind's files, then the month files newest first, each with the newest
 * `updated_at` it lists. A kind split over several files gives each the kind's newest time (finding
 * each file's own would read every story of every page; an early lastmod only costs a crawl).
 */
export async function* sitemapIndexItems(db: Db, siteUrl: string, facts: IndexFacts, limits: SitemapLimits, monthStats?: (month: Month) => Promise<MonthStats>): AsyncGenerator<IndexItem> {
  const entry = (path: string, lastmod: string | null): IndexItem => ({ url: siteUrl + path, ...(lastmod ? { lastmod } : {}) })
  yield entry(childSitemapPath({ kind: 'pages', part: 1 }), facts.archive.lastmod)
  for (const kind of taxonomyKinds) {
    const stats = facts.taxonomy[kind]
    for (let part = 1; part <= partCount(stats.count, limits.urlsPerFile); part++) yield entry(childSitemapPath({ kind, part }), stats.lastmod)
  }
  for await (const { month, count, lastmod } of listArticleMonths(db, monthStats)) {
    const parts = partCount(count, limits.urlsPerFile)
    if (parts === 1) {
      yield entry(childSitemapPath({ kind: 'articles', month, part: 1 }), lastmod)
      continue
    }
    for (let part = 1; part <= parts; part++) {
      const partLastmod = await articlePartLastmod(db, monthRange(month), (part - 1) * limits.urlsPerFile, limits.urlsPerFile)
      yield entry(childSitemapPath({ kind: 'articles', month, part }), partLastmod)
    }
  }
}
