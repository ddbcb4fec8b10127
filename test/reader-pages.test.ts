import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateAuthorProfile } from '../src/content/taxonomy/index.ts'
import { issueCorrection } from '../src/content/articles/index.ts'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { buildArticle, buildImage } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { buildUser } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

async function page(server: TestServer, path: string) {
  const res = await server.get(path)
  return { res, $: cheerio.load(await res.text()) }
}

describe.each(await databaseTargets())('reader pages on $name', (target) => {
  let server: TestServer
  let leadSlug = ''

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    await updateSiteSettings(db, { timezone: 'America/New_York' })
    const sections = ['World', 'Business', 'Culture']
    for (let i = 0; i < 14; i++) {
      const image = i % 2 === 0 || i === 13 ? await buildImage(db, `${server.dataDir}/media`, { caption: `Caption ${i}`, credit: 'Photo: Staff' }) : undefined
      const article = await buildArticle(db, {
        section: sections[i % 3],
        author: i % 2 ? 'Maria Okafor' : 'Tom Lindqvist',
        tags: i % 4 === 0 ? ['Harbour'] : ['Rail'],
        label: i === 13 ? 'Exclusive' : null,
        headline: `Story ${i} on the harbour and the rail line`,
        featureMedia: image,
        bodyHtml: `<p>${'Word '.repeat(450)}</p><blockquote class="pull-quote"><p>“A quote worth pulling.”</p></blockquote>`,
      })
      if (i === 13) leadSlug = article.slug
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  it('lays out the front page like a newspaper: lead, secondary stories, section rails, Latest and Trending', async () => {
    const { res, $ } = await page(server, '/')
    expect(res.status).toBe(200)
    const lead = $('.top-stories .teaser-lead')
    expect(lead.find('h3 a').attr('href')).toBe(`/articles/${leadSlug}`)
    expect(lead.find('img').attr('loading')).toBe('eager')
    expect(lead.find('.label').text()).toBe('Exclusive')
    expect(lead.find('.meta').text()).toMatch(/\d+ min read/)
    expect($('.top-stories .secondary-grid .teaser')).toHaveLength(4)
    const rails = $('.section-rail h2').map((_, h) => $(h).text()).get()
    expect(rails.sort()).toEqual(['Business', 'Culture', 'World'])
    // A story at the top is not repeated in its section's rail.
    const topLinks = $('.top-stories h3 a').map((_, a) => $(a).attr('href')).get()
    const railLinks = $('.section-rail h3 a').map((_, a) => $(a).attr('href')).get()
    expect(railLinks.filter((href) => topLinks.includes(href))).toEqual([])
    expect($('.latest .headline-list li')).toHaveLength(9)
    expect($('.trending h2').text()).toBe('Trending')
    expect($('main h1').text()).toBeTruthy()
    expect($('script:not([type="application/ld+json"])')).toHaveLength(0)
  })

  it('follows the front-page settings: river layout, fewer rails, no Trending', async () => {
    const { db } = server.database
    try {
      await updateSiteSettings(db, { frontSectionRails: 1 })
      expect((await page(server, '/')).$('.section-rail')).toHaveLength(1)
      await updateSiteSettings(db, { frontLayout: 'river', showTrending: false })
      const { $ } = await page(server, '/')
      expect($('.section-rail')).toHaveLength(0)
      expect($('.trending')).toHaveLength(0)
      expect($('.latest .teaser')).toHaveLength(14)
      expect($('.latest .teaser').first().hasClass('teaser-lead')).toBe(true)
    } finally {
      await updateSiteSettings(db, { frontLayout: 'newspaper', frontSectionRails: 4, showTrending: true })
    }
  })

  it('shows the article with breadcrumbs, byline photos, zoned times, pull quote, share links and related stories', async () => {
    const { $ } = await page(server, `/articles/${leadSlug}`)
    expect($('.breadcrumbs li').map((_, li) => $(li).text()).get()).toEqual(['Home', 'Business', `Story 13 on the harbour and the rail line`])
    expect($('.breadcrumbs [aria-current=page]').text()).toBe('Story 13 on the harbour and the rail line')
    expect($('.byline-block .avatar-initials').text()).toBe('MO')
    expect($('.byline a[rel=author]').attr('href')).toBe('/author/maria-okafor')
    // Machine-readable times carry the site's UTC offset (New York: -05:00 or -04:00).
    expect($('.story-header time').first().attr('datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/)
    expect($('.story-header time').first().text()).toMatch(/E[SD]T/)
    expect($('.story-body .pull-quote').text()).toContain('A quote worth pulling.')
    const share = $('.share a').map((_, a) => $(a).attr('href')).get()
    expect(share).toContain(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(`http://gazette.test/articles/${leadSlug}`)}`)
    expect(share.some((href) => href.startsWith('mailto:'))).toBe(true)
    const related = $('.related .teaser h3 a').map((_, a) => $(a).attr('href')).get()
    expect(related).toHaveLength(4)
    expect(related).not.toContain(`/articles/${leadSlug}`)
    // Story 13 is tagged Rail: related stories share that topic first.
    const railStories = $('.related .teaser h3 a').map((_, a) => $(a).text()).get().map((t) => Number(/Story (\d+)/.exec(t)?.[1]))
    expect(railStories.every((n) => n % 4 !== 0)).toBe(true)
  })

  it('shows author photos in bylines and on the author page', async () => {
    const { db } = server.database
    const maria = await db.selectFrom('authors').select('id').where('slug', '=', 'maria-okafor').executeTakeFirstOrThrow()
    const editor = await buildUser(server, 'editor')
    await updateAuthorProfile(db, { id: editor.id, role: 'editor', authorId: editor.author_id }, maria.id, { name: 'Maria Okafor', bio: 'Covers the harbour.', avatarUrl: '/media/people/maria.webp' })
    const article = await page(server, `/articles/${leadSlug}`)
    expect(article.$('.byline-block img.avatar').attr('src')).toBe('/media/people/maria.webp')
    const author = await page(server, '/author/maria-okafor')
    expect(author.$('.author-photo').attr('src')).toBe('/media/people/maria.webp')
    expect(author.$('.listing-header .dek').text()).toBe('Covers the harbour.')
    expect(author.$('.breadcrumbs li').last().text()).toBe('Maria Okafor')
  })

  it('shows corrections above the story, dated, and marks the story updated', async () => {
    const { db } = server.database
    const editor = await buildUser(server, 'editor')
    const article = await db.selectFrom('articles').select(['id', 'updated_at']).where('slug', '=', leadSlug).executeTakeFirstOrThrow()
    expect((await page(server, `/articles/${leadSlug}`)).$('.corrections')).toHaveLength(0)
    await db.updateTable('articles').set({ published_at: '2026-01-05T09:00:00.000Z' }).where('id', '=', article.id).execute()
    await issueCorrection(db, { id: editor.id, role: 'editor', authorId: editor.author_id }, article.id, { body: 'An earlier version misstated the number of berths.' })
    const { $ } = await page(server, `/articles/${leadSlug}`)
    expect($('.corrections h2').text()).toBe('Correction')
    expect($('.corrections li').text()).toContain('An earlier version misstated the number of berths.')
    expect($('.corrections time').attr('datetime')).toMatch(/-0[45]:00$/)
    expect($('.story-header .meta').text()).toContain('Updated')
  })

  it('paginates listings with breadcrumbs and a lead story on page 1', async () => {
    const first = await page(server, '/tag/rail')
    expect(first.$('main .teaser').first().hasClass('teaser-lead')).toBe(true)
    expect(first.$('.breadcrumbs li').map((_, li) => first.$(li).text()).get()).toEqual(['Home', 'Rail'])
    const section = await page(server, '/section/world')
    expect(section.$('.sections-nav a[aria-current=page]').text()).toBe('World')
    const home2 = await page(server, '/?page=2')
    expect(home2.res.status).toBe(404)
  })
})
