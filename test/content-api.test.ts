import ghostContentApi, { type GhostAPI, type GhostContentAPIOptions, type PostOrPage } from '@tryghost/content-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../src/content/accounts/index.ts'
import { ensureAuthor, ensureTag } from '../src/content/taxonomy/index.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/**
 * The Content API as Ghost clients see it: every request here goes through the official
 * @tryghost/content-api client (its default axios transport), so a shape it cannot read fails.
 */
const slugs = (posts: PostOrPage[]) => posts.map((post) => post.slug)

// The package is CommonJS (`module.exports = GhostContentAPI`) while its types declare `export default`,
// which TypeScript's NodeNext resolution reads as the module object; at run time it is the function.
const GhostContentAPI = ghostContentApi as unknown as (options: GhostContentAPIOptions) => GhostAPI

describe.each(await databaseTargets())('Content API with the official client on $name', (target) => {
  let server: TestServer
  let api: GhostAPI

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    const ada = await ensureAuthor(db, { name: 'Ada Reporter', bio: 'Covers the council.', avatarUrl: '/media/ada.jpg' })
    const bo = await ensureAuthor(db, { name: 'Bo Writer' })
    await ensureTag(db, { name: 'Unused' })
    const story = (slug: string, date: string, tags: string[], authorIds: number[], extra: Parameters<typeof buildArticle>[1] = {}) =>
      buildArticle(db, { slug, headline: slug.replace(/-/g, ' '), publishedAt: `${date}T09:00:00.000Z`, tags, authorIds, ...extra })
    const budget = await story('budget-vote', '2026-01-10', ['Politics', 'Economy'], [ada.id], {
      dek: 'The council voted.',
      bodyHtml: '<p>Read <a href="/tag/politics">more politics</a> today.</p>',
      featureImage: { url: '/media/2026/01/chamber/1280.jpg', alt: 'Council chamber', caption: 'The chamber at night' },
    })
    await story('cup-final', '2026-02-05', ['Sport'], [bo.id])
    const harbour = await story('harbour-reopens', '2026-03-01', ['Economy'], [bo.id, ada.id])
    await story('election-night', '2026-03-15', ['Politics'], [ada.id])
    await story('match-report', '2026-04-01', ['Sport', 'Politics'], [ada.id])
    await story('secret-draft', '2026-04-02', ['Politics'], [bo.id], { draft: true })
    await db.updateTable('articles').set({ featured: 1 }).where('id', 'in', [budget.id, harbour.id]).execute()
    const { key } = await createApiKey(db, { name: 'Client test' })
    api = GhostContentAPI({ url: server.url, key, version: 'v5.0' })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('browses published posts newest first, with Ghost fields and pagination', async () => {
    const posts = await api.posts.browse()
    expect(slugs(posts)).toEqual(['match-report', 'election-night', 'harbour-reopens', 'cup-final', 'budget-vote'])
    expect(posts.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 5, next: null, prev: null })
    const budget = posts[4] as PostOrPage
    expect(budget.id).toMatch(/^[0-9a-f]{24}$/)
    expect(budget.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(budget).toMatchObject({
      title: 'budget vote',
      url: 'http://gazette.test/articles/budget-vote',
      custom_excerpt: 'The council voted.',
      excerpt: 'The council voted.',
      featured: true,
      visibility: 'public',
      feature_image: 'http://gazette.test/media/2026/01/chamber/1280.jpg',
      feature_image_alt: 'Council chamber',
      feature_image_caption: 'The chamber at night',
      published_at: '2026-01-10T09:00:00.000+00:00',
      reading_time: 1,
      canonical_url: null,
      og_image: null,
    })
    // Links inside the body work on other sites too.
    expect(budget.html).toContain('href="http://gazette.test/tag/politics"')
    expect(budget).not.toHaveProperty('plaintext')
    expect(budget).not.toHaveProperty('authors')
    expect(new Set(posts.map((p) => p.id)).size).toBe(5)
  })

  it('pages with limit and page', async () => {
    const posts = await api.posts.browse({ limit: 2, page: 2 })
    expect(slugs(posts)).toEqual(['harbour-reopens', 'cup-final'])
    expect(posts.meta.pagination).toEqual({ page: 2, limit: 2, pages: 3, total: 5, next: 3, prev: 1 })
    const last = await api.posts.browse({ limit: 2, page: 3 })
    expect(slugs(last)).toEqual(['budget-vote'])
    expect(last.meta.pagination).toMatchObject({ next: null, prev: 2 })
  })

  it('filters with NQL: tags, authors, featured, dates, and, or, not, parentheses', async () => {
    const filtered = async (filter: string) => slugs(await api.posts.browse({ filter }))
    expect(await filtered('tag:politics')).toEqual(['match-report', 'election-night', 'budget-vote'])
    expect(await filtered('tag:[sport,economy]')).toEqual(['match-report', 'harbour-reopens', 'cup-final', 'budget-vote'])
    expect(await filtered('author:bo-writer')).toEqual(['harbour-reopens', 'cup-final'])
    expect(await filtered('primary_author:bo-writer')).toEqual(['harbour-reopens', 'cup-final'])
    expect(await filtered('primary_author:ada-reporter')).toEqual(['match-report', 'election-night', 'budget-vote'])
    expect(await filtered('featured:true')).toEqual(['harbour-reopens', 'budget-vote'])
    expect(await filtered('featured:false')).toEqual(['match-report', 'election-night', 'cup-final'])
    expect(await filtered("published_at:>'2026-02-06'+published_at:<='2026-03-15T10:00:00+01:00'")).toEqual(['election-night', 'harbour-reopens'])
    expect(await filtered("published_at:>='2026-02-05 09:00'")).toEqual(['match-report', 'election-night', 'harbour-reopens', 'cup-final'])
    expect(await filtered('tag:politics+tag:-sport')).toEqual(['election-night', 'budget-vote'])
    expect(await filtered('tag:sport,featured:true')).toEqual(['match-report', 'harbour-reopens', 'cup-final', 'budget-vote'])
    expect(await filtered('(tag:sport,tag:economy)+author:ada-reporter')).toEqual(['match-report', 'harbour-reopens', 'budget-vote'])
    expect(await filtered('tag:-[politics,economy]')).toEqual(['cup-final'])
    expect(await filtered('slug:cup-final,slug:budget-vote')).toEqual(['cup-final', 'budget-vote'])
    expect(await filtered('visibility:public+status:published+tag:sport')).toEqual(['match-report', 'cup-final'])
    // Drafts never match, and values are parameters, not SQL.
    expect(await filtered('tag:politics+author:bo-writer')).toEqual([])
    expect(await filtered("slug:'x\\' or 1=1 --'")).toEqual([])
    expect(await filtered("tag:'politics\\'); drop table articles; --'")).toEqual([])
    const counted = await api.posts.browse({ filter: 'tag:politics', limit: 1 })
    expect(counted.meta.pagination).toMatchObject({ total: 3, pages: 3, next: 2 })
  })

  it('excludes one post by id, as "related posts" themes do', async () => {
    const [first] = await api.posts.browse({ limit: 1 })
    const rest = await api.posts.browse({ filter: `id:-${first?.id}` })
    expect(slugs(rest)).toEqual(['election-night', 'harbour-reopens', 'cup-final', 'budget-vote'])
  })

  it('includes authors and tags, with the primary ones first', async () => {
    const posts = await api.posts.browse({ include: ['authors', 'tags'], filter: 'slug:harbour-reopens' })
    const [harbour] = posts
    expect(harbour?.authors?.map((a) => a.slug)).toEqual(['bo-writer', 'ada-reporter'])
    expect(harbour?.primary_author).toMatchObject({ slug: 'bo-writer', name: 'Bo Writer', url: 'http://gazette.test/author/bo-writer' })
    expect(harbour?.authors?.[1]).toMatchObject({ bio: 'Covers the council.', profile_image: 'http://gazette.test/media/ada.jpg' })
    expect(harbour?.tags?.map((t) => t.slug)).toEqual(['economy'])
    expect(harbour?.primary_tag).toMatchObject({ slug: 'economy', name: 'Economy', visibility: 'public', url: 'http://gazette.test/tag/economy' })
    expect(harbour?.primary_author?.id).toMatch(/^[0-9a-f]{24}$/)
  })

  it('narrows to fields and adds plaintext on request', async () => {
    const posts = await api.posts.browse({ fields: 'title,url', limit: 2 })
    expect(posts.map((p) => Object.keys(p).sort())).toEqual([['title', 'url'], ['title', 'url']])
    const [plain] = await api.posts.browse({ formats: 'plaintext', filter: 'slug:budget-vote' })
    expect(plain?.plaintext).toBe('Read more politics today.')
    expect(plain).not.toHaveProperty('html')
    const [both] = await api.posts.browse({ formats: ['html', 'plaintext'], filter: 'slug:budget-vote' })
    expect(both?.html).toContain('<p>')
    expect(both?.plaintext).toBe('Read more politics today.')
  })

  it('orders by whitelisted fields', async () => {
    expect(slugs(await api.posts.browse({ order: 'title asc' }))).toEqual(['budget-vote', 'cup-final', 'election-night', 'harbour-reopens', 'match-report'])
    expect(slugs(await api.posts.browse({ order: 'published_at asc' }))).toEqual(['budget-vote', 'cup-final', 'harbour-reopens', 'election-night', 'match-report'])
    expect(slugs(await api.posts.browse({ order: 'featured desc, published_at desc', limit: 2 }))).toEqual(['harbour-reopens', 'budget-vote'])
  })

  it('reads one post by id and by slug', async () => {
    const bySlug = await api.posts.read({ slug: 'budget-vote' }, { include: 'tags' })
    expect(bySlug).toMatchObject({ slug: 'budget-vote', title: 'budget vote' })
    expect(bySlug.tags?.map((t) => t.slug)).toEqual(['politics', 'economy'])
    const byId = await api.posts.read({ id: bySlug.id })
    expect(byId.slug).toBe('budget-vote')
    expect(byId.uuid).toBe(bySlug.uuid)
    await expect(api.posts.read({ slug: 'secret-draft' })).rejects.toMatchObject({ name: 'NotFoundError', message: 'Post not found.' })
    await expect(api.posts.read({ id: '1000000000000000000fffff' })).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('lists authors and tags with their published post counts', async () => {
    const authors = await api.authors.browse({ include: 'count.posts' })
    expect(authors.map((a) => [a.slug, a.count?.posts])).toEqual([['ada-reporter', 4], ['bo-writer', 2]])
    expect(authors[0]).toMatchObject({ name: 'Ada Reporter', bio: 'Covers the council.', url: 'http://gazette.test/author/ada-reporter', website: null, location: null })
    const ada = await api.authors.read({ slug: 'ada-reporter' }, { include: 'count.posts' })
    expect(ada.count?.posts).toBe(4)
    expect((await api.authors.read({ id: ada.id })).slug).toBe('ada-reporter')
    expect(await api.authors.read({ id: ada.id })).not.toHaveProperty('count')

    const tags = await api.tags.browse({ include: 'count.posts' })
    expect(tags.map((t) => [t.slug, t.count?.posts])).toEqual([['economy', 2], ['politics', 3], ['sport', 2], ['unused', 0]])
    const busiest = await api.tags.browse({ filter: 'visibility:public', order: 'count.posts desc', limit: 1 })
    expect(busiest.map((t) => t.slug)).toEqual(['politics'])
    expect(busiest.meta.pagination).toMatchObject({ total: 4, pages: 4 })
    const politics = await api.tags.read({ slug: 'politics' })
    expect(politics).toMatchObject({ name: 'Politics', url: 'http://gazette.test/tag/politics', visibility: 'public' })
    expect((await api.tags.read({ id: politics.id })).slug).toBe('politics')
    await expect(api.tags.read({ slug: 'nothing-here' })).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('reads the site settings', async () => {
    const settings = await api.settings.browse()
    expect(settings).toMatchObject({ title: 'Gazette', description: 'Independent news.', lang: 'en', timezone: 'UTC', url: 'http://gazette.test/', accent_color: '#a4161a' })
    expect(settings.navigation?.[0]).toEqual({ label: 'Home', url: 'http://gazette.test/' })
    expect(settings.navigation?.map((n) => n.label)).toContain('World')
  })

  it('has no standalone pages: an empty, well-formed collection and 404 reads', async () => {
    const pages = await api.pages.browse()
    expect([...pages]).toEqual([])
    expect(pages.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 0, next: null, prev: null })
    await expect(api.pages.read({ slug: 'about' })).rejects.toMatchObject({ name: 'NotFoundError', message: 'Page not found.' })
  })
})
