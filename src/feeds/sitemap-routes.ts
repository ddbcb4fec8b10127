import type { Readable } from 'node:stream'
import { Hono, type Context } from 'hono'
import type { Config } from '../config.ts'
import { changeTags } from '../content/changes/index.ts'
import { getSiteSettings } from '../content/settings/index.ts'
import { archiveStats, listNewsArticles, monthRange, publicationRangeStats, publishedMonthStats, type Month, type MonthStats, taxonomyKinds, taxonomyStats, type TaxonomyKind, type TaxonomyStats } from '../content/published/index.ts'
import { toTimestamp } from '../content/shared/index.ts'
import type { Database } from '../db/connection.ts'
import { NotFoundError } from '../errors.ts'
import { sendCacheableStream, sendCachedPath } from '../http/cached-response.ts'
import type { RenderCache } from '../http/render-cache.ts'
import type { TaggedMemo } from '../http/tagged-memo.ts'
import { feedCache } from '../http/responses.ts'
import { weakEtag } from '../http/send-stream.ts'
import { sendText } from '../http/send.ts'
import type { Logger } from '../logger.ts'
import { newsLanguage } from './news-language.ts'
import { defaultSitemapLimits, newsWindowMs, parseChildSitemap, partCount, type ChildSitemap, type SitemapLimits } from './sitemap-files.ts'
import { articleMonthItems, newsItems, pageItems, sitemapIndexItems, taxonomyItems } from './sitemap-sources.ts'
import { emptyUrlsetXml, sitemapIndexXml, urlsetXml } from './sitemap-xml.ts'

export type SitemapDeps = {
  database: Pick<Database, 'db'>
  config: Pick<Config, 'siteUrl'>
  logger: Logger
  renderCache?: RenderCache | null
  /** Each month's count and newest change for the index, kept until a change names the month. */
  sitemapMonths?: TaggedMemo<MonthStats> | null
}

const xmlType = 'application/xml; charset=utf-8'

/** The index (a line per file) and the news sitemap (at most 1,000 URLs) are small by construction. */
const smallSitemapCacheBytes = 2 * 1024 * 1024

/** What a child sitemap shows: a month file, that month's stories; the others, dates from the whole archive. */
function childTags(child: ChildSitemap): string[] {
  return [child.kind === 'articles' ? changeTags.archiveMonth(child.month) : changeTags.archive]
}

type XmlResponse = { facts: unknown[]; lastModified: string | null; tags: string[]; open: () => Readable; expiresAt?: number; maxBytes?: number }

/**
 * `/sitemap.xml` (an index), its children under `/sitemaps/`, the Google News sitemap
 * `/sitemap-news.xml` and `/robots.txt`, which names both. Every sitemap is streamed; its ETag and
 * Last-Modified come from counts and newest change times read before the body (see
 * docs/architecture.md, "Sitemaps"). One that ends within its cap is also kept in the render cache,
 * tagged with what it shows. `limits` is a parameter so tests can split with a small cap.
 */
export function sitemapRoutes(deps: SitemapDeps, limits: SitemapLimits = defaultSitemapLimits) {
  const { db } = deps.database
  const { siteUrl } = deps.config
  const app = new Hono()

  const { cacheBytes = defaultSitemapLimits.cacheBytes, ...fileLimits } = limits

  function sendXml(c: Context, { facts, lastModified, tags, open, expiresAt, maxBytes = cacheBytes }: XmlResponse) {
    return sendCacheableStream(c, deps.renderCache ?? null, {
      contentType: xmlType,
      cacheControl: feedCache,
      etag: weakEtag([...facts, fileLimits]),
      lastModified: lastModified ? new Date(lastModified) : null,
      tags,
      open,
      onError: (err) => deps.logger.error({ err, path: c.req.path }, 'sitemap cut short'),
      maxBytes,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    })
  }

  // A query string changes nothing in a sitemap: it is answered from the path's copy.
  for (const path of ['/sitemap.xml', '/sitemaps/:file', '/sitemap-news.xml']) {
    app.use(path, async function cachedSitemap(c, next) {
      return sendCachedPath(c, deps.renderCache ?? null) ?? next()
    })
  }

  app.get('/sitemap.xml', async (c) => {
    const [archive, taxonomy] = await Promise.all([archiveStats(db), allTaxonomyStats()])
    const facts = { archive, taxonomy }
    const memo = deps.sitemapMonths
    const monthStats = memo ? (month: Month) => memo.get(month, [changeTags.archiveMonth(month)], () => publishedMonthStats(db, month)) : undefined
    const open = () => sitemapIndexXml(sitemapIndexItems(db, siteUrl, facts, limits, monthStats))
    // Every file's lastmod is in it: any change to a visible story changes it.
    return sendXml(c, { facts: ['index', facts], lastModified: archive.changedAt, tags: [changeTags.archive], open, maxBytes: smallSitemapCacheBytes })
  })

  app.get('/sitemaps/:file', async (c) => {
    const child = parseChildSitemap(c.req.param('file'))
    if (!child) throw new NotFoundError('There is no such sitemap.')
    const tags = childTags(child)
    if (child.kind === 'pages') {
      const archive = await archiveStats(db)
      return sendXml(c, { facts: ['pages', archive], lastModified: archive.changedAt, tags, open: () => urlsetXml(pageItems(siteUrl, archive.lastmod), {}) })
    }
    if (child.kind === 'articles') {
      const { month, part } = child
      const stats = await publicationRangeStats(db, monthRange(month))
      requirePart(part, stats.count)
      const open = () => urlsetXml(articleMonthItems(db, siteUrl, month, part, limits), { image: true })
      return sendXml(c, { facts: ['articles', month, part, stats], lastModified: stats.changedAt, tags, open })
    }
    const { kind, part } = child
    // A listing changes with any story filed under it, so the archive's newest change stands for all.
    const [stats, archive] = await Promise.all([taxonomyStats(db, kind), archiveStats(db)])
    requirePart(part, stats.count)
    const open = () => urlsetXml(taxonomyItems(db, siteUrl, kind, part, limits), {})
    return sendXml(c, { facts: [kind, part, stats, archive], lastModified: archive.changedAt, tags, open })
  })

  app.get('/sitemap-news.xml', async (c) => {
    const now = Date.now()
    const since = toTimestamp(new Date(now - newsWindowMs))
    const [settings, stats, articles] = await Promise.all([getSiteSettings(db), publicationRangeStats(db, { from: since }), listNewsArticles(db, since, limits.newsUrls)])
    const publication = { name: settings.name, language: newsLanguage(settings.language) }
    const oldest = articles.at(-1)
    return sendXml(c, {
      // No Last-Modified: the file also changes when a story ages out of the window, which no stored
      // time records; the ETag does, through the count, and the cached copy expires then.
      facts: ['news', publication, stats],
      lastModified: null,
      // With `site` (added for every kept response): the publication's name and language. A listed
      // story's edit announces its month: a tag or two, where one per story could make Surrogate-Key
      // longer than a cache in front accepts (Varnish: 8 KB).
      tags: [changeTags.allLists, ...new Set(articles.map((article) => changeTags.archiveMonth(article.publishedAt.slice(0, 7))))],
      open: () => (articles.length ? urlsetXml(newsItems(siteUrl, articles, publication), { news: true }) : emptyUrlsetXml({ news: true })),
      ...(oldest ? { expiresAt: Date.parse(oldest.publishedAt) + newsWindowMs } : {}),
      maxBytes: smallSitemapCacheBytes,
    })
  })

  app.get('/robots.txt', (c) => {
    const body = `User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: ${siteUrl}/sitemap.xml\nSitemap: ${siteUrl}/sitemap-news.xml\n`
    return sendText(c, { body, contentType: 'text/plain; charset=utf-8', cacheControl: feedCache })
  })

  async function allTaxonomyStats(): Promise<Record<TaxonomyKind, TaxonomyStats>> {
    const stats = await Promise.all(taxonomyKinds.map((kind) => taxonomyStats(db, kind)))
    return Object.fromEntries(taxonomyKinds.map((kind, i) => [kind, stats[i]])) as Record<TaxonomyKind, TaxonomyStats>
  }

  function requirePart(part: number, count: number) {
    // An empty month or kind, or a part past the end, is not a sitemap: 404 rather than an empty file.
    if (part > partCount(count, limits.urlsPerFile)) throw new NotFoundError('There is no such sitemap.')
  }

  return app
}
