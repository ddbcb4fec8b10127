import * as cheerio from 'cheerio'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, transitionArticle } from '../src/content/articles/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { claimDueDeliveries, startWebhookDispatcher, unreachableError, createWebhook } from '../src/content/webhooks/index.ts'
import type { Actor } from '../src/content/accounts/index.ts'
import { inTransaction } from '../src/db/transaction.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { receiverPool } from './helpers/webhook-receiver.ts'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// A fast schedule: three attempts, 0.3 s then 0.9 s apart; an attempt may take 1 s.
const retryDelaysMs = [300, 900]
// The receivers listen on 127.0.0.1.
const local = { allowPrivateAddresses: true }

describe.each(await databaseTargets())('webhook retries on $name', (target) => {
  let server: TestServer
  let admin: Client
  let actor: Actor
  let sectionId: number
  const receivers = receiverPool()

  beforeAll(async () => {
    // WEBHOOK_ALLOW_PRIVATE: the receivers listen on 127.0.0.1.
    server = await startTestServer(target, { demo: false, env: { WEBHOOK_RETRY_DELAYS: retryDelaysMs.map((ms) => ms / 1000).join(','), WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_ALLOW_PRIVATE: '1' } })
    admin = await signIn(server, 'admin')
    actor = { id: admin.userId, role: 'admin', authorId: admin.authorId }
    sectionId = (await ensureSection(server.database.db, { name: 'Harbour' })).id
  })
  afterEach(async () => {
    await server.database.db.deleteFrom('webhooks').execute()
    await receivers.closeAll()
  })
  afterAll(async () => {
    await server?.close()
  })

  const receiver = receivers.start
  const publishStory = async (headline: string) => {
    const article = await createDraft(server.database.db, actor, { headline, bodyHtml: '<p>News.</p>', sectionId })
    await transitionArticle(server.database.db, actor, article.id, 'publish')
    return article
  }
  const deliveryRow = async (webhookId: number) => server.database.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).executeTakeFirst()
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await read()
      if (done(value) || Date.now() > deadline) return value
      await wait(50)
    }
  }

  it('retries a failing receiver with growing pauses and logs each attempt in the admin', async () => {
    const flaky = await receiver({ statuses: [500, 500, 200] })
    const webhook = await createWebhook(server.database.db, actor, { url: flaky.url, events: ['article.published'] }, local)
    await publishStory('Crane strike ends')
    const attempts = await flaky.waitFor(3, 10_000)
    const [first, second, third] = attempts.map((a) => a.at) as [number, number, number]
    expect(second - first).toBeGreaterThanOrEqual(retryDelaysMs[0] as number)
    expect(third - second).toBeGreaterThanOrEqual(retryDelaysMs[1] as number)
    expect(third - second).toBeGreaterThan(second - first)
    // One delivery, three attempts of the very same signed message.
    expect(new Set(attempts.map((a) => a.headers['x-gazette-delivery'])).size).toBe(1)
    expect(new Set(attempts.map((a) => `${a.headers['x-gazette-signature']} ${a.body}`)).size).toBe(1)

    await until(() => deliveryRow(webhook.id), (row) => row?.status === 'delivered')
    const $ = cheerio.load(await (await admin.get(`/admin/webhooks/${webhook.id}`)).text())
    const row = $('tr[data-delivery]')
    expect(row).toHaveLength(1)
    expect(row.find('[data-status]').text()).toBe('delivered')
    expect(row.find('[data-attempts]').text()).toBe('3')
    expect(row.find('[data-status-code]').text()).toBe('200')
    expect(row.text()).toContain('Crane strike ends')
    await wait(1200)
    expect(flaky.received).toHaveLength(3)
  })

  it('gives up once the schedule is used up, keeping the last error', async () => {
    const broken = await receiver({ statuses: [503] })
    const webhook = await createWebhook(server.database.db, actor, { url: broken.url, events: ['article.published'] }, local)
    await publishStory('Tug boat sinks')
    const row = await until(() => deliveryRow(webhook.id), (r) => r?.status === 'failed')
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 503, last_error: 'The receiver answered HTTP 503.' })
    await wait(1200)
    expect(broken.received).toHaveLength(3)
    const page = cheerio.load(await (await admin.get(`/admin/webhooks/${webhook.id}`)).text())
    expect(page('tr[data-delivery] [data-status]').text()).toBe('failed')
    expect(page('tr[data-delivery]').text()).toContain('HTTP 503')
  })

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const silent = await receiver({ hang: true })
    const webhook = await createWebhook(server.database.db, actor, { url: silent.url, events: ['article.published'] }, local)
    await publishStory('Fog delays ferries')
    const row = await until(() => deliveryRow(webhook.id), (r) => r?.last_error != null)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null, last_error: unreachableError })
    // Disabling gives up what was still waiting.
    expect((await admin.post(`/admin/webhooks/${webhook.id}/disable`, {})).status).toBe(303)
    expect(await deliveryRow(webhook.id)).toMatchObject({ status: 'failed' })
  })

  it('never hands one delivery to two dispatchers', async () => {
    const listener = await receiver()
    await createWebhook(server.database.db, actor, { url: listener.url, events: ['article.published'] }, local)
    const publishTogether = async (prefix: string) => {
      const drafts: { id: number }[] = []
      for (let i = 0; i < 6; i++) drafts.push(await createDraft(server.database.db, actor, { headline: `${prefix} ${i + 1}`, bodyHtml: '<p>News.</p>', sectionId }))
      // One commit: every delivery becomes visible to every dispatcher at the same moment.
      await inTransaction(server.database.db, async (trx) => {
        for (const draft of drafts) await transitionArticle(trx, actor, draft.id, 'publish')
      })
    }
    // Claims racing each other directly: each delivery goes to one of them.
    await publishTogether('Regatta heat')
    const claims = await Promise.all([1, 2, 3].map(() => claimDueDeliveries(server.database.db, { leaseMs: 60_000 })))
    const claimedIds = claims.flat().map((d) => d.id)
    expect(claimedIds.length).toBeGreaterThan(0)
    expect(new Set(claimedIds).size).toBe(claimedIds.length)

    // Whole dispatchers, as on three more servers sharing the database, polling hard.
    const rivals = [1, 2, 3].map(() => startWebhookDispatcher({ db: server.database.db, logger: server.logger, retryDelaysMs, timeoutMs: 1000, articleUrl: (slug) => `http://rival.test/${slug}`, pollMs: 5, ...local }))
    const before = listener.received.length
    try {
      await publishTogether('Sailing final')
      await listener.waitFor(before + 6)
      await wait(1500)
    } finally {
      await Promise.all(rivals.map((rival) => rival.stop()))
    }
    const finals = listener.received.filter((r) => r.body.includes('Sailing final'))
    expect(finals).toHaveLength(6)
    expect(new Set(finals.map((r) => r.headers['x-gazette-delivery'])).size).toBe(6)
  })
})
