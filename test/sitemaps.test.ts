import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { buildArticle, publishStory, unpublishStory } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { fetchGzipped } from './helpers/page-weight.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { hoursAgo, newest, readSitemap } from './helpers/sitemaps.ts'

const site = 'http://gazette.test'
const demoUrl = `${site}/articles/us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq`

describe.each(await databaseTargets())('XML sitemaps on $name', (target) => {
  let server: TestServer
  let freshId: number
  const get = (path: string) => server.get(path)

  beforeAll(async () => {
    server = await startTestServer(target)
    const { db } = server.database
    await buildArticle(db, { headline: 'Draft that must not leak', draft: true, publishedAt: '2021-05-03T08:00:00Z' })
    await buildArticle(db, { headline: 'Harbour reopens after storm', section: 'World', tags: ['Harbour'], publishedAt: '2021-05-01T08:00:00Z', featureImage: { url: '/media/harbour.jpg', alt: 'The harbour' } })
    await buildArticle(db, { headline: 'Ferries & <buses> return', section: 'Business', author: 'Sam Writer', publishedAt: '2021-05-20T08:00:00Z' })
    const takenDown = await buildArticle(db, { headline: 'Taken down later', publishedAt: '2021-05-10T08:00:00Z' })
    await unpublishStory(db, takenDown.id)
    await buildArticle(db, { headline: 'Three days old', publishedAt: hoursAgo(72) })
    await buildArticle(db, { headline: 'Yesterday’s vote', publishedAt: hoursAgo(30) })
    freshId = (await buildArticle(db, { headline: 'Council votes & <cheers>', publishedAt: hoursAgo(2) })).id
  })
  afterAll(async () => {
    await server?.close()
  })

  async function publishedRows() {
    return server.database.db.selectFrom('articles').select(['slug', 'published_at', 'updated_at']).where('status', '=', 'published').execute()
  }

  it('serves /sitemap.xml as an index of children split by type and month, each with its newest updated_at', async () => {
    const index = await readSitemap(get, '/sitemap.xml')
    expect(index.root.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    const byMonth = new Map<string, string[]>()
    for (const row of await publishedRows()) byMonth.set(String(row.published_at).slice(0, 7), [...(byMonth.get(String(row.published_at).slice(0, 7)) ?? []), row.updated_at])
    const monthEntries = index.entries.filter((e) => e.loc.includes('/sitemaps/articles-'))
    expect(monthEntries.map((e) => e.loc)).toEqual([...byMonth.keys()].sort().reverse().map((m) => `${site}/sitemaps/articles-${m}.xml`))
    for (const entry of monthEntries) {
      const month = /articles-(\d{4}-\d{2})\.xml$/.exec(entry.loc)?.[1] as string
      expect(entry.lastmod, entry.loc).toBe(newest(byMonth.get(month) ?? []))
    }
    expect(index.entries.map((e) => e.loc)).toEqual(expect.arrayContaining(['pages', 'sections', 'tags', 'authors'].map((kind) => `${site}/sitemaps/${kind}.xml`)))
    // The index's lastmod of every child is the newest lastmod inside it.
    for (const entry of index.entries) {
      const child = await readSitemap(get, entry.loc.slice(site.length))
      expect(entry.lastmod, entry.loc).toBe(newest(child.urls.map((u) => u.lastmod)))
    }
  })

  it('lists every published story exactly once across the month files, with lastmod and image entries', async () => {
    const index = await readSitemap(get, '/sitemap.xml')
    const urls = []
    for (const entry of index.entries.filter((e) => e.loc.includes('/sitemaps/articles-'))) {
      const child = await readSitemap(get, entry.loc.slice(site.length))
      expect(child.root['xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1')
      urls.push(...child.urls)
    }
    const expected = (await publishedRows()).map((r) => `${site}/articles/${r.slug}`)
    expect(urls.map((u) => u.loc).sort()).toEqual(expected.sort())
    expect(urls.every((u) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(u.lastmod ?? ''))).toBe(true)
    expect(urls.find((u) => u.loc === demoUrl)?.['image:image']?.[0]?.['image:loc']).toBe(`${site}/media/demo/war-concept.jpg`)
    expect(urls.find((u) => u.loc.endsWith('/harbour-reopens-after-storm'))?.['image:image']?.[0]?.['image:loc']).toBe(`${site}/media/harbour.jpg`)
    expect(urls.some((u) => /draft-that-must-not-leak|taken-down-later/.test(u.loc))).toBe(false)
  })

  it('lists the front page, the HTML sitemap and every section, topic and author with a published story', async () => {
    const locs = async (kind: string) => (await readSitemap(get, `/sitemaps/${kind}.xml`)).urls.map((u) => u.loc)
    expect(await locs('pages')).toEqual([`${site}/`, `${site}/sitemap`, `${site}/trending`])
    expect(await locs('sections')).toEqual(expect.arrayContaining([`${site}/section/politics`, `${site}/section/world`, `${site}/section/business`]))
    expect(await locs('tags')).toEqual(expect.arrayContaining([`${site}/tag/iraq`, `${site}/tag/harbour`]))
    expect(await locs('authors')).toEqual(expect.arrayContaining([`${site}/author/news-desk`, `${site}/author/sam-writer`]))
  })

  it('answers 404 for child addresses that name no sitemap', async () => {
    for (const path of [
      '/sitemaps/articles-2021-13.xml',
      '/sitemaps/articles-1999-01.xml',
      '/sitemaps/articles-2021-05-2.xml',
      '/sitemaps/articles-2021-05-1.xml',
      '/sitemaps/pages-2.xml',
      '/sitemaps/tags-2.xml',
      '/sitemaps/videos.xml',
      '/sitemaps/articles-2021-05.xml.gz',
    ]) {
      expect((await get(path)).status, path).toBe(404)
    }
  })

  it('serves a Google News sitemap of the last 48 hours, newest first', async () => {
    const news = await readSitemap(get, '/sitemap-news.xml')
    expect(news.root['xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9')
    expect(news.urls.map((u) => u['news:news']?.['news:title'])).toEqual(['Council votes & <cheers>', 'Yesterday’s vote'])
    const fresh = news.urls[0]?.['news:news']
    expect(fresh?.['news:publication']).toEqual({ 'news:name': 'The Gazette', 'news:language': 'en' })
    const row = await server.database.db.selectFrom('articles').select('published_at').where('id', '=', freshId).executeTakeFirstOrThrow()
    expect(new Date(fresh?.['news:publication_date'] ?? '').getTime()).toBe(Math.floor(Date.parse(String(row.published_at)) / 1000) * 1000)
    expect(fresh?.['news:publication_date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  it('keeps the first publication time when a story is republished', async () => {
    const before = await readSitemap(get, '/sitemap-news.xml')
    await unpublishStory(server.database.db, freshId)
    expect((await readSitemap(get, '/sitemap-news.xml')).urls).toHaveLength(1)
    await publishStory(server.database.db, freshId)
    const after = await readSitemap(get, '/sitemap-news.xml')
    expect(after.urls[0]?.['news:news']?.['news:publication_date']).toBe(before.urls[0]?.['news:news']?.['news:publication_date'])
  })

  it('names the publication after the site and maps its language to ISO 639 (zh-cn / zh-tw for Chinese)', async () => {
    const { db } = server.database
    const language = async () => (await readSitemap(get, '/sitemap-news.xml')).urls[0]?.['news:news']?.['news:publication']
    try {
      await updateSiteSettings(db, { language: 'en-GB', name: 'Harbour & Coast Times' })
      expect(await language()).toEqual({ 'news:name': 'Harbour & Coast Times', 'news:language': 'en' })
      await updateSiteSettings(db, { language: 'zh-TW' })
      expect((await language())?.['news:language']).toBe('zh-tw')
      await updateSiteSettings(db, { language: 'zh-CN' })
      expect((await language())?.['news:language']).toBe('zh-cn')
    } finally {
      await updateSiteSettings(db, { language: 'en', name: 'The Gazette' })
    }
  })

  it('answers conditional GETs with 304 from cheap validators until the slice changes', async () => {
    for (const path of ['/sitemap.xml', '/sitemaps/articles-2021-05.xml', '/sitemaps/tags.xml', '/sitemap-news.xml']) {
      const first = await get(path)
      await first.arrayBuffer()
      const etag = first.headers.get('etag') ?? ''
      expect(etag, path).toMatch(/^W\/".+"$/)
      const cached = await server.get(path, { headers: { 'if-none-match': etag } })
      expect(cached.status, path).toBe(304)
      expect(await cached.text()).toBe('')
      // A client may send the tag without W/; weak comparison still matches.
      expect((await server.get(path, { headers: { 'if-none-match': etag.slice(2) } })).status, path).toBe(304)
      const lastModified = first.headers.get('last-modified')
      if (path === '/sitemap-news.xml') {
        // Stories age out of the news window without any stored change: only the ETag can say so.
        expect(lastModified).toBeNull()
        continue
      }
      expect((await server.get(path, { headers: { 'if-modified-since': lastModified ?? '' } })).status, path).toBe(304)
      const older = new Date(Date.parse(lastModified ?? '') - 1000).toUTCString()
      expect((await server.get(path, { headers: { 'if-modified-since': older } })).status, path).toBe(200)
    }
    const month = await get('/sitemaps/articles-2021-05.xml')
    const etag = month.headers.get('etag') ?? ''
    await buildArticle(server.database.db, { headline: 'Late May story', tags: ['Harbour'], publishedAt: '2021-05-25T08:00:00Z' })
    const changed = await server.get('/sitemaps/articles-2021-05.xml', { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(await changed.text()).toContain('/articles/late-may-story')
  })

  it('compresses the stream for clients that accept it, and answers HEAD without a body', async () => {
    const gzipped = await fetchGzipped(`${server.url}/sitemaps/articles-2021-05.xml`)
    expect(gzipped.encoding).toBe('gzip')
    expect(gzipped.text).toContain('<urlset')
    const plain = await server.get('/sitemaps/articles-2021-05.xml', { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(gzipped.text)
    const head = await server.get('/sitemap.xml', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('etag')).toMatch(/^W\//)
    expect(await head.text()).toBe('')
  })

  it('names the sitemap index and the news sitemap in robots.txt', async () => {
    const body = await (await get('/robots.txt')).text()
    expect(body).toContain(`Sitemap: ${site}/sitemap.xml\n`)
    expect(body).toContain(`Sitemap: ${site}/sitemap-news.xml\n`)
  })
})
