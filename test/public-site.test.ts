import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

const demoSlug = 'us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq'
const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36' }

async function page(server: TestServer, path: string) {
  const res = await server.get(path, { headers: browser })
  return { res, $: cheerio.load(await res.text()) }
}

describe.each(await databaseTargets())('public site on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('serves the demo story on the front page, as the lead of Latest', async () => {
    const { res, $ } = await page(server, '/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect($('.top-stories .teaser-lead h3 a').text()).toBe('US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq')
    expect($('.top-stories .teaser-lead h3 a').attr('href')).toBe(`/articles/${demoSlug}`)
    expect($('.trending h2').text()).toBe('Trending')
    expect($('script:not([type="application/ld+json"])').length).toBe(0)
  })

  it('renders the article with feature image caption, byline, section, sources and topics', async () => {
    const { res, $ } = await page(server, `/articles/${demoSlug}`)
    expect(res.status).toBe(200)
    expect($('h1').text()).toBe('US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq')
    expect($('.feature-image figcaption').text()).toContain('War Concept')
    const img = $('.feature-image img')
    expect(img.attr('alt')).toBeTruthy()
    expect(img.attr('width')).toBe('1600')
    expect(img.attr('height')).toBe('900')
    expect($('.story .kicker a').text()).toBe('Politics')
    expect($('.byline a').attr('href')).toBe('/author/news-desk')
    expect($('.story-body .dateline').text()).toBe('WASHINGTON')
    expect($('.story-body > div > p').first().text()).toMatch(/^The US says it stays focused on supporting Iraq/)
    expect($('.story-header .meta').text()).not.toContain('Updated')
    const reportedBy = $('.sources li').filter((_, li) => $(li).find('.source-kind').text() === 'Reported by')
    expect(reportedBy.find('a').text()).toBe('The National')
    expect(reportedBy.find('a').attr('href')).toBe('https://www.thenationalnews.com/')
    expect($('.sources li .source-kind').map((_, el) => $(el).text()).get()).toContain('Quoted')
    expect($('.story-tags a').map((_, a) => $(a).text()).get()).toEqual(['Iraq', 'ISIS', 'United States', 'Iran'])
    expect($('link[rel=canonical]').attr('href')).toBe(`http://gazette.test/articles/${demoSlug}`)
    expect($('time[datetime]').first().attr('datetime')).toBe('2020-01-21T09:00:00+00:00')
    const image = await server.get($('.feature-image img').attr('src') ?? '')
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
  })

  it('lists the story on its section, tag and author pages and in the HTML sitemap', async () => {
    for (const path of ['/section/politics', '/tag/iraq', '/author/news-desk', '/sitemap']) {
      const { res, $ } = await page(server, path)
      expect(res.status, path).toBe(200)
      expect($(`main a[href="/articles/${demoSlug}"]`).length, path).toBeGreaterThan(0)
    }
    const { $ } = await page(server, '/sitemap')
    expect($('main a[href="/section/politics"]').length).toBe(1)
    expect($('main a[href="/tag/isis"]').length).toBe(1)
    expect($('main a[href="/author/news-desk"]').length).toBe(1)
  })

  it('shows social links from the settings and copyright years from the archive in the footer', async () => {
    let { $ } = await page(server, '/')
    expect($('.copyright').text()).toBe('© 2020 The Gazette')
    expect($('.social a').map((_, a) => $(a).attr('href')).get()).toContain('https://x.com/gazette')

    await buildArticle(server.database.db, { headline: 'An archive story from 2016', publishedAt: '2016-03-04T10:00:00Z' })
    await updateSiteSettings(server.database.db, {
      copyrightHolder: 'Gazette Media Ltd',
      socialLinks: [{ network: 'mastodon', url: 'https://mastodon.social/@gazette' }],
    })
    ;({ $ } = await page(server, '/'))
    expect($('.copyright').text()).toBe('© 2016–2020 Gazette Media Ltd')
    expect($('.social a').map((_, a) => $(a).attr('href')).get()).toEqual(['https://mastodon.social/@gazette'])
  })

  it('answers unknown pages and slugs with a 404 page, never a 500', async () => {
    for (const path of ['/no-such-page', '/articles/no-such-story', '/section/nope', '/tag/nope', '/author/nope', '/articles/%E0%A4%A', '/articles/..%2F..%2Fetc', `/articles/${'x'.repeat(5000)}`, '/media/../../etc/passwd']) {
      const { res, $ } = await page(server, path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect($('h1').text(), path).toBe('Page not found')
    }
  })

  it('answers a malformed page number with 400 and a page past the end with 404', async () => {
    for (const query of ['page=abc', 'page=0', 'page=-1', 'page=1.5', 'page=99999999', 'page=1e3', 'page=%20', 'page=%00']) {
      const { res, $ } = await page(server, `/section/politics?${query}`)
      expect(res.status, query).toBe(400)
      expect($('.error-page').text(), query).toMatch(/page/)
    }
    expect((await server.get('/section/politics?page=50')).status).toBe(404)
    expect((await server.get('/section/politics?page=1')).status).toBe(200)
    // Numbered pages stop at 50: further back is reached with the cursor links.
    const deep = await page(server, '/section/politics?page=51')
    expect(deep.res.status).toBe(400)
    expect(deep.$('.error-page').text()).toMatch(/Older stories/)
  })

  it('continues listings from a cursor and refuses malformed ones before reading the archive', async () => {
    const cursor = (text: string) => Buffer.from(text).toString('base64url')
    const demo = cursor('2020-01-21T09:00:00.000Z|1')
    for (const path of ['/', '/section/politics', '/tag/iraq', '/author/news-desk', '/sitemap']) {
      for (const query of ['before=nope!', `before=${'A'.repeat(65)}`, `before=${cursor('2020-01-21|1')}`, `after=${cursor('2020-01-21T09:00:00.000Z|0')}`, `before=${demo}&after=${demo}`, `page=2&before=${demo}`]) {
        expect((await server.get(`${path}?${query}`)).status, `${path}?${query}`).toBe(400)
      }
      // Nothing older than the oldest story, nothing newer than the newest: a missing page.
      expect((await server.get(`${path}?before=${cursor('1990-01-01T00:00:00.000Z|1')}`)).status, path).toBe(404)
      expect((await server.get(`${path}?after=${cursor('2999-01-01T00:00:00.000Z|1')}`)).status, path).toBe(404)
    }
    const { res, $ } = await page(server, `/section/politics?after=${cursor('1990-01-01T00:00:00.000Z|1')}`)
    expect(res.status).toBe(200)
    expect($(`main a[href="/articles/${demoSlug}"]`).length).toBeGreaterThan(0)
    expect($('meta[name=robots]').attr('content')).toBe('noindex')
    expect($('link[rel=canonical]').attr('href')).toBe(`http://gazette.test/section/politics?after=${cursor('1990-01-01T00:00:00.000Z|1')}`)
    expect($('a[rel=prev]')).toHaveLength(0)
    expect($('a[rel=next]').attr('href')).toMatch(/^\/section\/politics\?before=[A-Za-z0-9_-]+$/)
    // Tracking parameters from links elsewhere are ignored, not refused.
    expect((await server.get('/section/politics?utm_source=newsletter&fbclid=x')).status).toBe(200)
  })

  it('answers API-style clients with a JSON error', async () => {
    const res = await server.get('/articles/missing', { headers: { accept: 'application/json' } })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
  })

  it('keeps drafts off every public page', async () => {
    const draft = await buildArticle(server.database.db, { headline: 'Embargoed budget leak', draft: true, section: 'Politics' })
    expect((await server.get(`/articles/${draft.slug}`)).status).toBe(404)
    for (const path of ['/', '/section/politics', '/sitemap', '/rss.xml', '/sitemap.xml']) {
      expect(await (await server.get(path)).text(), path).not.toContain('Embargoed budget leak')
    }
  })

  it('escapes headlines and strips scripts from stored bodies', async () => {
    const evil = await buildArticle(server.database.db, {
      headline: 'Council <script>alert(1)</script> vote',
      bodyHtml: '<p onclick="steal()">Fine text<script>alert(2)</script><img src="javascript:alert(3)"><a href="javascript:x()">link</a></p>',
    })
    const html = await (await server.get(`/articles/${evil.slug}`)).text()
    expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/i)
    expect(html).not.toMatch(/onclick|javascript:/i)
    expect(html).toContain('Council &lt;script&gt;alert(1)&lt;/script&gt; vote')
    expect(html).toContain('Fine text')
  })

  it('sends cache headers and answers a matching If-None-Match with 304', async () => {
    const first = await server.get(`/articles/${demoSlug}`)
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await server.get(`/articles/${demoSlug}`, { headers: { 'if-none-match': etag ?? '' } })
    expect(again.status).toBe(304)
    const stylesheet = cheerio.load(await first.text())('link[rel=stylesheet]').attr('href') ?? ''
    const css = await server.get(stylesheet)
    expect(css.status).toBe(200)
    expect(css.headers.get('cache-control')).toContain('immutable')
  })

  it('counts reader views, not bots, and shows the most-read stories as Trending', async () => {
    const { db } = server.database
    const viewsOf = async (slug: string) => {
      await server.flushViews()
      const rows = await db
        .selectFrom('article_views')
        .innerJoin('articles', 'articles.id', 'article_views.article_id')
        .select('article_views.views')
        .where('articles.slug', '=', slug)
        .execute()
      return rows.reduce((sum, r) => sum + Number(r.views), 0)
    }
    const popular = await buildArticle(db, { headline: 'Ferry strike ends after talks' })
    const demoBefore = await viewsOf(demoSlug)
    for (let i = 0; i < 25; i++) await server.get(`/articles/${popular.slug}`, { headers: browser })
    for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0', 'node', '']) {
      await server.get(`/articles/${demoSlug}`, { headers: { 'user-agent': ua } })
    }
    await server.get(`/articles/${demoSlug}`, { headers: browser })
    expect(await viewsOf(popular.slug)).toBe(25)
    expect(await viewsOf(demoSlug)).toBe(demoBefore + 1)
    const { $ } = await page(server, '/')
    const trending = $('.trending li a').map((_, a) => $(a).text()).get()
    expect(trending[0]).toBe('Ferry strike ends after talks')
    expect(trending).toContain('US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq')
  })
})

