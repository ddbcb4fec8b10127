import { Hono } from 'hono'
import { listFeedArticles, listPublishedUrls } from '../content/article-queries.ts'
import { listAuthors } from '../content/authors.ts'
import { listSections } from '../content/sections.ts'
import { listTagsInUse } from '../content/tags.ts'
import type { AppDeps } from '../http/deps.ts'
import { feedCache } from '../http/responses.ts'
import { renderRss } from './rss.ts'
import { renderSitemapXml } from './sitemap-xml.ts'

/** The most a single urlset may list (sitemaps.org). */
const sitemapUrlLimit = 50_000
const feedSize = 30

export function feedRoutes(deps: AppDeps) {
  const { db } = deps.database
  const { siteUrl } = deps.config
  const app = new Hono()

  app.get('/rss.xml', async (c) => {
    const [chrome, articles] = await Promise.all([deps.chrome(), listFeedArticles(db, feedSize)])
    const latest = articles[0]
    if (latest) c.header('Last-Modified', new Date(latest.updatedAt).toUTCString())
    c.header('Cache-Control', feedCache)
    return c.body(renderRss(chrome, articles), 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' })
  })

  app.get('/sitemap.xml', async (c) => {
    const [sections, tags, authors] = await Promise.all([listSections(db), listTagsInUse(db), listAuthors(db)])
    const fixed = 1 + sections.length + tags.length + authors.length
    const articles = await listPublishedUrls(db, Math.max(0, sitemapUrlLimit - fixed))
    const xml = await renderSitemapXml(siteUrl, { sections, tags, authors, articles })
    c.header('Cache-Control', feedCache)
    return c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' })
  })

  app.get('/robots.txt', (c) => {
    c.header('Cache-Control', feedCache)
    return c.text(`User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: ${siteUrl}/sitemap.xml\n`)
  })

  return app
}
