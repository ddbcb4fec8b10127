import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../src/errors.ts'
import { sitemapRoutes } from '../src/feeds/sitemap-routes.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { hoursAgo, newest, readSitemap, type SitemapUrl } from './helpers/sitemaps.ts'

const site = 'http://gazette.test'
/** Small enough that a handful of stories needs several files; one row per query exercises the keyset walk. */
const limits = { urlsPerFile: 2, newsUrls: 2, batchSize: 1 }

/**
 * The per-file caps are parameters of `sitemapRoutes`: here the routes run over the test server's
 * database with tiny caps, so splitting is proved without 50,001 stories.
 */
describe.each(await databaseTargets())('sitemaps split with a small cap on $name', (target) => {
  let server: TestServer
  let app: Hono
  const get = (path: string) => Promise.resolve(app.request(path))
  const marchSlugs: string[] = []

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    const sections = ['World', 'Business', 'Science']
    for (let day = 1; day <= 5; day++) {
      const { slug } = await buildArticle(db, {
        headline: `March story ${day}`,
        section: sections[day % sections.length],
        tags: [`Topic ${day}`],
        // Two stories share a publication time: (published_at, id) keeps their order and the split exact.
        publishedAt: `2019-03-0${Math.min(day, 4)}T08:00:00Z`,
      })
      marchSlugs.push(slug)
    }
    for (const hours of [3, 1, 2]) await buildArticle(db, { headline: `Fresh ${hours}h`, publishedAt: hoursAgo(hours) })
    app = new Hono()
    app.route('/', sitemapRoutes({ database: server.database, config: { siteUrl: site }, logger: server.logger }, limits))
    app.onError((err, c) => c.text(err.message, err instanceof AppError ? (err.status as 404) : 500))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('splits a month into files of at most the cap, in publication order, each with its own lastmod', async () => {
    const index = await readSitemap(get, '/sitemap.xml')
    const march = index.entries.filter((e) => e.loc.includes('articles-2019-03'))
    expect(march.map((e) => e.loc)).toEqual(['', '-2', '-3'].map((part) => `${site}/sitemaps/articles-2019-03${part}.xml`))
    const listed: SitemapUrl[] = []
    for (const entry of march) {
      const child = await readSitemap(get, entry.loc.slice(site.length))
      expect(child.urls.length).toBeLessThanOrEqual(limits.urlsPerFile)
      expect(entry.lastmod, entry.loc).toBe(newest(child.urls.map((u) => u.lastmod)))
      listed.push(...child.urls)
    }
    expect(listed.map((u) => u.loc)).toEqual(marchSlugs.map((slug) => `${site}/articles/${slug}`))
    expect((await get('/sitemaps/articles-2019-03-4.xml')).status).toBe(404)
  })

  it('splits sections, topics and authors the same way and keeps every file within the cap', async () => {
    const index = await readSitemap(get, '/sitemap.xml')
    const locs = index.entries.map((e) => e.loc)
    expect(locs).toEqual(expect.arrayContaining([`${site}/sitemaps/sections.xml`, `${site}/sitemaps/sections-2.xml`, `${site}/sitemaps/tags-3.xml`]))
    expect(locs).not.toContain(`${site}/sitemaps/sections-3.xml`)
    const sections: string[] = []
    for (const loc of locs) {
      const child = await readSitemap(get, loc.slice(site.length))
      expect(child.urls.length, loc).toBeGreaterThan(0)
      // pages.xml is a fixed handful of addresses (home, /sitemap, /trending), never split.
      if (!loc.endsWith('/pages.xml')) expect(child.urls.length, loc).toBeLessThanOrEqual(limits.urlsPerFile)
      if (loc.includes('/sections')) sections.push(...child.urls.map((u) => u.loc))
    }
    expect(sections.sort()).toEqual(['business', 'science', 'world'].map((slug) => `${site}/section/${slug}`))
    expect((await get('/sitemaps/sections-3.xml')).status).toBe(404)
  })

  it('keeps the news sitemap to its cap, newest first', async () => {
    const news = await readSitemap(get, '/sitemap-news.xml')
    expect(news.urls.map((u) => u['news:news']?.['news:title'])).toEqual(['Fresh 1h', 'Fresh 2h'])
  })
})
