import * as cheerio from 'cheerio'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, loadEditableArticle } from '../../src/content/articles/index.ts'
import { ensureSection } from '../../src/content/taxonomy/index.ts'
import { openDatabase } from '../../src/db/connection.ts'
import { migrateTo, migrateToLatest } from '../../src/db/migrate.ts'
import { buildApiClient } from '../helpers/admin-api.ts'
import { databaseTargets, testSchemaName } from '../helpers/databases.ts'
import { editorForm, signIn, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/** The planted form of the review: it would make its author an admin with the admin's own form token. */
const plantedForm = (userId: number) =>
  `<p>Harbour story.</p><form action="/admin/users/${userId}/role" method="post"><input name="role" value="admin"><button>Save mine over</button></form><img src=x onerror="alert(1)">`

describe.each(await databaseTargets())('stored HTML on $name', (target) => {
  let server: TestServer
  let admin: Client
  let contributor: Client
  let sectionId: number

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    admin = await signIn(server, 'admin')
    contributor = await signIn(server, 'contributor')
    sectionId = (await ensureSection(server.database.db, { name: 'Harbour' })).id
  })
  afterAll(async () => {
    await server?.close()
  })

  it('stores revisions sanitized, and the edit-conflict page of a restore carries no planted form', async () => {
    const created = await contributor.post('/admin/articles', { headline: 'Harbour reopens' })
    const id = Number(created.headers.get('location')?.split('/').pop())
    const form = await editorForm(contributor, id)
    expect((await contributor.post(`/admin/articles/${id}`, { ...form, sectionId: String(sectionId), bodyHtml: plantedForm(contributor.userId) })).status).toBe(303)
    const revisions = await server.database.db.selectFrom('article_revisions').select(['id', 'snapshot']).where('article_id', '=', id).orderBy('id').execute()
    for (const revision of revisions) {
      expect(revision.snapshot).not.toMatch(/<form|<input|onerror/i)
    }
    // The contributor autosaves once, so the admin's restore starts from an older version: a 409 page.
    const after = await editorForm(contributor, id)
    expect((await contributor.post(`/admin/articles/${id}/autosave`, { ...after, bodyHtml: '<p>Autosaved.</p>' })).status).toBe(200)
    const planted = revisions[revisions.length - 1]!
    const restore = await admin.post(`/admin/articles/${id}/revisions/${planted.id}/restore`, { version: form.version as string })
    expect(restore.status).toBe(409)
    const $ = cheerio.load(await restore.text())
    expect($('form[action*="/admin/users/"]').length).toBe(0)
    expect($('input[name=role]').length).toBe(0)
    expect($('img[onerror]').length).toBe(0)
    expect($('.compare').text()).toContain('Harbour story.')
    const role = await server.database.db.selectFrom('users').select('role').where('id', '=', contributor.userId).executeTakeFirstOrThrow()
    expect(role.role).toBe('contributor')
  })

  it('prints a revision row written with unsafe markup only through the sanitizer', async () => {
    const article = await createDraft(server.database.db, { id: admin.userId, role: 'admin', authorId: admin.authorId }, { headline: 'Old row', bodyHtml: '<p>Safe.</p>', sectionId })
    // As a row from before this release (or written by hand) could hold it.
    await server.database.db
      .insertInto('article_revisions')
      .values({ article_id: article.id, version: 1, user_id: contributor.userId, created_at: new Date().toISOString(), snapshot: JSON.stringify({ headline: 'Old row', bodyHtml: plantedForm(contributor.userId) }) })
      .execute()
    const row = await server.database.db.selectFrom('article_revisions').select('id').where('article_id', '=', article.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    const form = await editorForm(admin, article.id)
    await admin.post(`/admin/articles/${article.id}/autosave`, { ...form, bodyHtml: '<p>Moved on.</p>' })
    const restore = await admin.post(`/admin/articles/${article.id}/revisions/${row.id}/restore`, { version: form.version as string })
    expect(restore.status).toBe(409)
    const $ = cheerio.load(await restore.text())
    expect($('form[action*="/admin/users/"]').length + $('input[name=role]').length + $('img[onerror]').length).toBe(0)
    const detail = cheerio.load(await (await admin.get(`/admin/articles/${article.id}/revisions/${row.id}`)).text())
    expect(detail('form[action*="/admin/users/"]').length).toBe(0)
  })

  it('refuses a body nested past the limit with a 400 naming it, from the newsroom and the Admin API', async () => {
    const api = await buildApiClient(server, 'contributor')
    // The review's 480 KB of <b> is past the length limit; 270 KB of it reaches the depth check.
    expect((await api.request('POST', '/api/admin/articles', { headline: 'Deep', body_html: '<b>'.repeat(160_000) })).status).toBe(400)
    const res = await api.request('POST', '/api/admin/articles', { headline: 'Deep', body_html: '<b>'.repeat(90_000) })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: string[] } }
    expect(body.error.details.join(' ')).toMatch(/more than 100 levels deep/)
    const created = await contributor.post('/admin/articles', { headline: 'Deep two' })
    const id = Number(created.headers.get('location')?.split('/').pop())
    const form = await editorForm(contributor, id)
    const page = await contributor.post(`/admin/articles/${id}`, { ...form, bodyHtml: '<i>'.repeat(300) })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('more than 100 levels deep')
    const tooLong = await api.request('POST', '/api/admin/articles', { headline: 'Long', body_html: `<p>${'a'.repeat(300_001)}</p>` })
    expect(tooLong.status).toBe(400)
    // The server kept answering and stored nothing.
    expect((await server.get('/')).status).toBeLessThan(500)
    expect(await server.database.db.selectFrom('articles').select('id').where('headline', 'in', ['Deep', 'Long']).execute()).toEqual([])
  })

  it('writes the excerpt with the story, so a page without a dek cuts none', async () => {
    const api = await buildApiClient(server, 'editor')
    const res = await api.request('POST', '/api/admin/articles', { headline: 'No dek here', body_html: `<p>${'Harbour pilots returned to work. '.repeat(30)}</p>`, section_id: sectionId })
    const { id } = (await res.json()) as { id: number }
    const row = await server.database.db.selectFrom('articles').select(['excerpt', 'body_text']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.excerpt).toMatch(/^Harbour pilots returned to work\. .*…$/)
    expect(row.excerpt!.length).toBeLessThanOrEqual(501)
    // Change the stored excerpt behind the domain's back: the page shows what is stored, not a re-cut.
    await server.database.db.updateTable('articles').set({ excerpt: 'Stored excerpt marker.' }).where('id', '=', id).execute()
    expect((await api.request('POST', `/api/admin/articles/${id}/publish`)).status).toBe(200)
    const page = await (await server.get(`/articles/${(await loadEditableArticle(server.database.db, id)).slug}`)).text()
    expect(cheerio.load(page)('meta[name=description]').attr('content')).toBe('Stored excerpt marker.')
  })
})

describe.each(await databaseTargets())('migration 0011 on $name', (target) => {
  it('sanitizes revisions stored before it and fills every excerpt', async () => {
    const schema = target.name === 'postgres' ? testSchemaName('m0011') : undefined
    const database = await openDatabase(target.url ?? ':memory:', { schema })
    try {
      await migrateTo(database, '0010-article-body-last')
      const db = database.db
      const now = new Date().toISOString()
      await sql`insert into articles (slug, headline, body_html, body_text, status, created_at, updated_at) values ('old', 'Old', '<p>Old story text.</p>', 'Old story text.', 'draft', ${now}, ${now})`.execute(db)
      await sql`insert into article_revisions (article_id, version, user_id, created_at, snapshot) values (1, 1, null, ${now}, ${JSON.stringify({ headline: 'Old', bodyHtml: plantedForm(7) })})`.execute(db)
      await sql`insert into article_revisions (article_id, version, user_id, created_at, snapshot) values (1, 2, null, ${now}, ${JSON.stringify({ headline: 'Old', bodyHtml: '<b>'.repeat(5000) })})`.execute(db)
      await migrateToLatest(database)
      const snapshots = await db.selectFrom('article_revisions').select('snapshot').execute()
      for (const { snapshot } of snapshots) expect(snapshot).not.toMatch(/<form|<input|onerror|<b><b>/i)
      expect(JSON.parse(snapshots[0]!.snapshot).bodyHtml).toBe('<p>Harbour story.</p>Save mine over<img src="x" />')
      expect((await db.selectFrom('articles').select('excerpt').executeTakeFirstOrThrow()).excerpt).toBe('Old story text.')
    } finally {
      await database.destroy()
    }
  })
})
