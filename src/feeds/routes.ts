import { Hono } from 'hono'
import { listFeedArticles, listPublishedUrls } from '../content/article-queries.ts'
import { listAuthors } from '../content/authors.ts'
import { listSections } from '../content/sections.ts'
import { listTagsInUse } from '../content/tags.ts'
import type { AppDeps } from '../http/deps.ts'
import { feedCache } from '../http/responses.ts'
import { sendText } from '../http/send.ts'
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
    return sendText(c, {
      body: renderRss(chrome, articles),
      contentType: 'application/rss+xml; charset=utf-8',
      cacheControl: feedCache,
      headers: latest ? { 'Last-Modified': new Date(latest.updatedAt).toUTCString() } : {},
    })
  })

  app.get('/sitemap.xml', async (c) => {
    const [sections, tags, authors] = await Promise.all([listSections(db), listTagsInUse(db), listAuthors(db)])
    const fixed = 1 + sections.length + tags.length + authors.length
    const articles = await listPublishedUrls(db, Math.max(0, sitemapUrlLimit - fixed))
    const xml = await renderSitemapXml(siteUrl, { sections, tags, authors, articles })
    return sendText(c, { body: xml, contentType: 'application/xml; charset=utf-8', cacheControl: feedCache })
  })

  app.get('/robots.txt', (c) => {
    const body = `User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: ${siteUrl}/sitemap.xml\n`
    return sendText(c, { body, contentType: 'text/plain; charset=utf-8', cacheControl: feedCache })
  })

  return app
}
