import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as cheerio from 'cheerio'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, loadEditableArticle, transitionArticle } from '../src/content/articles/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { createUser, toActor } from '../src/content/accounts/index.ts'
import { databaseTargets } from './helpers/databases.ts'
import { editorForm, signIn, testPassword, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each(await databaseTargets())('newsroom editing on $name', (target) => {
  let server: TestServer
  let editor: Client
  let reporter: Client
  let sectionId: number

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false, env: { MAX_UPLOAD_MB: '0.2' } })
    editor = await signIn(server, 'editor')
    reporter = await signIn(server, 'contributor')
    sectionId = (await ensureSection(server.database.db, { name: 'Metro' })).id
  })
  afterAll(async () => {
    await server?.close()
  })

  const actorOf = (client: Client, role: 'editor' | 'contributor') => ({ id: client.userId, role, authorId: client.authorId })

  it('refuses a save made from an older version with 409, showing both versions and overwriting nothing', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Bridge closes', bodyHtml: '<p>Original text.</p>', sectionId })
    const formA = await editorForm(editor, article.id)
    const formB = await editorForm(editor, article.id)
    const first = await editor.post(`/admin/articles/${article.id}`, { ...formA, bodyHtml: '<p>First editor text.</p>' })
    expect(first.status).toBe(303)
    const second = await editor.post(`/admin/articles/${article.id}`, { ...formB, bodyHtml: '<p>Second editor text.</p>' })
    expect(second.status).toBe(409)
    const page = await second.text()
    expect(page).toContain('First editor text.')
    expect(page).toContain('Second editor text.')
    const stored = await loadEditableArticle(server.database.db, article.id)
    expect(stored.bodyHtml).toBe('<p>First editor text.</p>')
    expect(stored.version).toBe(2)
    // The explicit "save mine" button carries the new version and wins on purpose.
    const $ = cheerio.load(page)
    const payload = $('input[name=payload]').val() as string
    const overwrite = await editor.post(`/admin/articles/${article.id}`, { version: String(stored.version), payload })
    expect(overwrite.status).toBe(303)
    expect((await loadEditableArticle(server.database.db, article.id)).bodyHtml).toBe('<p>Second editor text.</p>')
  })

  it('records a revision per manual save, none per autosave, and restores an old version', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Tram fares', bodyHtml: '<p>Fares rise.</p>', sectionId })
    let form = await editorForm(editor, article.id)
    await editor.post(`/admin/articles/${article.id}`, { ...form, bodyHtml: '<p>Fares rise by ten cents.</p>' })
    let version = (await loadEditableArticle(server.database.db, article.id)).version
    for (let i = 0; i < 5; i++) {
      const res = await editor.post(`/admin/articles/${article.id}/autosave`, JSON.stringify({ version, draft: { headline: 'Tram fares', bodyHtml: `<p>Typing ${i}</p>`, sectionId } }), {
        'content-type': 'application/json',
        'x-csrf-token': editor.csrf,
      })
      expect(res.status).toBe(200)
      version = ((await res.json()) as { version: number }).version
    }
    const revisionsPage = cheerio.load(await (await editor.get(`/admin/articles/${article.id}/revisions`)).text())
    const links = revisionsPage('a[href*="/revisions/"]').map((_, a) => revisionsPage(a).attr('href')).get()
    expect(links).toHaveLength(2)
    const oldest = links.at(-1) as string
    const diff = cheerio.load(await (await editor.get(oldest)).text())
    expect(diff('del').text() + diff('ins').text()).toMatch(/Fares|Typing/)
    const restore = await editor.post(`${oldest}/restore`, { version: String(version) })
    expect(restore.status).toBe(303)
    expect((await loadEditableArticle(server.database.db, article.id)).bodyHtml).toBe('<p>Fares rise.</p>')
    form = await editorForm(editor, article.id)
    expect(form.bodyHtml).toBe('<p>Fares rise.</p>')
  })

  it('redirects the old address with 301 after a slug change', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Flood warning issued', bodyHtml: '<p>Rain.</p>', sectionId })
    await transitionArticle(server.database.db, actorOf(editor, 'editor'), article.id, 'publish')
    const form = await editorForm(editor, article.id)
    expect((await editor.post(`/admin/articles/${article.id}`, { ...form, slug: 'flood-warning-lifted' })).status).toBe(303)
    const old = await server.get('/articles/flood-warning-issued')
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe('/articles/flood-warning-lifted')
    expect((await server.get('/articles/flood-warning-lifted')).status).toBe(200)
  })

  it('refuses to publish without a section or feature image alt text, saying what is missing', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Unfinished story', bodyHtml: '<p>Text.</p>' })
    const res = await editor.post(`/admin/articles/${article.id}/workflow`, { action: 'publish' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('it needs a section')
    expect((await loadEditableArticle(server.database.db, article.id)).status).toBe('draft')
  })

  it('uploads an image, refuses non-images and oversized files, and serves srcset on the public page', async () => {
    const mediaDir = join(server.dataDir, 'media')
    const countFiles = () => readdirSync(mediaDir, { recursive: true }).filter((f) => /\.(webp|jpg|png)$/.test(String(f))).length
    const png = await sharp({ create: { width: 1400, height: 800, channels: 3, background: '#336699' } }).png().toBuffer()
    const upload = (bytes: Uint8Array, name: string) => {
      const form = new FormData()
      form.set('file', new File([bytes], name))
      form.set('alt', 'A blue test card')
      return reporter.post('/admin/media', form, { accept: 'application/json' })
    }
    const ok = await upload(png, 'card.png')
    expect(ok.status).toBe(201)
    const { id } = (await ok.json()) as { id: number }
    const filesAfterUpload = countFiles()
    expect(filesAfterUpload).toBeGreaterThan(2)

    const text = await upload(new TextEncoder().encode('not an image at all'), 'sneaky.jpg')
    expect(text.status).toBe(400)
    expect(((await text.json()) as { error: { message: string } }).error.message).toMatch(/not a supported image/)
    const big = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#000' } }).png({ compressionLevel: 0 }).toBuffer()
    const tooBig = await upload(big, 'huge.png')
    expect(tooBig.status).toBe(413)
    expect(countFiles()).toBe(filesAfterUpload)
    expect((await server.database.db.selectFrom('media').select('id').execute()).length).toBe(1)

    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Blue skies ahead', bodyHtml: '<p>Forecast.</p>', sectionId, featureMediaId: id, featureImageAlt: 'A blue test card' })
    await transitionArticle(server.database.db, actorOf(editor, 'editor'), article.id, 'publish')
    const $ = cheerio.load(await (await server.get(`/articles/${article.slug}`)).text())
    expect($('.feature-image source[type="image/webp"]').attr('srcset')).toMatch(/320w.*640w/)
    const img = $('.feature-image img')
    expect(img.attr('width')).toBe('1400')
    expect(img.attr('height')).toBe('800')
    expect((await server.get(img.attr('src') ?? '')).status).toBe(200)
  })

  it('reflects the settings page on the public site', async () => {
    const admin = await signIn(server, 'admin')
    const res = await admin.post('/admin/settings', {
      name: 'Harbour Herald',
      description: 'News from the coast.',
      logoUrl: '/media/logo.png',
      language: 'pt-PT',
      timezone: 'Asia/Tokyo',
      copyrightHolder: 'Herald Media',
      socialNetwork: ['bluesky', ''],
      socialUrl: ['https://bsky.app/profile/herald', ''],
    })
    expect(res.status).toBe(303)
    const bad = await admin.post('/admin/settings', { name: 'X', description: '', logoUrl: 'javascript:alert(1)', language: 'en', timezone: 'Nowhere/Land', copyrightHolder: '' })
    expect(bad.status).toBe(400)
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Tide tables', bodyHtml: '<p>Low tide.</p>', sectionId })
    await transitionArticle(server.database.db, actorOf(editor, 'editor'), article.id, 'publish', { at: new Date('2026-01-01T20:00:00Z') })
    const $ = cheerio.load(await (await server.get(`/articles/${article.slug}`)).text())
    expect($('html').attr('lang')).toBe('pt-PT')
    expect($('title').text()).toBe('Tide tables | Harbour Herald')
    expect($('.brand img').attr('src')).toBe('/media/logo.png')
    expect($('.tagline').text()).toBe('News from the coast.')
    expect($('.social a').attr('href')).toBe('https://bsky.app/profile/herald')
    expect($('.copyright').text()).toMatch(/Herald Media$/)
    // 20:00 UTC on 1 January is 05:00 on 2 January in Tokyo.
    expect($('.story-header .meta').text()).toMatch(/2 de janeiro de 2026/)
  })

  it('answers malformed forms, odd JSON and NUL characters with 400, never 500, and stores nothing', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Ferry strike', bodyHtml: '<p>Text.</p>', sectionId })
    const json = { 'content-type': 'application/json', 'x-csrf-token': editor.csrf }
    for (const body of ['null', '[]', '7', JSON.stringify({ version: 1, draft: { headline: 'nul\u0000' } }), JSON.stringify({ version: 1, draft: { headline: 'x', sectionId: 2 ** 31 } })]) {
      expect((await editor.post(`/admin/articles/${article.id}/autosave`, body, json)).status, body).toBe(400)
    }
    // A multipart body without its boundary cannot be read, with or without the token in a header.
    const unreadable: Record<string, string>[] = [{ 'content-type': 'multipart/form-data' }, { 'content-type': 'multipart/form-data; boundary=x', 'x-csrf-token': editor.csrf }]
    for (const headers of unreadable) {
      for (const path of [`/admin/articles/${article.id}`, '/admin/taxonomy/tags', '/admin/media', '/admin/login']) {
        expect((await editor.post(path, 'headline=x', headers)).status, path).toBe(400)
      }
    }
    // PostgreSQL text cannot hold NUL: every form refuses it on both engines.
    expect((await editor.post(`/admin/articles/${article.id}`, { ...(await editorForm(editor, article.id)), dek: 'a\u0000b' })).status).toBe(400)
    expect((await editor.post(`/admin/articles/${article.id}`, { version: '1', payload: JSON.stringify({ headline: 'x', tagIds: [2 ** 31] }) })).status).toBe(400)
    expect((await editor.post('/admin/taxonomy/tags', { name: 'nul\u0000tag' })).status).toBe(400)
    expect((await editor.post('/admin/tokens', { name: 'nul\u0000' })).status).toBe(400)
    expect((await editor.post(`/admin/authors/${editor.authorId}`, { name: 'Editor', bio: 'a\u0000b' })).status).toBe(400)
    expect((await editor.post('/admin/login', { email: 'nul\u0000@example.com', password: testPassword })).status).toBe(401)
    const stored = await loadEditableArticle(server.database.db, article.id)
    expect([stored.version, stored.headline, stored.dek]).toEqual([1, 'Ferry strike', ''])
    expect(await server.database.db.selectFrom('tags').select('id').where('name', 'like', 'nul%').execute()).toEqual([])
  })

  it('publishes a scheduled story within five seconds of its time', async () => {
    const article = await createDraft(server.database.db, actorOf(editor, 'editor'), { headline: 'Embargo lifts soon', bodyHtml: '<p>News.</p>', sectionId })
    await transitionArticle(server.database.db, actorOf(editor, 'editor'), article.id, 'schedule', { scheduledAt: new Date(Date.now() + 1500) })
    expect((await server.get(`/articles/${article.slug}`)).status).toBe(404)
    const deadline = Date.now() + 1500 + 5000
    let status = 0
    while (Date.now() < deadline && status !== 200) {
      await wait(250)
      status = (await server.get(`/articles/${article.slug}`)).status
    }
    expect(status).toBe(200)
    const history = await server.database.db.selectFrom('article_transitions').select(['to_status', 'note']).where('article_id', '=', article.id).orderBy('id').execute()
    expect(history.map((h) => h.to_status)).toEqual(['draft', 'scheduled', 'published'])
  })
})

describe.each(await databaseTargets())('newsroom start-up on $name', (target) => {
  it('shows the one-time setup form when there are no accounts, and creates the first admin', async () => {
    const server = await startTestServer(target, { demo: false })
    try {
      const page = await server.get('/admin')
      const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
      const $ = cheerio.load(await page.text())
      expect($('h1').text()).toBe('Set up your newsroom')
      const form = new URLSearchParams({ _csrf: $('input[name=_csrf]').val() as string, name: 'Ada Admin', email: 'ada@newsroom.test', password: testPassword })
      const forged = await server.get('/admin/setup', { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(form), _csrf: 'forged' }), headers: { cookie } })
      expect(forged.status).toBe(403)
      const res = await server.get('/admin/setup', { method: 'POST', body: form, headers: { cookie } })
      expect(res.status).toBe(303)
      const session = res.headers.getSetCookie().find((c) => c.startsWith('gazette_session='))
      expect(session).toMatch(/HttpOnly/i)
      expect(session).toMatch(/SameSite=Lax/i)
      const again = await server.get('/admin/setup', { method: 'POST', body: form, headers: { cookie } })
      expect(again.status).toBe(409)
      expect((await server.get('/admin', { headers: { cookie } })).status).toBe(303)
    } finally {
      await server.close()
    }
  })

  it('locks an account after five failed sign-ins from one address for 15 minutes', async () => {
    const server = await startTestServer(target, { demo: false })
    try {
      await createUser(server.database.db, { email: 'lock@newsroom.test', name: 'Lock Test', role: 'author', password: testPassword })
      const attempt = async (password: string) => {
        const page = await server.get('/admin/login')
        const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
        const csrf = cheerio.load(await page.text())('input[name=_csrf]').val() as string
        return server.get('/admin/login', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, email: 'lock@newsroom.test', password }), headers: { cookie } })
      }
      for (let i = 0; i < 5; i++) expect((await attempt('wrong password!')).status).toBe(401)
      const locked = await attempt(testPassword)
      expect(locked.status).toBe(429)
      expect(await locked.text()).toContain('Too many failed sign-in attempts')
    } finally {
      await server.close()
    }
  })

  it('publishes on start a story whose time came while the server was down', async () => {
    let slug = ''
    const server = await startTestServer(target, {
      demo: false,
      prepare: async ({ db }) => {
        const admin = await createUser(db, { email: 'sched@newsroom.test', name: 'Sched', role: 'admin', password: testPassword })
        const section = await ensureSection(db, { name: 'Night' })
        const article = await createDraft(db, toActor(admin), { headline: 'Overnight results', bodyHtml: '<p>Counted.</p>', sectionId: section.id })
        await transitionArticle(db, toActor(admin), article.id, 'schedule', { at: new Date(Date.now() - 60_000), scheduledAt: new Date(Date.now() - 30_000) })
        slug = article.slug
      },
    })
    try {
      let status = 0
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await server.get(`/articles/${slug}`)).status
        if (status !== 200) await wait(250)
      }
      expect(status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
