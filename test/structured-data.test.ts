import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCorrection } from '../src/content/articles/index.ts'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { hourBucket } from '../src/content/shared/index.ts'
import { buildArticle, buildImage } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { buildUser } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36' }

async function load(server: TestServer, path: string) {
  const res = await server.get(path, { headers: reader })
  return cheerio.load(await res.text())
}

function jsonLdOf($: cheerio.CheerioAPI): Record<string, unknown>[] {
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => JSON.parse($(el).html() ?? 'null') as Record<string, unknown>)
}

describe.each(await databaseTargets())('structured data and trending on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    await updateSiteSettings(server.database.db, {
      name: 'Harbour Herald',
      timezone: 'Europe/Paris',
      language: 'fr-FR',
      socialLinks: [{ network: 'mastodon', url: 'https://social.example/@herald' }],
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('describes a story as NewsArticle JSON-LD with images, zoned dates, authors, publisher, sources and corrections', async () => {
    const { db } = server.database
    const image = await buildImage(db, `${server.dataDir}/media`, { alt: 'The harbour at dawn' })
    const story = await buildArticle(db, {
      headline: 'Why the harbour needs a new wall',
      label: 'Opinion',
      section: 'Ideas',
      author: 'Maria Okafor',
      tags: ['Harbour'],
      dateline: 'BREST',
      featureMedia: image,
      sources: [{ name: 'Port authority report', url: 'https://port.example/report.pdf', kind: 'document' }],
    })
    const editor = await buildUser(server, 'editor')
    await issueCorrection(db, { id: editor.id, role: 'editor', authorId: editor.author_id }, story.id, { body: 'The wall is 2 km long, not 3.' })
    const $ = await load(server, `/articles/${story.slug}`)
    const [data] = jsonLdOf($)
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'OpinionNewsArticle',
      headline: 'Why the harbour needs a new wall',
      url: `http://gazette.test/articles/${story.slug}`,
      author: [{ '@type': 'Person', name: 'Maria Okafor', url: 'http://gazette.test/author/maria-okafor' }],
      publisher: { '@type': 'NewsMediaOrganization', name: 'Harbour Herald', logo: { '@type': 'ImageObject', url: 'http://gazette.test/favicon.svg' } },
      articleSection: 'Ideas',
      keywords: ['Harbour'],
      dateline: 'BREST',
      citation: [{ '@type': 'CreativeWork', name: 'Port authority report', url: 'https://port.example/report.pdf' }],
      correction: [{ '@type': 'CorrectionComment', text: 'The wall is 2 km long, not 3.' }],
    })
    expect(data?.datePublished).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/)
    expect(data?.dateModified).toMatch(/\+0[12]:00$/)
    const images = data?.image as string[]
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const url of images) expect(url).toMatch(/^http:\/\/gazette\.test\/media\//)
    expect(images.some((url) => url.includes('1600'))).toBe(true)

    expect($('meta[property="og:type"]').attr('content')).toBe('article')
    expect($('meta[property="og:url"]').attr('content')).toBe(`http://gazette.test/articles/${story.slug}`)
    expect($('meta[property="og:locale"]').attr('content')).toBe('fr_FR')
    expect($('meta[property="og:image"]').attr('content')).toMatch(/^http:\/\/gazette\.test\/media\//)
    expect($('meta[property="og:image:alt"]').attr('content')).toBe('The harbour at dawn')
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary_large_image')
    expect($('meta[property="article:published_time"]').attr('content')).toBe(data?.datePublished)
    expect($('meta[property="article:tag"]').attr('content')).toBe('Harbour')
    expect($('link[rel=canonical]').attr('href')).toBe(`http://gazette.test/articles/${story.slug}`)
  })

  it('keeps a hostile headline inside the JSON-LD block', async () => {
    const story = await buildArticle(server.database.db, { headline: 'Quay </script><script>alert(1)</script> & “quotes”' })
    const html = await (await server.get(`/articles/${story.slug}`)).text()
    expect(html).not.toContain('</script><script>alert(1)')
    const [data] = jsonLdOf(cheerio.load(html))
    expect(data?.headline).toBe('Quay </script><script>alert(1)</script> & “quotes”')
  })

  it('describes the home page as a NewsMediaOrganization with a site search', async () => {
    await buildArticle(server.database.db)
    const $ = await load(server, '/')
    const data = jsonLdOf($)
    expect(data.find((d) => d['@type'] === 'NewsMediaOrganization')).toMatchObject({ name: 'Harbour Herald', url: 'http://gazette.test/', sameAs: ['https://social.example/@herald'] })
    expect(data.find((d) => d['@type'] === 'WebSite')).toMatchObject({ potentialAction: { '@type': 'SearchAction', target: 'http://gazette.test/search?q={search_term_string}' } })
    expect($('meta[property="og:type"]').attr('content')).toBe('website')
  })

  it('ranks trending stories over the last 24 hours and the last 7 days, on the home page and /trending', async () => {
    const { db } = server.database
    const today = await buildArticle(db, { headline: 'Read today' })
    const lastWeek = await buildArticle(db, { headline: 'Read three days ago' })
    for (let i = 0; i < 3; i++) await server.get(`/articles/${today.slug}`, { headers: reader })
    // Crawlers are not readers.
    for (let i = 0; i < 5; i++) await server.get(`/articles/${lastWeek.slug}`, { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } })
    await server.flushViews()
    await db.insertInto('article_views').values({ article_id: lastWeek.id, hour: hourBucket(new Date(Date.now() - 3 * 24 * 3600_000)), views: 50 }).execute()

    const page = await load(server, '/trending')
    const day = page('#trending-day').parent().find('h3 a').map((_, a) => page(a).text()).get()
    const week = page('#trending-week').parent().find('h3 a').map((_, a) => page(a).text()).get()
    // The opinion piece above was read once, by this suite's first test.
    expect(day).toEqual(['Read today', 'Why the harbour needs a new wall'])
    expect(week).toEqual(['Read three days ago', 'Read today', 'Why the harbour needs a new wall'])
    const home = await load(server, '/')
    // The day comes first; the week tops the block up.
    expect(home('.trending li a').map((_, a) => home(a).text()).get()).toEqual(['Read today', 'Why the harbour needs a new wall', 'Read three days ago'])
    expect(home('.trending a.more-link').attr('href')).toBe('/trending')
  })
})
