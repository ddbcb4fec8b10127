import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, loadEditableArticle } from '../src/content/articles/index.ts'
import { authenticateContentKey, ContentApiKeyError } from '../src/content/accounts/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { openDatabase } from '../src/db/connection.ts'
import type { Role } from '../src/db/schema.ts'
import { databaseTargets } from './helpers/databases.ts'
import { editorForm, signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/** Where Content API keys and the `featured` flag come from: the command line and the newsroom. */
const run = promisify(execFile)
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx')

describe('gazette api-key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-cli-'))
  const env = { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), DATA_DIR: dir }
  const cli = (...args: string[]) => run(tsx, ['src/cli/index.ts', 'api-key', ...args], { env })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('creates a key, printed as the last line, that lists without the key and can be revoked', async () => {
    const { stdout } = await cli('create', '--name', 'Test')
    const lines = stdout.trim().split('\n')
    const key = lines.at(-1) ?? ''
    expect(key).toMatch(/^[0-9a-f]{26}$/)
    const database = await openDatabase(env.DATABASE_URL)
    try {
      await expect(authenticateContentKey(database.db, key)).resolves.toMatchObject({ id: 1 })
      const listed = (await cli('list')).stdout
      expect(listed).toContain('Test')
      expect(listed).toContain('active')
      expect(listed).not.toContain(key)
      expect((await cli('revoke', '1')).stdout).toContain('Revoked')
      await expect(authenticateContentKey(database.db, key)).rejects.toBeInstanceOf(ContentApiKeyError)
    } finally {
      await database.destroy()
    }
    await expect(cli('create')).rejects.toMatchObject({ code: 2 })
  }, 60_000)
})

describe.each(await databaseTargets())('Content API keys and featured stories in the newsroom on $name', (target) => {
  let server: TestServer
  const clients = {} as Record<Role, Client>

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    for (const role of ['contributor', 'author', 'editor', 'admin'] as const) clients[role] = await signIn(server, role)
  })
  afterAll(async () => {
    await server?.close()
  })

  const apiStatus = async (key: string) => (await server.get(`/ghost/api/content/settings/?key=${key}`)).status
  const keyNames = async () => (await server.database.db.selectFrom('api_keys').select('name').execute()).map((k) => k.name)

  it('shows the page and its nav link to administrators only', async () => {
    const page = await clients.admin.get('/admin/api-keys')
    expect(page.status).toBe(200)
    const $ = cheerio.load(await page.text())
    expect($('h1').text()).toBe('Content API keys')
    expect($('nav a[href="/admin/api-keys"]').length).toBe(1)
    for (const role of ['contributor', 'author', 'editor'] as const) {
      expect((await clients[role].get('/admin/api-keys')).status, role).toBe(403)
      const nav = cheerio.load(await (await clients[role].get('/admin/articles')).text())
      expect(nav('nav a[href="/admin/api-keys"]').length, role).toBe(0)
    }
  })

  it('creates a key that is shown once and works at once', async () => {
    const res = await clients.admin.post('/admin/api-keys', { name: 'Partner site' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const key = cheerio.load(await res.text())('#new-key').text()
    expect(key).toMatch(/^[0-9a-f]{26}$/)
    expect(await apiStatus(key)).toBe(200)
    const later = await (await clients.admin.get('/admin/api-keys')).text()
    expect(later).toContain('Partner site')
    expect(later).not.toContain(key)
    const stored = await server.database.db.selectFrom('api_keys').select('key_hash').where('name', '=', 'Partner site').executeTakeFirstOrThrow()
    expect(stored.key_hash).not.toContain(key)
  })

  it('refuses creation by editors, without a name, or without the form token', async () => {
    expect((await clients.editor.post('/admin/api-keys', { name: 'Editor key' })).status).toBe(403)
    expect((await clients.admin.post('/admin/api-keys', { name: 'No token', _csrf: '' })).status).toBe(403)
    const unnamed = await clients.admin.post('/admin/api-keys', { name: '' })
    expect(unnamed.status).toBe(400)
    expect(await keyNames()).not.toEqual(expect.arrayContaining(['Editor key']))
    expect(await keyNames()).not.toEqual(expect.arrayContaining(['No token']))
  })

  it('revokes for administrators only, and a revoked key stops working', async () => {
    const res = await clients.admin.post('/admin/api-keys', { name: 'Short-lived' })
    const key = cheerio.load(await res.text())('#new-key').text()
    const { id } = await server.database.db.selectFrom('api_keys').select('id').where('name', '=', 'Short-lived').executeTakeFirstOrThrow()
    expect((await clients.editor.post(`/admin/api-keys/${id}/revoke`, {})).status).toBe(403)
    expect(await apiStatus(key)).toBe(200)
    expect((await clients.admin.post(`/admin/api-keys/${id}/revoke`, {})).status).toBe(303)
    expect(await apiStatus(key)).toBe(401)
    expect(await (await clients.admin.get('/admin/api-keys')).text()).toContain('Revoked')
    expect((await clients.admin.post('/admin/api-keys/999999/revoke', {})).status).toBe(404)
  })

  it('saves "Featured" from the article editor through the versioned save', async () => {
    const { db } = server.database
    const sectionId = (await ensureSection(db, { name: 'City' })).id
    const article = await createDraft(db, { id: clients.editor.userId, role: 'editor', authorId: clients.editor.authorId }, { headline: 'Featured candidate', bodyHtml: '<p>Text.</p>', sectionId })
    const form = await editorForm(clients.editor, article.id)
    expect(form.featured).toBeUndefined()

    expect((await clients.editor.post(`/admin/articles/${article.id}`, { ...form, featured: 'on' })).status).toBe(303)
    expect((await loadEditableArticle(db, article.id)).featured).toBe(true)
    const checked = await editorForm(clients.editor, article.id)
    expect(checked.featured).toBe('on')

    // The old form names version 1: a conflict, and the flag stays as saved.
    const stale = await clients.editor.post(`/admin/articles/${article.id}`, { ...form })
    expect(stale.status).toBe(409)
    expect((await loadEditableArticle(db, article.id)).featured).toBe(true)

    const { featured: _checked, ...unchecked } = checked
    expect((await clients.editor.post(`/admin/articles/${article.id}`, unchecked)).status).toBe(303)
    const saved = await loadEditableArticle(db, article.id)
    expect(saved.featured).toBe(false)
    expect(saved.version).toBe(3)
  })
})
