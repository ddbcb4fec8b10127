import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['url', 'item', 'image:image', 'category'].includes(name) })
const demoUrl = 'http://gazette.test/articles/us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq'

describe.each(await databaseTargets())('feeds and sitemaps on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target)
    await buildArticle(server.database.db, { headline: 'Draft that must not leak', draft: true })
    await buildArticle(server.database.db, {
      headline: 'Harbour reopens after storm',
      dek: 'Ferries run again from Monday.',
      section: 'World',
      author: 'Sam Writer',
      publishedAt: '2021-05-01T08:00:00Z',
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('publishes an RSS 2.0 feed with full text, newest first, and no drafts', async () => {
    const res = await server.get('/rss.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    expect(res.headers.get('last-modified')).toBeTruthy()
    const body = await res.text()
    const doc = xml.parse(body)
    expect(doc.rss['@_version']).toBe('2.0')
    const channel = doc.rss.channel
    expect(channel.title).toBe('The Gazette')
    expect(channel.link).toBe('http://gazette.test/')
    const items = channel.item
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Harbour reopens after storm', 'US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq'])
    const demo = items[1]
    expect(demo.link).toBe(demoUrl)
    expect(demo.guid['#text'] ?? demo.guid).toBe(demoUrl)
    expect(new Date(demo.pubDate).toISOString()).toBe('2020-01-21T09:00:00.000Z')
    expect(demo['content:encoded']).toContain('The US says it stays focused on supporting Iraq')
    expect(items[0].description).toBe('Ferries run again from Monday.')
    expect(body).not.toContain('Draft that must not leak')
  })

  it('publishes sitemap.xml as an index whose children list every public page, with lastmod and image entries', async () => {
    const res = await server.get('/sitemap.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const index = xml.parse(await res.text())
    expect(index.sitemapindex['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    // The children in detail: test/sitemaps.test.ts.
    const urls: { loc: string; lastmod?: string; 'image:image'?: { 'image:loc': string }[] }[] = []
    for (const child of [index.sitemapindex.sitemap].flat() as { loc: string }[]) {
      const doc = xml.parse(await (await server.get(child.loc.replace('http://gazette.test', ''))).text())
      if (child.loc.includes('/articles-')) expect(doc.urlset['@_xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1')
      urls.push(...doc.urlset.url)
    }
    const locs = urls.map((u) => u.loc)
    expect(locs).toEqual(expect.arrayContaining(['http://gazette.test/', 'http://gazette.test/section/politics', 'http://gazette.test/tag/iraq', 'http://gazette.test/author/news-desk', demoUrl]))
    const demo = urls.find((u) => u.loc === demoUrl)
    expect(demo?.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(demo?.['image:image']?.[0]?.['image:loc']).toBe('http://gazette.test/media/demo/war-concept.jpg')
    expect(locs.some((l) => l.includes('draft-that-must-not-leak'))).toBe(false)
  })

  it('names the sitemaps in robots.txt', async () => {
    const res = await server.get('/robots.txt')
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('Sitemap: http://gazette.test/sitemap.xml')
    expect(body).toContain('Sitemap: http://gazette.test/sitemap-news.xml')
  })
})
