import type { LookupAddress } from 'node:dns'
import * as cheerio from 'cheerio'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config.ts'
import { createDraft } from '../../src/content/articles/index.ts'
import type { Actor } from '../../src/content/accounts/index.ts'
import { ensureSection } from '../../src/content/taxonomy/index.ts'
import { createUser } from '../../src/content/accounts/index.ts'
import { isPublicAddress, privateAddressProblem, redactedUrl, webhookUrlProblem } from '../../src/content/webhooks/index.ts'
import { startWebhookDispatcher, unreachableError } from '../../src/content/webhooks/index.ts'
import { checkedLookup, RefusedAddressError, type ResolveHost } from '../../src/content/webhooks/index.ts'
import { createWebhook } from '../../src/content/webhooks/index.ts'
import { transitionArticle } from '../../src/content/articles/index.ts'
import { openDatabase, type Database } from '../../src/db/connection.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { ValidationError } from '../../src/errors.ts'
import { databaseTargets, testSchemaName, type DatabaseTarget } from '../helpers/databases.ts'
import { freePort } from '../helpers/free-port.ts'
import { signIn, testPassword, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'
import { receiverPool, type WebhookReceiver } from '../helpers/webhook-receiver.ts'

/** Every spelling of an internal receiver the review listed, and a few more. */
const internalUrls = [
  // loopback, in every IPv4 spelling WHATWG URL parsing accepts
  'http://127.0.0.1/',
  'http://127.0.0.1:8080/hook',
  'http://127.255.255.254/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0x7f.0.0.1/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://0177.0000.0000.0001/',
  'http://017700000001/',
  'http://127.1/',
  'http://127.0.1/',
  'http://127.0.0.1./',
  'http://127.0.0.1%2e/',
  'http://%31%32%37.0.0.1/',
  'http://１２７.０.０.１/',
  // "this network", private, CGNAT, link-local and the metadata address
  'http://0.0.0.0/',
  'http://0/',
  'http://0.1.2.3/',
  'http://10.0.0.1/',
  'http://10.1/',
  'http://167772161/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://0xac100001/',
  'http://192.168.1.1/',
  'http://192.168.257/',
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://100.100.100.200/latest/meta-data',
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/',
  'http://0xa9fea9fe/',
  'http://0251.0376.0251.0376/',
  'http://169.254.169.254./',
  // multicast, reserved, broadcast, benchmarking and documentation ranges
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://4294967295/',
  'http://198.18.0.1/',
  'http://192.0.2.1/',
  'http://192.0.0.170/',
  // IPv6: loopback, unspecified, link-local, unique-local (AWS's metadata at fd00:ec2::254), multicast
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::]/',
  'http://[fe80::1]/',
  'http://[febf::1]/',
  'http://[fc00::1]/',
  'http://[fd00:ec2::254]/',
  'http://[ff02::1]/',
  'http://[2001:db8::1]/',
  // IPv4 inside IPv6: mapped (in both spellings), NAT64, 6to4, IPv4-compatible
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[64:ff9b::127.0.0.1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://[::127.0.0.1]/',
  // names that only mean something inside a network
  'http://localhost/',
  'http://localhost:3000/',
  'http://LOCALHOST/',
  'http://localhost./',
  'http://localhost../',
  'http://ｌｏｃａｌｈｏｓｔ/',
  'http://api.localhost/',
  'http://a.b.localhost./',
  'http://metadata/',
  'http://metadata./',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://METADATA.GOOGLE.INTERNAL./',
  'http://metadata.goog/',
  'http://instance-data/',
  'http://instance-data.ec2.internal/',
  'http://anything.internal/',
  'http://printer.local/',
  'http://router.lan/',
  'http://kubernetes.default.svc/',
  'http://db.service.consul.localdomain/',
  'http://intranet/',
  'http://1.0.0.127.in-addr.arpa/',
  'https://localhost/',
  'https://169.254.169.254/',
]

const publicUrls = [
  'https://93.184.216.34/',
  'http://93.184.216.34:8080/hook',
  'https://example.com/',
  'https://example.com./',
  'https://hooks.example.com/gazette?token=abc',
  'https://hooks.example.com:8443/gazette',
  'https://[2606:4700:4700::1111]/',
  'https://[::ffff:93.184.216.34]/',
  'https://[64:ff9b::5db8:d822]/',
  'https://8.8.8.8/',
  'https://172.32.0.1/',
  'https://100.128.0.1/',
  'https://192.169.0.1/',
  'https://localhost.example.com/',
  'https://internal.example.com/',
]

describe('webhook addresses at registration', () => {
  it.each(internalUrls)('refuses %s', (url) => {
    expect(webhookUrlProblem(url)).toBe(privateAddressProblem)
  })

  it.each(publicUrls)('accepts %s', (url) => {
    expect(webhookUrlProblem(url)).toBeNull()
  })

  it('accepts internal receivers when the operator allows them', () => {
    for (const url of internalUrls) expect(webhookUrlProblem(url, { allowPrivateAddresses: true }), url).toBeNull()
  })

  it('refuses credentials in the address, even with private addresses allowed', () => {
    for (const url of ['https://user:pass@example.com/', 'https://user@example.com/', 'https://:pass@example.com/', 'http://admin:admin@127.0.0.1/']) {
      expect(webhookUrlProblem(url), url).toMatch(/user name or password/)
      expect(webhookUrlProblem(url, { allowPrivateAddresses: true }), url).toMatch(/user name or password/)
    }
  })

  it('refuses what is not an http(s) address', () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://example.com/', 'not a url', 'http://[fe80::1%25eth0]/']) {
      expect(webhookUrlProblem(url, { allowPrivateAddresses: true }), url).toMatch(/http:\/\/ or https:\/\//)
    }
  })

  it('classifies resolved addresses, as a resolver may return them', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', 'not-an-ip', '']) {
      expect(isPublicAddress(address), address).toBe(false)
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).toBe(true)
    }
  })

  it('writes addresses for logs without credentials, query or fragment', () => {
    expect(redactedUrl('https://user:pw@hooks.example.com:8443/in/gazette?token=s3cret#x')).toBe('https://hooks.example.com:8443/in/gazette')
    expect(redactedUrl('not a url')).toBe('(not a valid URL)')
  })

  it('reads WEBHOOK_ALLOW_PRIVATE, off unless set', () => {
    expect(readConfig({}).webhookAllowPrivate).toBe(false)
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: '' }).webhookAllowPrivate).toBe(false)
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivate).toBe(false)
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: '1' }).webhookAllowPrivate).toBe(true)
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true)
    expect(() => readConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/)
  })
})

/** Runs the socket lookup as net.connect would; nothing here opens a connection. */
function lookupWith(answers: LookupAddress[], options: { all?: boolean; family?: number } = {}, allowPrivateAddresses = false) {
  const lookup = checkedLookup({ allowPrivateAddresses, resolveHost: async () => answers })
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((resolve) => {
    lookup('hooks.example.com', options, (error, address, family) => resolve({ error, address, family }))
  })
}

describe('the delivery-time lookup', () => {
  it('refuses a name when any of its addresses is internal', async () => {
    const mixed = [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }]
    expect((await lookupWith(mixed)).error).toBeInstanceOf(RefusedAddressError)
    expect((await lookupWith(mixed, { all: true })).error).toBeInstanceOf(RefusedAddressError)
    expect((await lookupWith([{ address: '2606:4700:4700::1111', family: 6 }, { address: '::ffff:169.254.169.254', family: 6 }])).error).toBeInstanceOf(RefusedAddressError)
    expect((await lookupWith([])).error).toBeInstanceOf(RefusedAddressError)
  })

  it('hands the socket exactly the addresses it checked', async () => {
    const answers = [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }]
    expect(await lookupWith(answers)).toEqual({ error: null, address: '93.184.216.34', family: 4 })
    expect(await lookupWith(answers, { all: true })).toEqual({ error: null, address: answers, family: undefined })
    expect(await lookupWith(answers, { family: 6 })).toEqual({ error: null, address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 })
    expect(await lookupWith([{ address: '127.0.0.1', family: 4 }], {}, true)).toEqual({ error: null, address: '127.0.0.1', family: 4 })
  })
})

/** A log that keeps every line, to show what an operator would read. */
function capturingLogger() {
  const lines: string[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) })
  return { logger, text: () => lines.join('') }
}

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const portOf = (receiver: WebhookReceiver) => new URL(receiver.url).port
const secretQuery = 'token=s3cret-receiver-token'

describe.each(await databaseTargets())('webhook addresses on $name', (target: DatabaseTarget) => {
  const receivers = receiverPool()
  afterEach(() => receivers.closeAll())

  describe('in the newsroom', () => {
    let strict: TestServer
    let permissive: TestServer
    let admin: Client
    let adminOfPermissive: Client
    let actor: Actor

    beforeAll(async () => {
      strict = await startTestServer(target, { demo: false })
      permissive = await startTestServer(target, { demo: false, env: { WEBHOOK_ALLOW_PRIVATE: '1' } })
      admin = await signIn(strict, 'admin')
      adminOfPermissive = await signIn(permissive, 'admin')
      actor = { id: admin.userId, role: 'admin', authorId: admin.authorId }
    })
    afterAll(async () => {
      await strict?.close()
      await permissive?.close()
    })

    it('answers 400 for an internal receiver unless WEBHOOK_ALLOW_PRIVATE is set', async () => {
      const receiver = await receivers.start()
      const port = portOf(receiver)
      for (const url of [`http://127.0.0.1:${port}/`, `http://2130706433:${port}/`, `http://0x7f.1:${port}/`, `http://[::1]:${port}/`, `http://localhost:${port}/`, 'http://169.254.169.254/latest/meta-data/']) {
        const res = await admin.post('/admin/webhooks', { url, events: 'article.published' })
        expect(res.status, url).toBe(400)
        const $ = cheerio.load(await res.text())
        expect($.text(), url).toContain('must be a public address')
        expect($('input[name=url]').val(), url).toBe(url)
      }
      expect(await strict.database.db.selectFrom('webhooks').select('id').execute()).toEqual([])
      await expect(createWebhook(strict.database.db, actor, { url: `http://127.0.0.1:${port}/`, events: ['article.published'] })).rejects.toBeInstanceOf(ValidationError)

      const allowed = await adminOfPermissive.post('/admin/webhooks', { url: `http://127.0.0.1:${port}/`, events: 'article.published' })
      expect(allowed.status).toBe(303)
      expect(await permissive.database.db.selectFrom('webhooks').select('url').execute()).toEqual([{ url: `http://127.0.0.1:${port}/` }])
    })

    it('answers 400 for credentials in the address on every server', async () => {
      for (const [server, client] of [[strict, admin], [permissive, adminOfPermissive]] as const) {
        const before = await server.database.db.selectFrom('webhooks').select('id').execute()
        const res = await client.post('/admin/webhooks', { url: 'https://user:pass@hooks.example.com/gazette', events: 'article.published' })
        expect(res.status).toBe(400)
        expect(await res.text()).toContain('must not contain a user name or password')
        expect(await server.database.db.selectFrom('webhooks').select('id').execute()).toEqual(before)
      }
    })

    it('accepts a public receiver (registration only: nothing is sent)', async () => {
      const res = await admin.post('/admin/webhooks', { url: 'https://93.184.216.34/gazette', events: 'article.deleted' })
      expect(res.status).toBe(303)
      const named = await createWebhook(strict.database.db, actor, { url: 'https://example.com/hooks/gazette', events: ['article.deleted'] })
      expect(named.url).toBe('https://example.com/hooks/gazette')
      // No article is deleted here, so neither receiver is ever called.
      await strict.database.db.deleteFrom('webhooks').execute()
    })

    it('refuses to deliver to an internal receiver registered before the check, with the generic error', async () => {
      const receiver = await receivers.start()
      const url = `http://localhost:${portOf(receiver)}/hook?${secretQuery}`
      // As a row from before this release holds it: written around createWebhook.
      const row = await strict.database.db
        .insertInto('webhooks')
        .values({ url, events: JSON.stringify(['article.published']), secret: 'x'.repeat(64), created_by: admin.userId, created_at: new Date().toISOString(), disabled_at: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      const sectionId = (await ensureSection(strict.database.db, { name: 'Harbour' })).id
      const draft = await createDraft(strict.database.db, actor, { headline: 'Harbour closes', bodyHtml: '<p>News.</p>', sectionId })
      await transitionArticle(strict.database.db, actor, draft.id, 'publish')
      const delivery = await until(
        () => strict.database.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', row.id).executeTakeFirst(),
        (d) => d?.last_error != null,
      )
      expect(delivery).toMatchObject({ attempts: 1, last_status_code: null, last_error: unreachableError })
      expect(receiver.received).toEqual([])
      const $ = cheerio.load(await (await admin.get(`/admin/webhooks/${row.id}`)).text())
      const logRow = $('tr[data-delivery]').text()
      expect(logRow).toContain('unreachable')
      expect(logRow).not.toContain('s3cret')
      await strict.database.db.deleteFrom('webhooks').execute()
    })
  })

  describe('at delivery', () => {
    let database: Database
    let actor: Actor
    let sectionId: number
    let stop: (() => Promise<void>) | undefined

    beforeAll(async () => {
      // A database of its own, so only the dispatchers started here (with their resolvers) send.
      database = await openDatabase(target.url ?? ':memory:', { schema: target.name === 'postgres' ? testSchemaName('webhook_addresses') : undefined })
      await migrateToLatest(database)
      const user = await createUser(database.db, { email: 'admin@webhook-addresses.test', name: 'Admin', role: 'admin', password: testPassword })
      actor = { id: user.id, role: 'admin', authorId: user.author_id }
      sectionId = (await ensureSection(database.db, { name: 'Harbour' })).id
    })
    afterEach(async () => {
      await stop?.()
      stop = undefined
      await database.db.deleteFrom('webhooks').execute()
    })
    afterAll(async () => {
      await database?.destroy()
    })

    /** Registers `url` as given, publishes a story, runs a dispatcher with `resolveHost`, and waits for the first attempt. */
    async function deliverOnce(url: string, options: { resolveHost: ResolveHost; allowPrivateAddresses: boolean; registerAllowingPrivate?: boolean }) {
      const { resolveHost, allowPrivateAddresses, registerAllowingPrivate = false } = options
      const webhook = await createWebhook(database.db, actor, { url, events: ['article.published'] }, { allowPrivateAddresses: registerAllowingPrivate })
      const draft = await createDraft(database.db, actor, { headline: 'Harbour reopens', bodyHtml: '<p>News.</p>', sectionId })
      await transitionArticle(database.db, actor, draft.id, 'publish')
      const log = capturingLogger()
      const dispatcher = startWebhookDispatcher({ db: database.db, logger: log.logger, retryDelaysMs: [60_000], timeoutMs: 2000, articleUrl: (slug) => `http://gazette.test/${slug}`, pollMs: 20, resolveHost, allowPrivateAddresses })
      stop = () => dispatcher.stop()
      const delivery = await until(
        () => database.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhook.id).executeTakeFirst(),
        (d) => d?.status === 'delivered' || d?.last_error != null,
      )
      await dispatcher.stop()
      return { delivery, log: log.text() }
    }

    it('refuses a public-looking name that resolves to loopback, and says only "unreachable"', async () => {
      const receiver = await receivers.start()
      const asked: string[] = []
      // A rebinding DNS server: the name passed registration, and now answers with the loopback address.
      const resolveHost: ResolveHost = async (hostname) => (asked.push(hostname), [{ address: '127.0.0.1', family: 4 }])
      const url = `http://user-hooks.example.com:${portOf(receiver)}/hook?${secretQuery}`
      const { delivery, log } = await deliverOnce(url, { resolveHost, allowPrivateAddresses: false })
      expect(asked).toEqual(['user-hooks.example.com'])
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null, last_error: unreachableError })
      expect(receiver.received).toEqual([])
      expect(log).toContain('webhook delivery failed')
      expect(log).toContain('EADDRNOTALLOWED')
      expect(log).toContain(`"url":"http://user-hooks.example.com:${portOf(receiver)}/hook"`)
      expect(log).not.toContain('s3cret')
      expect(log).not.toContain('127.0.0.1')
    })

    it('connects to the address its own lookup returned, not to a fresh DNS answer', async () => {
      const receiver = await receivers.start()
      // With internal receivers allowed, the name's only answer is the receiver: that is where the POST goes.
      const resolveHost: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }]
      const { delivery, log } = await deliverOnce(`http://rebind.example.com:${portOf(receiver)}/hook?${secretQuery}`, { resolveHost, allowPrivateAddresses: true })
      expect(delivery).toMatchObject({ status: 'delivered', last_status_code: 200, last_error: null })
      expect(receiver.received).toHaveLength(1)
      expect(receiver.received[0]?.headers.host).toBe(`rebind.example.com:${portOf(receiver)}`)
      expect(log).toContain('webhook delivered')
      expect(log).not.toContain('s3cret')
    })

    it('refuses an internal IP literal stored before the check, without resolving anything', async () => {
      const receiver = await receivers.start()
      const asked: string[] = []
      const resolveHost: ResolveHost = async (hostname) => (asked.push(hostname), [])
      const { delivery, log } = await deliverOnce(`http://127.0.0.1:${portOf(receiver)}/hook?${secretQuery}`, { resolveHost, allowPrivateAddresses: false, registerAllowingPrivate: true })
      expect(delivery).toMatchObject({ last_status_code: null, last_error: unreachableError })
      expect(receiver.received).toEqual([])
      expect(asked).toEqual([])
      expect(log).not.toContain('s3cret')
    })

    it('stores a closed port and a failed lookup with the same words as a refused address', async () => {
      const closed = await freePort()
      const noDns: ResolveHost = async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))
      const refused = await deliverOnce(`http://127.0.0.1:${closed}/hook?${secretQuery}`, { resolveHost: noDns, allowPrivateAddresses: true, registerAllowingPrivate: true })
      expect(refused.delivery).toMatchObject({ last_status_code: null, last_error: unreachableError })
      expect(refused.log).toContain('ECONNREFUSED')
      expect(refused.log).not.toContain('s3cret')
      await database.db.deleteFrom('webhooks').execute()
      const missing = await deliverOnce(`http://missing.example.com/hook?${secretQuery}`, { resolveHost: noDns, allowPrivateAddresses: true })
      expect(missing.delivery).toMatchObject({ last_status_code: null, last_error: unreachableError })
      expect(missing.log).toContain('ENOTFOUND')
    })
  })
})
