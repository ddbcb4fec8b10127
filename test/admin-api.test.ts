import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleListSchema, articleSchema, editConflictSchema, errorSchema } from '../src/api/admin/schemas.ts'
import { revokeApiToken } from '../src/content/accounts/index.ts'
import { loadEditableArticle } from '../src/content/articles/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { buildApiClient, type ApiClient } from './helpers/admin-api.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('Admin API on $name', (target) => {
  let server: TestServer
  let contributor: ApiClient
  let author: ApiClient
  let editor: ApiClient
  let admin: ApiClient
  let sectionId: number

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    contributor = await buildApiClient(server, 'contributor')
    author = await buildApiClient(server, 'author')
    editor = await buildApiClient(server, 'editor')
    admin = await buildApiClient(server, 'admin')
    sectionId = (await ensureSection(server.database.db, { name: 'Metro' })).id
  })
  afterAll(async () => {
    await server?.close()
  })

  const json = async (res: Response) => (await res.json()) as unknown
  const create = async (client: ApiClient, fields: Record<string, unknown> = {}) => {
    const res = await client.request('POST', '/api/admin/articles', { headline: 'Harbour cranes return', body_html: '<p>Cranes are back.</p>', section_id: sectionId, ...fields })
    expect(res.status).toBe(201)
    return articleSchema.parse(await json(res))
  }
  const statusOf = async (id: number) => (await loadEditableArticle(server.database.db, id)).status

  it('answers 401 without a token, with a malformed, unknown or revoked one, and ignores newsroom cookies', async () => {
    expect((await editor.request('GET', '/api/admin/articles')).status).toBe(200)
    const none = await editor.request('GET', '/api/admin/articles', undefined, { token: null })
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(errorSchema.parse(await json(none)).error.code).toBe('unauthorized')
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not-a-token', `Bearer gzt_${'A'.repeat(43)}`]) {
      const res = await server.get('/api/admin/articles', { headers: { authorization: header } })
      expect(res.status, header).toBe(401)
    }
    const revoked = await buildApiClient(server, 'admin')
    expect((await revoked.request('GET', '/api/admin/articles')).status).toBe(200)
    await revokeApiToken(server.database.db, revoked.actor, (await server.database.db.selectFrom('api_tokens').select('id').where('user_id', '=', revoked.actor.id).executeTakeFirstOrThrow()).id)
    expect((await revoked.request('GET', '/api/admin/articles')).status).toBe(401)

    // A signed-in browser's cookie and form token are not credentials here (so there is nothing to forge).
    const browser = await signIn(server, 'admin')
    expect((await browser.get('/api/admin/articles')).status).toBe(401)
    const forged = await browser.post('/api/admin/articles', JSON.stringify({ headline: 'Forged' }), { 'content-type': 'application/json', 'x-csrf-token': browser.csrf })
    expect(forged.status).toBe(401)
    expect(await server.database.db.selectFrom('articles').select('id').where('headline', '=', 'Forged').execute()).toEqual([])
  })

  it('lets an editor create, read, change, publish and unpublish a story', async () => {
    const created = await create(editor, { dek: 'Three cranes arrive', tag_ids: [] })
    expect(created).toMatchObject({ status: 'draft', version: 1, headline: 'Harbour cranes return', dek: 'Three cranes arrive', url: null, created_by: editor.actor.id })
    const read = articleSchema.parse(await json(await editor.request('GET', `/api/admin/articles/${created.id}`)))
    expect(read).toEqual(created)

    const patched = await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 1, dek: 'Four cranes arrive', featured: true })
    expect(patched.status).toBe(200)
    const saved = articleSchema.parse(await json(patched))
    // Only the fields sent change.
    expect(saved).toMatchObject({ version: 2, dek: 'Four cranes arrive', featured: true, body_html: '<p>Cranes are back.</p>', section_id: sectionId })

    const published = articleSchema.parse(await json(await editor.request('POST', `/api/admin/articles/${created.id}/publish`)))
    expect(published.status).toBe('published')
    expect(published.url).toBe(`http://gazette.test/articles/${created.slug}`)
    expect((await server.get(`/articles/${created.slug}`)).status).toBe(200)
    const list = articleListSchema.parse(await json(await editor.request('GET', '/api/admin/articles?status=published')))
    expect(list.articles.map((a) => a.id)).toContain(created.id)
    expect(list.articles.every((a) => a.status === 'published')).toBe(true)
    expect(list.pagination).toMatchObject({ page: 1, per_page: 50, total: list.articles.length })

    const unpublished = articleSchema.parse(await json(await editor.request('POST', `/api/admin/articles/${created.id}/unpublish`)))
    expect(unpublished.status).toBe('unpublished')
    expect((await server.get(`/articles/${created.slug}`)).status).toBe(404)
  })

  it('answers 409 with the stored version to a change made from an older one, overwriting nothing', async () => {
    const created = await create(editor)
    expect((await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 1, body_html: '<p>First.</p>' })).status).toBe(200)
    const stale = await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 1, body_html: '<p>Second.</p>' })
    expect(stale.status).toBe(409)
    const conflict = editConflictSchema.parse(await json(stale))
    expect(conflict.error.code).toBe('edit_conflict')
    expect(conflict.article).toMatchObject({ version: 2, body_html: '<p>First.</p>' })
    expect((await loadEditableArticle(server.database.db, created.id)).bodyHtml).toBe('<p>First.</p>')
    // Resending from the version the 409 named wins on purpose.
    expect((await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 2, body_html: '<p>Second.</p>' })).status).toBe(200)
  })

  it('applies each role’s policy: 403 (404 for a story the role may not read) and nothing changed when the role may not', async () => {
    const draft = await create(contributor)
    const refused = await contributor.request('POST', `/api/admin/articles/${draft.id}/publish`)
    expect(refused.status).toBe(403)
    expect(errorSchema.parse(await json(refused)).error.code).toBe('forbidden')
    expect(await statusOf(draft.id)).toBe('draft')
    // The contributor's story is not the author's: it does not exist for them.
    expect((await author.request('POST', `/api/admin/articles/${draft.id}/publish`)).status).toBe(404)
    expect((await author.request('PATCH', `/api/admin/articles/${draft.id}`, { version: 1, headline: 'Hijacked' })).status).toBe(404)
    expect((await loadEditableArticle(server.database.db, draft.id)).headline).toBe('Harbour cranes return')
    expect((await contributor.request('PATCH', `/api/admin/articles/${draft.id}`, { version: 1, headline: 'Cranes, revised' })).status).toBe(200)

    const own = await create(author)
    expect((await author.request('POST', `/api/admin/articles/${own.id}/publish`)).status).toBe(200)
    expect((await contributor.request('POST', `/api/admin/articles/${own.id}/unpublish`)).status).toBe(404)
    expect(await statusOf(own.id)).toBe('published')
    expect((await editor.request('POST', `/api/admin/articles/${draft.id}/publish`)).status).toBe(200)

    // Deleting: a writer only an own draft, the desk anything.
    const mine = await create(contributor)
    expect((await contributor.request('DELETE', `/api/admin/articles/${own.id}`)).status).toBe(404)
    expect((await author.request('DELETE', `/api/admin/articles/${own.id}`)).status).toBe(403)
    expect((await contributor.request('DELETE', `/api/admin/articles/${mine.id}`)).status).toBe(204)
    expect((await admin.request('DELETE', `/api/admin/articles/${own.id}`)).status).toBe(204)
    expect((await admin.request('GET', `/api/admin/articles/${own.id}`)).status).toBe(404)
    expect((await server.get(`/articles/${own.slug}`)).status).toBe(404)
  })

  it('creates tokens in the newsroom, shows each once, and stops a revoked one', async () => {
    const browser = await signIn(server, 'author')
    expect((await browser.post('/admin/tokens', { name: 'Forged', _csrf: 'wrong' })).status).toBe(403)
    const page = await browser.post('/admin/tokens', { name: 'Wire importer' })
    expect(page.status).toBe(200)
    const token = cheerio.load(await page.text())('[data-new-token]').text()
    expect(token).toMatch(/^gzt_/)
    const bearer = { headers: { authorization: `Bearer ${token}` } }
    expect((await server.get('/api/admin/articles', bearer)).status).toBe(200)
    const listing = await (await browser.get('/admin/tokens')).text()
    expect(listing).toContain('Wire importer')
    expect(listing).not.toContain(token)
    const $ = cheerio.load(listing)
    const revoke = $('form[action$="/revoke"]').attr('action') as string
    expect((await browser.post(revoke, {})).status).toBe(303)
    expect((await server.get('/api/admin/articles', bearer)).status).toBe(401)
    expect(await (await browser.get('/admin/tokens')).text()).toContain('Revoked')
  })
})
