import { createHash } from 'node:crypto'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/content/accounts/index.ts'
import { createApiToken, revokeApiToken } from '../../src/content/accounts/index.ts'
import { createDraft } from '../../src/content/articles/index.ts'
import { issueCorrection } from '../../src/content/articles/index.ts'
import { ensureSection } from '../../src/content/taxonomy/index.ts'
import { toActor } from '../../src/content/accounts/index.ts'
import { createWebhook } from '../../src/content/webhooks/index.ts'
import { transitionArticle } from '../../src/content/articles/index.ts'
import type { Actor } from '../../src/content/accounts/index.ts'
import type { DB, Role } from '../../src/db/schema.ts'
import { buildImage } from '../helpers/builders.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { buildUser, signIn, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * Every state-changing route and every newsroom page × every kind of caller: anonymous, each role
 * (signed in, and with an Admin API token), a revoked token, and a Content API key offered to the
 * Admin API. Each cell targets objects owned by somebody else (IDOR). A refused cell must answer
 * 401/403/404 (or send an anonymous visitor to the sign-in page) and leave every table as it was;
 * an allowed cell must succeed. Expectations are the role policy (docs/decisions/0008-read-policy.md).
 */
type Caller = 'anonymous' | Role
const roles: Role[] = ['contributor', 'author', 'editor', 'admin']
const rank: Record<Caller, number> = { anonymous: -1, contributor: 0, author: 1, editor: 2, admin: 3 }

type Cell = { method: string; path: string; form?: Record<string, string>; json?: unknown; multipart?: FormData }
type World = { victim: Actor; victimAuthorId: number; sectionId: number; dataDir: string }
type Case = {
  name: string
  /** The lowest role allowed, or 'nobody'. */
  allowed: Role | 'nobody'
  /** Builds fresh objects owned by the victim, then the request. */
  make(db: TestServer['database']['db'], world: World): Promise<Cell>
}

/** A story by the victim that the desk could publish: headline, section, body, byline. */
async function victimDraft(db: TestServer['database']['db'], world: World, body = '<p>Quay walls are being rebuilt.</p>') {
  return createDraft(db, world.victim, { headline: `Victim story ${Math.random().toString(36).slice(2)}`, bodyHtml: body, sectionId: world.sectionId, authorIds: [world.victimAuthorId] })
}
async function victimPublished(db: TestServer['database']['db'], world: World) {
  const draft = await victimDraft(db, world)
  await transitionArticle(db, { ...world.victim, role: 'editor' }, draft.id, 'publish')
  return draft
}
async function png(): Promise<Blob> {
  const bytes = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } }).png().toBuffer()
  return new Blob([new Uint8Array(bytes)], { type: 'image/png' })
}

const newsroomWrites: Case[] = [
  { name: 'create a draft', allowed: 'contributor', make: async () => ({ method: 'POST', path: '/admin/articles', form: { headline: 'Matrix draft' } }) },
  { name: "save another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'POST', path: `/admin/articles/${a.id}`, form: { version: String(a.version), headline: 'Taken over', bodyHtml: '<p>Mine now.</p>' } } } },
  { name: "autosave another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'POST', path: `/admin/articles/${a.id}/autosave`, form: { version: String(a.version), headline: 'Taken over', bodyHtml: '<p>Mine now.</p>' } } } },
  { name: "publish another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'POST', path: `/admin/articles/${a.id}/workflow`, form: { action: 'publish' } } } },
  { name: "unpublish another's story", allowed: 'editor', make: async (db, w) => { const a = await victimPublished(db, w); return { method: 'POST', path: `/admin/articles/${a.id}/workflow`, form: { action: 'unpublish' } } } },
  {
    name: "restore a revision of another's draft", allowed: 'editor', make: async (db, w) => {
      const a = await victimDraft(db, w)
      const rev = await db.selectFrom('article_revisions').select('id').where('article_id', '=', a.id).executeTakeFirstOrThrow()
      return { method: 'POST', path: `/admin/articles/${a.id}/revisions/${rev.id}/restore`, form: { version: String(a.version) } }
    },
  },
  { name: 'issue a correction', allowed: 'editor', make: async (db, w) => { const a = await victimPublished(db, w); return { method: 'POST', path: `/admin/articles/${a.id}/corrections`, form: { body: 'An earlier version misstated the date.' } } } },
  {
    name: 'withdraw a correction', allowed: 'editor', make: async (db, w) => {
      const a = await victimPublished(db, w)
      const c = await issueCorrection(db, { ...w.victim, role: 'editor' }, a.id, { body: 'An earlier version misstated the date.' })
      return { method: 'POST', path: `/admin/articles/${a.id}/corrections/${c.id}/delete`, form: { reason: 'Issued in error.' } }
    },
  },
  { name: 'upload an image', allowed: 'contributor', make: async () => { const f = new FormData(); f.set('file', await png(), 'matrix.png'); f.set('alt', 'A blue square'); return { method: 'POST', path: '/admin/media', multipart: f } } },
  { name: "describe another's image", allowed: 'editor', make: async (db, w) => { const m = await buildImage(db, join(w.dataDir, 'media'), { width: 40, height: 30 }); await db.updateTable('media').set({ uploaded_by: w.victim.id }).where('id', '=', m.id).execute(); return { method: 'POST', path: `/admin/media/${m.id}`, form: { alt: 'Changed', caption: '', credit: '' } } } },
  { name: "delete another's image", allowed: 'editor', make: async (db, w) => { const m = await buildImage(db, join(w.dataDir, 'media'), { width: 40, height: 30 }); await db.updateTable('media').set({ uploaded_by: w.victim.id }).where('id', '=', m.id).execute(); return { method: 'POST', path: `/admin/media/${m.id}/delete`, form: {} } } },
  { name: 'add a user', allowed: 'admin', make: async () => ({ method: 'POST', path: '/admin/users', form: { name: 'New Person', email: `new.${Math.random().toString(36).slice(2)}@newsroom.test`, role: 'admin', password: 'a long enough password' } }) },
  {
    name: "change another user's role", allowed: 'admin', make: async (db, w) => {
      await db.updateTable('users').set({ role: 'contributor' }).where('id', '=', w.victim.id).execute()
      return { method: 'POST', path: `/admin/users/${w.victim.id}/role`, form: { role: 'admin' } }
    },
  },
  { name: 'change site settings', allowed: 'admin', make: async () => ({ method: 'POST', path: '/admin/settings', form: { name: 'Hijacked Gazette', description: 'x', timezone: 'UTC', language: 'en' } }) },
  { name: 'add a section', allowed: 'editor', make: async () => ({ method: 'POST', path: '/admin/taxonomy/sections', form: { name: `Section ${Math.random().toString(36).slice(2, 8)}` } }) },
  { name: "edit another's author profile", allowed: 'editor', make: async (_db, w) => ({ method: 'POST', path: `/admin/authors/${w.victimAuthorId}`, form: { name: 'Renamed', bio: 'Changed bio', jobTitle: '' } }) },
  { name: 'create an own Admin API token', allowed: 'contributor', make: async () => ({ method: 'POST', path: '/admin/tokens', form: { name: 'mine' } }) },
  { name: "revoke another user's token", allowed: 'nobody', make: async (db, w) => { const t = await createApiToken(db, w.victim, { name: 'victim token' }); return { method: 'POST', path: `/admin/tokens/${t.id}/revoke`, form: {} } } },
  { name: 'create a Content API key', allowed: 'admin', make: async () => ({ method: 'POST', path: '/admin/api-keys', form: { name: 'matrix key' } }) },
  { name: 'revoke a Content API key', allowed: 'admin', make: async (db) => { const k = await createApiKey(db, { name: 'victim key' }); return { method: 'POST', path: `/admin/api-keys/${k.apiKey.id}/revoke`, form: {} } } },
  { name: 'register a webhook', allowed: 'admin', make: async () => ({ method: 'POST', path: '/admin/webhooks', form: { url: 'https://hooks.example.com/gazette', events: 'article.published' } }) },
  ...(['enable', 'disable', 'delete'] as const).map((action): Case => ({
    name: `${action} a webhook`, allowed: 'admin', make: async (db, w) => {
      const hook = await createWebhook(db, { ...w.victim, role: 'admin' }, { url: 'https://hooks.example.com/x', events: ['article.published'] })
      if (action === 'enable') await db.updateTable('webhooks').set({ disabled_at: new Date().toISOString() }).where('id', '=', hook.id).execute()
      return { method: 'POST', path: `/admin/webhooks/${hook.id}/${action}`, form: {} }
    },
  })),
  { name: 'run first-time setup again', allowed: 'nobody', make: async () => ({ method: 'POST', path: '/admin/setup', form: { name: 'Intruder', email: 'intruder@newsroom.test', password: 'a long enough password' } }) },
]

const apiWrites: Case[] = [
  { name: 'API: create a draft', allowed: 'contributor', make: async (_db, w) => ({ method: 'POST', path: '/api/admin/articles', json: { headline: 'API matrix draft', body_html: '<p>x</p>', section_id: w.sectionId } }) },
  { name: "API: edit another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'PATCH', path: `/api/admin/articles/${a.id}`, json: { version: a.version, headline: 'Taken over' } } } },
  { name: "API: delete another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'DELETE', path: `/api/admin/articles/${a.id}` } } },
  { name: "API: publish another's draft", allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'POST', path: `/api/admin/articles/${a.id}/publish` } } },
  { name: "API: unpublish another's story", allowed: 'editor', make: async (db, w) => { const a = await victimPublished(db, w); return { method: 'POST', path: `/api/admin/articles/${a.id}/unpublish` } } },
  { name: 'API: feature a story', allowed: 'editor', make: async (db, w) => { const a = await victimDraft(db, w); return { method: 'PATCH', path: `/api/admin/articles/${a.id}`, json: { version: a.version, featured: true } } } },
]

type Page = { path: string; allowed: Role; make?: (db: TestServer['database']['db'], w: World) => Promise<string> }
const newsroomPages: Page[] = [
  { path: '/admin', allowed: 'contributor' },
  { path: '/admin/articles', allowed: 'contributor' },
  { path: "another's draft in the editor", allowed: 'editor', make: async (db, w) => `/admin/articles/${(await victimDraft(db, w)).id}` },
  { path: "another's revisions", allowed: 'editor', make: async (db, w) => `/admin/articles/${(await victimDraft(db, w)).id}/revisions` },
  {
    path: "another's revision", allowed: 'editor', make: async (db, w) => {
      const a = await victimDraft(db, w)
      return `/admin/articles/${a.id}/revisions/${(await db.selectFrom('article_revisions').select('id').where('article_id', '=', a.id).executeTakeFirstOrThrow()).id}`
    },
  },
  { path: '/admin/media', allowed: 'contributor' },
  { path: '/admin/users', allowed: 'admin' },
  { path: '/admin/settings', allowed: 'admin' },
  { path: '/admin/taxonomy', allowed: 'editor' },
  { path: "another's author profile", allowed: 'editor', make: async (_db, w) => `/admin/authors/${w.victimAuthorId}` },
  { path: '/admin/tokens', allowed: 'contributor' },
  { path: '/admin/api-keys', allowed: 'admin' },
  { path: '/admin/webhooks', allowed: 'admin' },
  { path: 'a webhook', allowed: 'admin', make: async (db, w) => `/admin/webhooks/${(await createWebhook(db, { ...w.victim, role: 'admin' }, { url: 'https://hooks.example.com/y', events: ['article.published'] })).id}` },
  { path: "API: another's draft", allowed: 'editor', make: async (db, w) => `/api/admin/articles/${(await victimDraft(db, w)).id}` },
]

/**
 * Columns that change on any authenticated request (last use), or in the background (the webhook
 * dispatcher's attempts at deliveries queued by earlier cells), not by the action under test. That a
 * delivery is queued at all is still compared.
 */
const volatile: Partial<Record<keyof DB, string[]>> = {
  api_tokens: ['last_used_at'],
  api_keys: ['last_used_at'],
  webhook_deliveries: ['status', 'attempts', 'next_attempt_at', 'last_attempt_at', 'last_status_code', 'last_error', 'completed_at'],
}
const tables: (keyof DB)[] = ['sections', 'authors', 'tags', 'articles', 'article_authors', 'article_tags', 'sources', 'site_settings', 'users', 'article_transitions', 'article_revisions',
  'slug_redirects', 'labels', 'media', 'media_files', 'article_corrections', 'api_keys', 'api_tokens', 'webhooks', 'webhook_deliveries']

async function fingerprint(db: TestServer['database']['db']): Promise<string> {
  const hash = createHash('sha256')
  for (const table of tables) {
    const skip = volatile[table] ?? []
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[]
    const kept = rows.map((row) => Object.entries(row).filter(([k]) => !skip.includes(k)).map(([k, v]) => `${k}=${v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v)}`).join(','))
    hash.update(`${table}:${kept.sort().join('|')}\n`)
  }
  return hash.digest('hex')
}

describe.each(await databaseTargets())('authorization matrix on $name', (target) => {
  let server: TestServer
  let world: World
  const sessions = new Map<Role, Client>()
  const tokens = new Map<Role | 'revoked' | 'content-key', string>()
  const figures = { cells: 0, allowed: 0, refused: 0, escalations: 0 }

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const db = server.database.db
    const victimUser = await buildUser(server, 'contributor', 'Victim Writer')
    world = { victim: toActor(victimUser), victimAuthorId: victimUser.author_id as number, sectionId: (await ensureSection(db, { name: 'Harbour' })).id, dataDir: server.dataDir }
    for (const role of roles) {
      const client = await signIn(server, role)
      sessions.set(role, client)
      tokens.set(role, (await createApiToken(db, { id: client.userId, role, authorId: client.authorId }, { name: `${role} matrix` })).token)
    }
    const admin = sessions.get('admin') as Client
    const revoked = await createApiToken(db, { id: admin.userId, role: 'admin', authorId: admin.authorId }, { name: 'revoked' })
    await revokeApiToken(db, { id: admin.userId, role: 'admin', authorId: admin.authorId }, revoked.id)
    tokens.set('revoked', revoked.token)
    tokens.set('content-key', (await createApiKey(db, { name: 'not for the Admin API' })).key)
  })
  afterAll(async () => {
    console.log(`authorization matrix ${target.name}: ${figures.cells} cells, ${figures.allowed} allowed, ${figures.refused} refused, ${figures.escalations} escalations`)
    await server?.close()
  })

  async function send(cell: Cell, caller: Caller | 'revoked' | 'content-key'): Promise<Response> {
    const isApi = cell.path.startsWith('/api/')
    if (isApi) {
      const headers: Record<string, string> = { accept: 'application/json' }
      const token = caller === 'anonymous' ? undefined : tokens.get(caller)
      if (token) headers.authorization = `Bearer ${token}`
      if (cell.json !== undefined) headers['content-type'] = 'application/json'
      // A signed-in admin's cookie must not unlock the Admin API either.
      headers.cookie = (sessions.get('admin') as Client).cookie()
      return server.get(cell.path, { method: cell.method, headers, body: cell.json === undefined ? undefined : JSON.stringify(cell.json) })
    }
    if (caller === 'anonymous' || caller === 'revoked' || caller === 'content-key') {
      const body = cell.multipart ?? (cell.form ? new URLSearchParams({ ...cell.form, _csrf: 'x' }) : undefined)
      return server.get(cell.path, { method: cell.method, body })
    }
    const client = sessions.get(caller) as Client
    if (cell.method === 'GET') return client.get(cell.path)
    return client.post(cell.path, cell.multipart ?? cell.form ?? {})
  }

  function succeeded(res: Response): boolean {
    if (res.status >= 200 && res.status < 300) return true
    return res.status >= 300 && res.status < 400 && !(res.headers.get('location') ?? '').includes('/admin/login')
  }
  function refused(res: Response): boolean {
    // 409: what the request would do is already done or settled (setup on a site that has accounts).
    return [401, 403, 404, 409].includes(res.status) || (res.status >= 300 && res.status < 400 && (res.headers.get('location') ?? '').includes('/admin/login'))
  }

  async function check(name: string, allowed: Role | 'nobody', make: () => Promise<Cell>, callers: (Caller | 'revoked' | 'content-key')[]) {
    const problems: string[] = []
    for (const caller of callers) {
      const cell = await make()
      const before = await fingerprint(server.database.db)
      const res = await send(cell, caller)
      await res.arrayBuffer()
      const after = await fingerprint(server.database.db)
      const mayAct = allowed !== 'nobody' && caller in rank && rank[caller as Caller] >= rank[allowed]
      figures.cells += 1
      if (mayAct) {
        figures.allowed += 1
        if (!succeeded(res)) problems.push(`${caller}: expected success, got ${res.status}`)
      } else {
        figures.refused += 1
        if (!refused(res) || before !== after) {
          figures.escalations += 1
          problems.push(`${caller}: expected refusal and no change, got ${res.status}${before !== after ? ' and a change' : ''}`)
        }
      }
    }
    expect(problems, name).toEqual([])
  }

  const everyone: Caller[] = ['anonymous', ...roles]
  for (const c of newsroomWrites) {
    it(`newsroom: ${c.name}`, () => check(c.name, c.allowed, () => c.make(server.database.db, world), everyone))
  }
  for (const c of apiWrites) {
    it(c.name, () => check(c.name, c.allowed, () => c.make(server.database.db, world), [...everyone, 'revoked', 'content-key']))
  }
  for (const page of newsroomPages) {
    it(`page: ${page.path}`, () =>
      check(page.path, page.allowed, async () => ({ method: 'GET', path: page.make ? await page.make(server.database.db, world) : page.path }), [
        ...everyone,
        ...(page.path.startsWith('API') ? (['revoked', 'content-key'] as const) : []),
      ]))
  }
})
