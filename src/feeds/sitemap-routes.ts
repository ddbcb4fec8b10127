import type { Readable } from 'node:stream'
import { Hono, type Context } from 'hono'
import type { Config } from '../config.ts'
import { getSiteSettings } from '../content/settings.ts'
import { archiveStats, monthRange, publicationRangeStats } from '../content/sitemap-queries.ts'
import { taxonomyKinds, taxonomyStats, type TaxonomyKind, type TaxonomyStats } from '../content/sitemap-taxonomy-queries.ts'
import { toTimestamp } from '../content/time.ts'
import type { Database } from '../db/connection.ts'
import { NotFoundError } from '../errors.ts'
import { feedCache } from '../http/responses.ts'
import { sendStream, weakEtag } from '../http/send-stream.ts'
import { sendText } from '../http/send.ts'
import type { Logger } from '../logger.ts'
import { newsLanguage } from './news-language.ts'
import { defaultSitemapLimits, newsWindowMs, parseChildSitemap, partCount, type SitemapLimits } from './sitemap-files.ts'
import { articleMonthItems, newsItems, pageItems, sitemapIndexItems, taxonomyItems } from './sitemap-sources.ts'
import { emptyUrlsetXml, sitemapIndexXml, urlsetXml } from './sitemap-xml.ts'

export type SitemapDeps = { database: Pick<Database, 'db'>; config: Pick<Config, 'siteUrl'>; logger: Logger }

const xmlType = 'application/xml; charset=utf-8'

/**
 * `/sitemap.xml` (an index), its children under `/sitemaps/`, the Google News sitemap
 * `/sitemap-news.xml` and `/robots.txt`, which names both. Every sitemap is streamed; its ETag and
 * Last-Modified come from counts and newest change times read before the body (see
 * docs/architecture.md, "Sitemaps"). `limits` is a parameter so tests can split with a small cap.
 */
export function sitemapRoutes(deps: SitemapDeps, limits: SitemapLimits = defaultSitemapLimits) {
  const { db } = deps.database
  const { siteUrl } = deps.config
  const app = new Hono()

  function sendXml(c: Context, facts: unknown[], lastModified: string | null, open: () => Readable) {
    return sendStream(c, {
      contentType: xmlType,
      cacheControl: feedCache,
      etag: weakEtag([...facts, limits]),
      lastModified: lastModified ? new Date(lastModified) : null,
      open,
      onError: (err) => deps.logger.error({ err, path: c.req.path }, 'sitemap cut short'),
    })
  }

  app.get('/sitemap.xml', async (c) => {
    const [archive, taxonomy] = await Promise.all([archiveStats(db), allTaxonomyStats()])
    const facts = { archive, taxonomy }
    return sendXml(c, ['index', facts], archive.changedAt, () => sitemapIndexXml(sitemapIndexItems(db, siteUrl, facts, limits)))
  })

  app.get('/sitemaps/:file', async (c) => {
    const child = parseChildSitemap(c.req.param('file'))
    if (!child) throw new NotFoundError('There is no such sitemap.')
    if (child.kind === 'pages') {
      const archive = await archiveStats(db)
      return sendXml(c, ['pages', archive], archive.changedAt, () => urlsetXml(pageItems(siteUrl, archive.lastmod), {}))
    }
    if (child.kind === 'articles') {
      const { month, part } = child
      const stats = await publicationRangeStats(db, monthRange(month))
      requirePart(part, stats.count)
      return sendXml(c, ['articles', month, part, stats], stats.changedAt, () => urlsetXml(articleMonthItems(db, siteUrl, month, part, limits), { image: true }))
    }
    const { kind, part } = child
    // A listing changes with any story filed under it, so the archive's newest change stands for all.
    const [stats, archive] = await Promise.all([taxonomyStats(db, kind), archiveStats(db)])
    requirePart(part, stats.count)
    return sendXml(c, [kind, part, stats, archive], archive.changedAt, () => urlsetXml(taxonomyItems(db, siteUrl, kind, part, limits), {}))
  })

  app.get('/sitemap-news.xml', async (c) => {
    const since = toTimestamp(new Date(Date.now() - newsWindowMs))
    const [settings, stats] = await Promise.all([getSiteSettings(db), publicationRangeStats(db, { from: since })])
    const publication = { name: settings.name, language: newsLanguage(settings.language) }
    // No Last-Modified: the file also changes when a story ages out of the window, which no stored
    // time records; the ETag does, through the count.
    return sendXml(c, ['news', publication, stats], null, () =>
      stats.count ? urlsetXml(newsItems(db, siteUrl, since, publication, limits), { news: true }) : emptyUrlsetXml({ news: true }),
    )
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
