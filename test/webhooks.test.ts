import { createHmac, timingSafeEqual } from 'node:crypto'
import * as cheerio from 'cheerio'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { deleteArticle, transitionArticle } from '../src/content/articles/index.ts'
import { createWebhook, type WebhookEvent } from '../src/content/webhooks/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { inTransaction } from '../src/db/transaction.ts'
import { buildApiClient, type ApiClient } from './helpers/admin-api.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { receiverPool } from './helpers/webhook-receiver.ts'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a receiver does: recompute the HMAC over the raw body and compare in constant time. */
function validSignature(secret: string, body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)
  const given = Buffer.from(String(header ?? ''))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

describe.each(await databaseTargets())('webhooks on $name', (target) => {
  let server: TestServer
  let admin: Client
  let editor: ApiClient
  let sectionId: number
  const receivers = receiverPool()

  beforeAll(async () => {
    // The receivers listen on 127.0.0.1, which only an operator's WEBHOOK_ALLOW_PRIVATE lets webhooks reach.
    server = await startTestServer(target, { demo: false, env: { WEBHOOK_ALLOW_PRIVATE: '1' } })
    admin = await signIn(server, 'admin')
    editor = await buildApiClient(server, 'editor')
    sectionId = (await ensureSection(server.database.db, { name: 'Harbour' })).id
  })
  afterEach(async () => {
    // Webhooks hear every story: each test starts with none.
    await server.database.db.deleteFrom('webhooks').execute()
    await receivers.closeAll()
  })
  afterAll(async () => {
    await server?.close()
  })

  const receiver = receivers.start
  const hook = (url: string, events: WebhookEvent[]) => createWebhook(server.database.db, { id: admin.userId, role: 'admin', authorId: admin.authorId }, { url, events }, { allowPrivateAddresses: true })
  const createStory = async (headline: string) => {
    const res = await editor.request('POST', '/api/admin/articles', { headline, body_html: '<p>News.</p>', section_id: sectionId })
    return (await res.json()) as { id: number; slug: string; version: number }
  }
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await editor.request(method, path, body)
    expect(res.status, `${method} ${path}`).toBeLessThan(300)
  }

  it('registers a webhook in the admin and sends a signed article.published', async () => {
    const target = await receiver()
    expect((await admin.post('/admin/webhooks', { url: 'ftp://example.com/hook', events: 'article.published' })).status).toBe(400)
    expect((await admin.post('/admin/webhooks', { url: target.url, events: [] })).status).toBe(400)
    const editorBrowser = await signIn(server, 'editor')
    expect((await editorBrowser.get('/admin/webhooks')).status).toBe(403)
    expect((await editorBrowser.post('/admin/webhooks', { url: target.url, events: 'article.published' })).status).toBe(403)

    const created = await admin.post('/admin/webhooks', { url: target.url, events: 'article.published' })
    expect(created.status).toBe(303)
    const secret = cheerio.load(await (await admin.get(created.headers.get('location') as string)).text())('[data-secret]').text()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)

    const story = await createStory('Lighthouse relit')
    await api('POST', `/api/admin/articles/${story.id}/publish`)
    const [delivery] = await target.waitFor(1)
    if (!delivery) throw new Error('no delivery')
    expect(delivery.headers['content-type']).toBe('application/json')
    expect(delivery.headers['x-gazette-event']).toBe('article.published')
    expect(delivery.headers['x-gazette-delivery']).toMatch(/^[0-9a-f-]{36}$/)
    expect(validSignature(secret, delivery.body, delivery.headers['x-gazette-signature'])).toBe(true)
    expect(validSignature('another secret', delivery.body, delivery.headers['x-gazette-signature'])).toBe(false)
    const payload = JSON.parse(delivery.body) as { event: string; occurred_at: string; article: Record<string, unknown> }
    expect(Object.keys(payload)).toEqual(['event', 'occurred_at', 'article'])
    expect(payload.event).toBe('article.published')
    expect(new Date(payload.occurred_at).toISOString()).toBe(payload.occurred_at)
    expect(Object.keys(payload.article)).toEqual(['id', 'slug', 'headline', 'url', 'status', 'published_at', 'updated_at'])
    expect(payload.article).toMatchObject({ id: story.id, slug: story.slug, headline: 'Lighthouse relit', url: `http://gazette.test/articles/${story.slug}`, status: 'published' })
    expect(payload.article.published_at).toEqual(expect.any(String))
  })

  it('sends each event only to the enabled webhooks subscribed to it', async () => {
    const [all, disabled, deletions] = await Promise.all([receiver(), receiver(), receiver()])
    await hook(all.url, ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'])
    const off = await hook(disabled.url, ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'])
    expect((await admin.post(`/admin/webhooks/${off.id}/disable`, {})).status).toBe(303)
    await hook(deletions.url, ['article.deleted'])

    const story = await createStory('Pier repairs')
    await api('POST', `/api/admin/articles/${story.id}/publish`)
    await all.waitFor(1)
    await api('PATCH', `/api/admin/articles/${story.id}`, { version: story.version, dek: 'Now with a dek' })
    await all.waitFor(2)
    await api('POST', `/api/admin/articles/${story.id}/unpublish`)
    await all.waitFor(3)
    // A change nobody can read is not announced.
    await api('PATCH', `/api/admin/articles/${story.id}`, { version: story.version + 1, dek: 'Edited while down' })
    await api('DELETE', `/api/admin/articles/${story.id}`)
    await all.waitFor(4)
    await deletions.waitFor(1)
    await wait(1500) // more than a dispatcher pause: anything still queued would have gone out
    expect(all.received.map((r) => r.headers['x-gazette-event'])).toEqual(['article.published', 'article.updated', 'article.unpublished', 'article.deleted'])
    expect(deletions.received.map((r) => r.headers['x-gazette-event'])).toEqual(['article.deleted'])
    expect(JSON.parse(deletions.received[0]?.body ?? '{}')).toMatchObject({ article: { id: story.id, headline: 'Pier repairs' } })
    expect(disabled.received).toEqual([])
    expect(await server.database.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', off.id).execute()).toEqual([])
  })

  it('sends nothing for a write that was rolled back', async () => {
    const listener = await receiver()
    await hook(listener.url, ['article.published', 'article.deleted'])
    const story = await createStory('Embargoed results')
    // The domain write inside a caller's transaction that then fails.
    const failing = inTransaction(server.database.db, async (trx) => {
      await transitionArticle(trx, editor.actor, story.id, 'publish')
      expect(await trx.selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(1)
      throw new Error('the rest of this write failed')
    })
    await expect(failing).rejects.toThrow('the rest of this write failed')
    expect(await server.database.db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([])

    // A write failing inside its own transaction, after queueing: a row another table still needs blocks the delete.
    await api('POST', `/api/admin/articles/${story.id}/publish`)
    await listener.waitFor(1)
    await sql`create table delete_blocker (article_id integer references articles (id))`.execute(server.database.db)
    try {
      await sql`insert into delete_blocker (article_id) values (${story.id})`.execute(server.database.db)
      await expect(deleteArticle(server.database.db, editor.actor, story.id)).rejects.toThrow()
    } finally {
      await sql`drop table delete_blocker`.execute(server.database.db)
    }
    expect(await server.database.db.selectFrom('articles').select('id').where('id', '=', story.id).execute()).toHaveLength(1)
    await wait(1500)
    expect(listener.received.map((r) => r.headers['x-gazette-event'])).toEqual(['article.published'])
    // The same delete, committed, is announced.
    await api('DELETE', `/api/admin/articles/${story.id}`)
    await listener.waitFor(2)
  })

  it('announces a correction as article.updated', async () => {
    const target = await receiver()
    await hook(target.url, ['article.updated'])
    const story = await createStory('Ferry fares rise')
    await api('POST', `/api/admin/articles/${story.id}/publish`)
    const editorBrowser = await signIn(server, 'editor')
    expect((await editorBrowser.post(`/admin/articles/${story.id}/corrections`, { body: 'Fares rise by 5%, not 15%.' })).status).toBe(303)
    const [delivery] = await target.waitFor(1)
    expect(delivery?.headers['x-gazette-event']).toBe('article.updated')
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ event: 'article.updated', article: { id: story.id } })
  })

  it('announces a story published on schedule', async () => {
    const listener = await receiver()
    await hook(listener.url, ['article.published'])
    const story = await createStory('Night ferry returns')
    await transitionArticle(server.database.db, editor.actor, story.id, 'schedule', { scheduledAt: new Date(Date.now() + 500) })
    const [delivery] = await listener.waitFor(1, 8000)
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ event: 'article.published', article: { id: story.id, status: 'published' } })
  })
})
