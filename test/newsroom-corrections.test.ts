import * as cheerio from 'cheerio'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('corrections and author profiles on $name', (target) => {
  let server: TestServer
  let editor: Client
  let author: Client

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    editor = await signIn(server, 'editor', 'Eddie Editor')
    author = await signIn(server, 'author', 'Ana Author')
  })
  afterAll(async () => {
    await server?.close()
  })

  async function publicCorrections(slug: string) {
    return cheerio.load(await (await server.get(`/articles/${slug}`)).text())('.corrections li').map((_, li) => cheerio.load(li).text()).get()
  }

  it('lets an editor issue and withdraw a correction on a published story', async () => {
    const story = await buildArticle(server.database.db, { headline: 'Council votes on the bridge' })
    const issued = await editor.post(`/admin/articles/${story.id}/corrections`, { body: 'The vote was 7–2, not 6–3.' })
    expect(issued.status).toBe(303)
    expect(issued.headers.get('location')).toBe(`/admin/articles/${story.id}?saved=correction`)
    expect((await publicCorrections(story.slug)).join()).toContain('The vote was 7–2, not 6–3.')
    const $ = cheerio.load(await (await editor.get(`/admin/articles/${story.id}`)).text())
    const withdrawAction = $('form[action$="/delete"]').attr('action') ?? ''
    expect(withdrawAction).toMatch(/\/corrections\/\d+\/delete$/)
    expect((await editor.post(withdrawAction, {})).status).toBe(303)
    expect(await publicCorrections(story.slug)).toEqual([])
    expect((await editor.post(withdrawAction, {})).status).toBe(404)
  })

  it('refuses corrections from writers, on drafts, and without text', async () => {
    const story = await buildArticle(server.database.db, { headline: 'Bakery wins award', authorIds: author.authorId ? [author.authorId] : [] })
    expect((await author.post(`/admin/articles/${story.id}/corrections`, { body: 'My own fix.' })).status).toBe(403)
    expect((await editor.post(`/admin/articles/${story.id}/corrections`, { body: '   ' })).status).toBe(400)
    const draft = await buildArticle(server.database.db, { draft: true })
    expect((await editor.post(`/admin/articles/${draft.id}/corrections`, { body: 'Too early.' })).status).toBe(409)
    expect((await editor.post('/admin/articles/999999/corrections', { body: 'Nowhere.' })).status).toBe(404)
    expect(await publicCorrections(story.slug)).toEqual([])
  })

  it('lets a writer keep their own profile, and only their own', async () => {
    expect(author.authorId).not.toBeNull()
    const own = `/admin/authors/${author.authorId}`
    expect((await author.get('/admin/authors')).headers.get('location')).toBe(own)
    const saved = await author.post(own, { name: 'Ana Author', bio: 'Writes about food and farming.', avatarUrl: '/media/people/ana.webp', avatarMediaId: '' })
    expect(saved.status).toBe(303)
    const page = cheerio.load(await (await server.get('/author/ana-author')).text())
    expect(page('.listing-header .dek').text()).toBe('Writes about food and farming.')
    expect(page('.author-photo').attr('src')).toBe('/media/people/ana.webp')
    expect((await author.post(own, { name: 'Ana Author', bio: '', avatarUrl: 'javascript:alert(1)' })).status).toBe(400)
    expect((await author.post(`/admin/authors/${editor.authorId}`, { name: 'Hacked', bio: '', avatarUrl: '' })).status).toBe(403)
    const editorName = await server.database.db.selectFrom('authors').select('name').where('id', '=', editor.authorId!).executeTakeFirstOrThrow()
    expect(editorName.name).toBe('Eddie Editor')
  })

  it('lets an editor set any profile photo from the media library', async () => {
    const photo = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#7a4e2d' } }).jpeg().toBuffer()
    const upload = new FormData()
    upload.set('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'ana.jpg')
    upload.set('alt', 'Ana Author')
    expect((await editor.post('/admin/media', upload)).status).toBe(303)
    const media = await server.database.db.selectFrom('media').select(['id', 'storage_key']).orderBy('id', 'desc').executeTakeFirstOrThrow()
    const res = await editor.post(`/admin/authors/${author.authorId}`, { name: 'Ana Author', bio: 'Food and farming.', avatarUrl: '', avatarMediaId: String(media.id) })
    expect(res.status).toBe(303)
    const row = await server.database.db.selectFrom('authors').select('avatar_url').where('id', '=', author.authorId!).executeTakeFirstOrThrow()
    expect(row.avatar_url).toMatch(new RegExp(`^/media/${media.storage_key}/.*320.*\\.webp$`))
    expect((await server.get(row.avatar_url!)).status).toBe(200)
    const list = cheerio.load(await (await editor.get('/admin/authors')).text())
    expect(list('td a').map((_, a) => list(a).text()).get()).toContain('Ana Author')
  })
})
