import { join } from 'node:path'
import { load } from 'cheerio'
import { XMLParser } from 'fast-xml-parser'
import Parser from 'rss-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildArticle, buildImage, unpublishStory } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

// Feeds are checked with parsers that share no code with the `feed` package that writes them:
// rss-parser (xml2js) for meaning, fast-xml-parser for the structure RFC 4287 asks of Atom, zod for JSON Feed.
const rssParser = new Parser({ customFields: { item: [['category', 'categories', { keepArray: true }], ['dc:creator', 'creators', { keepArray: true }]] } })
const atomParser = new Parser({ customFields: { feed: ['id', 'updated'], item: ['id', 'updated', 'published', 'summary', 'author'] } })
const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'author', 'category', 'id', 'title', 'updated'].includes(name) })

const site = 'http://gazette.test'
const contentTypes = { 'rss.xml': 'application/rss+xml; charset=utf-8', 'atom.xml': 'application/atom+xml; charset=utf-8', 'feed.json': 'application/feed+json; charset=utf-8' }
const scopes = ['', '/section/harbours', '/tag/tides', '/author/nia-columnist']
const absoluteUrl = z.url().startsWith(`${site}/`)

const jsonFeed = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: absoluteUrl,
  feed_url: absoluteUrl,
  language: z.string().min(2),
  items: z.array(
    z.object({
      id: z.string().min(1),
      url: absoluteUrl,
      title: z.string().min(1),
      content_html: z.string().min(1),
      summary: z.string().optional(),
      image: absoluteUrl.optional(),
      date_published: z.iso.datetime(),
      date_modified: z.iso.datetime(),
      authors: z.array(z.object({ name: z.string().min(1), url: absoluteUrl })).min(1),
      tags: z.array(z.string().min(1)).min(1),
    }),
  ),
})

type RssItem = { title?: string; link?: string; guid?: string; isoDate?: string; 'content:encoded'?: string; creators?: string[]; categories?: { _: string; $: { domain: string } }[]; enclosure?: { url: string; type?: string } }

describe.each(await databaseTargets())('RSS, Atom and JSON Feed on $name', (target) => {
  let server: TestServer
  let harbourSlugs: string[]
  let newestHarbourId: number

  beforeAll(async () => {
    server = await startTestServer(target)
    const { db } = server.database
    const photo = await buildImage(db, join(server.dataDir, 'media'))
    const older = await buildArticle(db, { headline: 'Harbour dredging starts', section: 'Harbours', author: 'Nia Columnist', tags: ['Tides'], publishedAt: '2024-06-01T10:00:00Z' })
    const newer = await buildArticle(db, {
      headline: 'Harbour & tides: the new timetable',
      dek: 'Ferries run again from Monday.',
      bodyHtml: '<p>See <a href="/articles/harbour-dredging-starts">the dredging story</a>.</p><p>The full timetable follows in this sentence.</p>',
      section: 'Harbours',
      author: 'Nia Columnist',
      tags: ['Tides', 'Ferries'],
      featureMedia: photo,
      publishedAt: '2024-06-02T10:00:00Z',
    })
    harbourSlugs = [newer.slug, older.slug]
    newestHarbourId = newer.id
    await buildArticle(db, { headline: 'Unfinished harbour draft', section: 'Harbours', author: 'Nia Columnist', tags: ['Tides'], draft: true })
    // More stories than a feed lists, all older than the harbour stories and the demo story.
    for (let day = 1; day <= 31; day++) {
      await buildArticle(db, { headline: `Brief number ${day}`, section: 'Briefs', publishedAt: `2019-01-${String(day).padStart(2, '0')}T06:00:00Z` })
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  it('serves every format for the site and each section, topic and author with its content type', async () => {
    for (const scope of scopes) {
      for (const [file, type] of Object.entries(contentTypes)) {
        const res = await server.get(`${scope}/${file}`)
        expect(res.status, `${scope}/${file}`).toBe(200)
        expect(res.headers.get('content-type'), `${scope}/${file}`).toBe(type)
        expect(res.headers.get('etag')).toMatch(/^"/)
        expect(res.headers.get('last-modified')).toMatch(/GMT$/)
      }
    }
  })

  it('lists the newest 30 published stories site-wide, newest first, with no drafts', async () => {
    const feed = await rssParser.parseString(await (await server.get('/rss.xml')).text())
    const items = feed.items as RssItem[]
    expect(items).toHaveLength(30)
    const dates = items.map((i) => Date.parse(i.isoDate ?? ''))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    expect(items.slice(0, 2).map((i) => i.title)).toEqual(['Harbour & tides: the new timetable', 'Harbour dredging starts'])
    expect(items.map((i) => i.title)).not.toContain('Unfinished harbour draft')
    expect(items.at(-1)?.title).toBe('Brief number 5')
  })

  it('RSS: a section feed holds only that section, with full text, bylines, categories and the image', async () => {
    const feed = await rssParser.parseString(await (await server.get('/section/harbours/rss.xml')).text())
    expect(feed.title).toBe('The Gazette: Harbours')
    expect(feed.link).toBe(`${site}/section/harbours`)
    expect(feed.feedUrl).toBe(`${site}/section/harbours/rss.xml`)
    const items = feed.items as RssItem[]
    expect(items.map((i) => i.link)).toEqual(harbourSlugs.map((slug) => `${site}/articles/${slug}`))
    const [lead] = items
    expect(lead?.guid).toBe(lead?.link)
    expect(lead?.['content:encoded']).toContain('The full timetable follows in this sentence.')
    expect(lead?.['content:encoded']).toContain(`href="${site}/articles/harbour-dredging-starts"`)
    expect(lead?.creators).toEqual(['Nia Columnist'])
    expect(lead?.categories?.map((c) => [c._, c.$.domain])).toEqual([
      ['Harbours', `${site}/section/harbours`],
      ['Tides', `${site}/tag/tides`],
      ['Ferries', `${site}/tag/ferries`],
    ])
    expect(lead?.enclosure?.url).toMatch(new RegExp(`^${site}/media/.+\\.jpg$`))
    expect(lead?.enclosure?.type).toBe('image/jpeg')
    expect((await server.get(new URL(lead?.enclosure?.url ?? site).pathname)).status).toBe(200)
  })

  it('Atom: a topic feed has the feed and entry elements RFC 4287 requires', async () => {
    const body = await (await server.get('/tag/tides/atom.xml')).text()
    const doc = xml.parse(body).feed
    expect(doc['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(doc.id).toEqual([`${site}/tag/tides`])
    expect(doc.title).toEqual(['The Gazette: Tides'])
    expect(doc.updated).toHaveLength(1)
    expect(doc.author[0].name).toBe('The Gazette')
    const links = Object.fromEntries(doc.link.map((l: Record<string, string>) => [l['@_rel'], l['@_href']]))
    expect(links).toEqual({ self: `${site}/tag/tides/atom.xml`, alternate: `${site}/tag/tides` })
    for (const entry of doc.entry) {
      expect(entry.id).toHaveLength(1)
      expect(entry.title).toHaveLength(1)
      expect(entry.updated[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
      expect(entry.published).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect(entry.content['@_type']).toBe('html')
      expect(entry.link.some((l: Record<string, string>) => (l['@_rel'] ?? 'alternate') === 'alternate' && l['@_href'] === entry.id[0])).toBe(true)
    }
    const feed = await atomParser.parseString(body)
    expect(feed.items.map((i) => i.link)).toEqual(harbourSlugs.map((slug) => `${site}/articles/${slug}`))
    const [lead] = feed.items
    expect(lead?.title).toBe('Harbour &#38; tides: the new timetable')
    expect(lead?.published).toBe('2024-06-02T10:00:00.000Z')
    expect(lead?.content).toContain('The full timetable follows in this sentence.')
    expect(lead?.author).toBe('Nia Columnist')
  })

  it('JSON Feed 1.1: an author feed matches the schema and holds only that author’s stories', async () => {
    const res = await server.get('/author/nia-columnist/feed.json')
    const feed = jsonFeed.parse(await res.json())
    expect(feed.title).toBe('The Gazette: Nia Columnist')
    expect(feed.home_page_url).toBe(`${site}/author/nia-columnist`)
    expect(feed.feed_url).toBe(`${site}/author/nia-columnist/feed.json`)
    expect(feed.language).toBe('en')
    expect(feed.items.map((i) => i.url)).toEqual(harbourSlugs.map((slug) => `${site}/articles/${slug}`))
    const [lead] = feed.items
    expect(lead).toMatchObject({
      title: 'Harbour & tides: the new timetable',
      summary: 'Ferries run again from Monday.',
      date_published: '2024-06-02T10:00:00.000Z',
      authors: [{ name: 'Nia Columnist', url: `${site}/author/nia-columnist` }],
      tags: ['Harbours', 'Tides', 'Ferries'],
    })
    expect(lead?.image).toMatch(/\.jpg$/)
    expect(lead?.content_html).toContain('The full timetable follows in this sentence.')
    const siteWide = jsonFeed.parse(await (await server.get('/feed.json')).json())
    expect(siteWide.items).toHaveLength(30)
    expect(new Set(siteWide.items.map((i) => i.id)).size).toBe(30)
  })

  it('answers 404 for a section, topic or author that does not exist', async () => {
    for (const path of ['/section/nowhere/rss.xml', '/tag/nothing/atom.xml', '/author/nobody/feed.json', '/section/Not%20a%20slug/rss.xml']) {
      expect((await server.get(path)).status, path).toBe(404)
    }
  })

  it('announces the site feeds on every page and a list’s own feeds on its page', async () => {
    const alternates = async (path: string) => {
      const $ = load(await (await server.get(path)).text())
      return $('head link[rel="alternate"]').map((_, el) => `${$(el).attr('type')} ${$(el).attr('href')}`).get()
    }
    const siteFeeds = ['application/rss+xml /rss.xml', 'application/atom+xml /atom.xml', 'application/feed+json /feed.json']
    expect(await alternates('/')).toEqual(siteFeeds)
    expect(await alternates(`/articles/${harbourSlugs[0]}`)).toEqual(siteFeeds)
    expect(await alternates('/section/harbours')).toEqual([...siteFeeds, 'application/rss+xml /section/harbours/rss.xml', 'application/atom+xml /section/harbours/atom.xml', 'application/feed+json /section/harbours/feed.json'])
    expect(await alternates('/tag/tides')).toContain('application/atom+xml /tag/tides/atom.xml')
    expect(await alternates('/author/nia-columnist')).toContain('application/feed+json /author/nia-columnist/feed.json')
    const $ = load(await (await server.get('/section/harbours')).text())
    expect($('main a[href="/section/harbours/atom.xml"]').text()).toBe('Atom')
  })

  describe('conditional requests', () => {
    it('answers 304 to a matching If-None-Match, and to an If-Modified-Since at or after Last-Modified', async () => {
      const first = await server.get('/section/harbours/atom.xml')
      const etag = first.headers.get('etag') ?? ''
      const lastModified = first.headers.get('last-modified') ?? ''
      const byTag = await server.get('/section/harbours/atom.xml', { headers: { 'If-None-Match': etag } })
      expect(byTag.status).toBe(304)
      expect(byTag.headers.get('etag')).toBe(etag)
      expect(await byTag.text()).toBe('')
      const byDate = await server.get('/section/harbours/atom.xml', { headers: { 'If-Modified-Since': lastModified } })
      expect(byDate.status).toBe(304)
      expect(byDate.headers.get('last-modified')).toBe(lastModified)
    })

    it('sends the feed when it changed since, or when the entity tag differs whatever the date', async () => {
      const { headers } = await server.get('/feed.json')
      const lastModified = Date.parse(headers.get('last-modified') ?? '')
      const before = new Date(lastModified - 3_600_000).toUTCString()
      expect((await server.get('/feed.json', { headers: { 'If-Modified-Since': before } })).status).toBe(200)
      const staleTag = { 'If-None-Match': '"stale"', 'If-Modified-Since': headers.get('last-modified') ?? '' }
      expect((await server.get('/feed.json', { headers: staleTag })).status).toBe(200)
    })

    // Last in the suite: it moves the clock of the archive forward.
    it('reaches date-only clients when a story is taken down', async () => {
      const first = await server.get('/section/harbours/rss.xml')
      const lastModified = first.headers.get('last-modified') ?? ''
      // Unpublishing leaves the remaining stories' times as they were: only the takedown's own time moves.
      await unpublishStory(server.database.db, newestHarbourId, new Date(Date.now() + 2_000))
      const res = await server.get('/section/harbours/rss.xml', { headers: { 'If-Modified-Since': lastModified } })
      expect(res.status).toBe(200)
      const feed = await rssParser.parseString(await res.text())
      expect(feed.items.map((i) => i.link)).toEqual([`${site}/articles/${harbourSlugs[1]}`])
    })
  })
})
