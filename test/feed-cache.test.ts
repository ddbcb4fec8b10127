import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEditableArticle, saveArticle, issueCorrection } from '../src/content/articles/index.ts'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { sitemapRoutes } from '../src/feeds/sitemap-routes.ts'
import { defaultSitemapLimits, newsWindowMs } from '../src/feeds/sitemap-files.ts'
import { RenderCache, renderCacheLookup } from '../src/http/render-cache.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { buildUser } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { hoursAgo } from './helpers/sitemaps.ts'

type Story = { id: number; slug: string }

/**
 * Feeds and sitemaps served from the render cache (`X-Render-Cache: hit`), and dropped exactly when a
 * write touches what they show. The stories are written before the server starts, so the footer's
 * years (which invalidate every page when they move) are settled before the first request.
 */
describe.each(await databaseTargets())('feeds and sitemaps from the render cache on $name', (target) => {
  let server: TestServer
  let editor: { id: number; role: 'editor'; authorId: number | null }
  let harbour: Story
  let budget: Story
  /** The month of first publication of the fresh harbour story: its sitemap file. */
  let freshMonthFile: string

  beforeAll(async () => {
    server = await startTestServer(target, {
      demo: false,
      prepare: async ({ db }) => {
        harbour = await buildArticle(db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor', tags: ['Harbour'], publishedAt: hoursAgo(3) })
        budget = await buildArticle(db, { headline: 'Budget vote delayed', section: 'Politics', author: 'Tom Lindqvist', tags: ['Budget'], publishedAt: '2021-05-10T08:00:00Z' })
      },
    })
    const user = await buildUser(server, 'editor')
    editor = { id: user.id, role: 'editor', authorId: user.author_id }
    const row = await server.database.db.selectFrom('articles').select('published_at').where('id', '=', harbour.id).executeTakeFirstOrThrow()
    freshMonthFile = `/sitemaps/articles-${String(row.published_at).slice(0, 7)}.xml`
  })
  afterAll(async () => {
    await server?.close()
  })

  async function fetchText(path: string, headers: Record<string, string> = {}) {
    const res = await server.get(path, { headers })
    return { state: res.headers.get('x-render-cache'), text: await res.text(), res }
  }
  /** Loads each address twice so that it is cached, and checks it was. */
  async function warm(...paths: string[]) {
    for (const path of paths) {
      await fetchText(path)
      expect((await fetchText(path)).state, path).toBe('hit')
    }
  }
  async function expectCached(...paths: string[]) {
    for (const path of paths) expect((await fetchText(path)).state, path).toBe('hit')
  }
  async function updatedAt(story: Story) {
    return (await server.database.db.selectFrom('articles').select('updated_at').where('id', '=', story.id).executeTakeFirstOrThrow()).updated_at
  }

  const feeds = { '/rss.xml': 'application/rss+xml', '/atom.xml': 'application/atom+xml', '/feed.json': 'application/feed+json', '/section/local/rss.xml': 'application/rss+xml' }

  it('serves feeds and sitemaps from memory on the second request, with their type, validators and encodings', async () => {
    const sitemaps = ['/sitemap.xml', '/sitemap-news.xml', freshMonthFile, '/sitemaps/articles-2021-05.xml']
    for (const [path, type] of [...Object.entries(feeds), ...sitemaps.map((p) => [p, 'application/xml'])] as [string, string][]) {
      server.renderCache?.clear()
      const first = await fetchText(path)
      expect(first.state, path).toBe('miss')
      const second = await fetchText(path)
      expect(second.state, path).toBe('hit')
      expect(second.text, path).toBe(first.text)
      expect(second.res.headers.get('etag'), path).toBe(first.res.headers.get('etag'))
      expect(second.res.headers.get('last-modified'), path).toBe(first.res.headers.get('last-modified'))
      expect(second.res.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`)
      expect(second.res.headers.get('vary'), path).toBe('Accept-Encoding')
      for (const encoding of ['br', 'gzip']) {
        const compressed = await fetchText(path, { 'accept-encoding': encoding })
        expect(compressed.res.headers.get('content-encoding'), path).toBe(encoding)
        expect(compressed.text, path).toBe(first.text)
      }
      const unchanged = await server.get(path, { headers: { 'if-none-match': first.res.headers.get('etag') ?? '' } })
      expect([unchanged.status, unchanged.headers.get('x-render-cache')], path).toEqual([304, 'hit'])
    }
    // A query string changes nothing in a feed or a sitemap: the path's copy answers it.
    await warm('/rss.xml', '/sitemap.xml')
    expect((await fetchText('/rss.xml?utm_source=newsletter&page=99999999999999999999')).state).toBe('hit')
    expect((await fetchText('/sitemap.xml?x=1')).state).toBe('hit')
  })

  it('answers conditional GETs for a cached feed: 304 by ETag or date, 200 for an older copy', async () => {
    await warm('/section/local/atom.xml')
    const { res } = await fetchText('/section/local/atom.xml')
    const lastModified = res.headers.get('last-modified') ?? ''
    expect(lastModified).toMatch(/GMT$/)
    const byDate = await server.get('/section/local/atom.xml', { headers: { 'if-modified-since': lastModified } })
    expect([byDate.status, byDate.headers.get('x-render-cache'), await byDate.text()]).toEqual([304, 'hit', ''])
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString()
    expect((await server.get('/section/local/atom.xml', { headers: { 'if-modified-since': older } })).status).toBe(200)
    // If-None-Match decides when both are sent.
    expect((await server.get('/section/local/atom.xml', { headers: { 'if-none-match': '"other"', 'if-modified-since': lastModified } })).status).toBe(200)
  })

  it('shows an edited headline on the very next feed and sitemap request, and keeps unrelated ones cached', async () => {
    const { db } = server.database
    const unrelated = ['/section/politics/rss.xml', '/tag/budget/atom.xml', '/author/tom-lindqvist/feed.json', '/sitemaps/articles-2021-05.xml']
    await warm('/rss.xml', '/section/local/rss.xml', '/tag/harbour/feed.json', '/sitemap-news.xml', '/sitemap.xml', freshMonthFile, ...unrelated)
    const current = await loadEditableArticle(db, harbour.id)
    await saveArticle(db, editor, current.id, { ...current, headline: 'Harbour wall repaired at last' }, { expectedVersion: current.version })
    for (const path of ['/rss.xml', '/section/local/rss.xml', '/tag/harbour/feed.json', '/sitemap-news.xml']) {
      const after = await fetchText(path)
      expect(after.state, path).toBe('miss')
      expect(after.text, path).toContain('Harbour wall repaired at last')
    }
    // The sitemaps date the story by its last change: its month file and the index say so at once.
    const edited = await updatedAt(harbour)
    for (const path of [freshMonthFile, '/sitemap.xml']) {
      const after = await fetchText(path)
      expect(after.state, path).toBe('miss')
      expect(after.text, path).toContain(`<lastmod>${edited}</lastmod>`)
    }
    // The index's line for the story's month, not only the archive-wide lines, carries the new date.
    expect((await fetchText('/sitemap.xml')).text).toMatch(new RegExp(`${freshMonthFile}</loc>\\s*<lastmod>${edited}</lastmod>`))
    await expectCached(...unrelated)
  })

  it('re-dates a story in the sitemaps when a correction is issued, and leaves other months cached', async () => {
    await warm(freshMonthFile, '/sitemap.xml', '/sitemaps/articles-2021-05.xml', '/section/politics/rss.xml')
    await issueCorrection(server.database.db, editor, harbour.id, { body: 'An earlier version gave the wrong date.' }, new Date(Date.now() + 1000))
    const corrected = await updatedAt(harbour)
    expect((await fetchText(freshMonthFile)).text).toContain(`<lastmod>${corrected}</lastmod>`)
    expect((await fetchText('/sitemap.xml')).text).toContain(`<lastmod>${corrected}</lastmod>`)
    await expectCached('/sitemaps/articles-2021-05.xml', '/section/politics/rss.xml')
  })

  it('adds a story published in an old month to that month’s file and its lists only', async () => {
    await warm('/sitemaps/articles-2021-05.xml', freshMonthFile, '/section/politics/rss.xml', '/section/local/rss.xml', '/rss.xml')
    await buildArticle(server.database.db, { headline: 'Budget papers found', section: 'Politics', author: 'Tom Lindqvist', publishedAt: '2021-05-20T08:00:00Z' })
    expect((await fetchText('/sitemaps/articles-2021-05.xml')).text).toContain('/articles/budget-papers-found')
    expect((await fetchText('/section/politics/rss.xml')).text).toContain('Budget papers found')
    expect((await fetchText('/rss.xml')).text).toContain('Budget papers found')
    await expectCached(freshMonthFile, '/section/local/rss.xml')
    // A month that had no story until now gets its line in the index.
    await warm('/sitemap.xml')
    await buildArticle(server.database.db, { headline: 'Ferry timetable archive', section: 'Politics', author: 'Tom Lindqvist', publishedAt: '2019-03-02T08:00:00Z' })
    expect((await fetchText('/sitemap.xml')).text).toContain('/sitemaps/articles-2019-03.xml</loc>')
  })

  it('renames every feed and the news sitemap with the site', async () => {
    await warm('/rss.xml', '/section/politics/atom.xml', '/sitemap-news.xml')
    await updateSiteSettings(server.database.db, { name: 'Harbour Herald' })
    for (const path of ['/rss.xml', '/section/politics/atom.xml', '/sitemap-news.xml']) expect((await fetchText(path)).text, path).toContain('Harbour Herald')
  })

  it('names what each response shows in Surrogate-Key, for a CDN in front', async () => {
    const keys = async (path: string) => (await server.get(path)).headers.get('surrogate-key')?.split(' ')
    const local = await server.database.db.selectFrom('sections').select('id').where('slug', '=', 'local').executeTakeFirstOrThrow()
    expect(await keys('/section/local/rss.xml')).toEqual(expect.arrayContaining(['site', `list:section:${local.id}`, `article:${harbour.id}`, 'author:maria-okafor']))
    expect(await keys(freshMonthFile)).toEqual(['site', `archive:${freshMonthFile.slice(-11, -4)}`])
    expect(await keys('/sitemap.xml')).toEqual(['site', 'archive'])
    expect(await keys('/sitemap-news.xml')).toEqual(['site', 'list:all', `archive:${freshMonthFile.slice(-11, -4)}`])
  })

  it('lets the news sitemap go when its oldest story leaves the two-day window', async () => {
    await warm('/sitemap-news.xml')
    const row = await server.database.db.selectFrom('articles').select('published_at').where('id', '=', harbour.id).executeTakeFirstOrThrow()
    expect(server.renderCache?.get('/sitemap-news.xml')?.expiresAt).toBe(Date.parse(String(row.published_at)) + newsWindowMs)
  })

  it('streams a sitemap larger than the cap every time without keeping it, and keeps one within it', async () => {
    const serve = (cacheBytes: number) => {
      const cache = new RenderCache(8 * 1024 * 1024)
      const app = new Hono()
      app.use(renderCacheLookup(cache, () => true))
      app.route('/', sitemapRoutes({ database: server.database, config: { siteUrl: 'http://gazette.test' }, logger: server.logger, renderCache: cache }, { ...defaultSitemapLimits, cacheBytes }))
      return { cache, get: async (path: string) => Promise.resolve(app.request(path)) }
    }
    const path = '/sitemaps/articles-2021-05.xml'
    const small = serve(200)
    for (let i = 0; i < 2; i++) {
      const res = await small.get(path)
      expect(res.headers.get('x-render-cache')).toBe('miss')
      expect(await res.text()).toContain('/articles/budget-vote-delayed')
    }
    expect(small.cache.size).toBe(0)
    const roomy = serve(64 * 1024)
    await (await roomy.get(path)).text()
    expect((await roomy.get(path)).headers.get('x-render-cache')).toBe('hit')
  })
})
