import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimLoginAttempt, loginThrottleKey, loginWindowMs, maxAccountFailures, maxAddressFailures } from '../../src/content/accounts/index.ts'
import { createUser } from '../../src/content/accounts/index.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { testPassword } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

const wrongPassword = 'not the right password'
let accounts = 0

async function buildAccount(server: TestServer): Promise<string> {
  const email = `throttle.${++accounts}@newsroom.test`
  await createUser(server.database.db, { email, name: `Throttle ${accounts}`, role: 'author', password: testPassword })
  return email
}

/** Posts the sign-in form like a browser that fetched the page once; `from` is sent as X-Forwarded-For. */
async function signInForm(server: TestServer) {
  const page = await server.get('/admin/login')
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const csrf = cheerio.load(await page.text())('input[name=_csrf]').val() as string
  return (email: string, password: string, from?: string) =>
    server.get('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, email, password, next: '' }),
      headers: { cookie, ...(from ? { 'x-forwarded-for': from } : {}) },
    })
}

function expectThrottled(res: Response) {
  expect(res.status).toBe(429)
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(loginWindowMs / 1000)
}

const statuses = (responses: Response[]) => responses.map((res) => res.status).sort()

describe.each(await databaseTargets())('login throttle on $name', (target) => {
  describe('behind a trusted proxy', () => {
    let server: TestServer
    let attempt: Awaited<ReturnType<typeof signInForm>>

    beforeAll(async () => {
      // The test process plays the proxy: it connects from 127.0.0.1 and names the client.
      server = await startTestServer(target, { demo: false, env: { TRUST_PROXY: '127.0.0.1' } })
      attempt = await signInForm(server)
    })
    afterAll(async () => {
      await server?.close()
    })

    it('lets 30 concurrent wrong passwords check the password only 5 times, then locks that address out of the account, not others', async () => {
      const email = await buildAccount(server)
      const answers = await Promise.all(Array.from({ length: 30 }, () => attempt(email, wrongPassword, '198.51.100.7')))
      expect(statuses(answers)).toEqual([...Array<number>(5).fill(401), ...Array<number>(25).fill(429)])
      for (const res of answers.filter((r) => r.status === 429)) expectThrottled(res)
      const key = loginThrottleKey(email, '198.51.100.7')
      const stored = await server.database.db.selectFrom('login_attempts').select('id').where('account', '=', key.account).execute()
      expect(stored).toHaveLength(maxAccountFailures)

      expectThrottled(await attempt(email, testPassword, '198.51.100.7'))
      expect((await attempt(email, testPassword, '198.51.100.8')).status).toBe(303)
    })

    it('never locks out a reporter signing in from an address with no failures, whatever failed elsewhere', async () => {
      const email = await buildAccount(server)
      for (const from of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
        for (let i = 0; i < maxAccountFailures; i++) expect((await attempt(email, wrongPassword, from)).status).toBe(401)
        expectThrottled(await attempt(email, wrongPassword, from))
      }
      expect((await attempt(email, testPassword, '192.0.2.5')).status).toBe(303)
    })

    it('counts an IPv6 client as its /64', async () => {
      const email = await buildAccount(server)
      for (let i = 1; i <= maxAccountFailures; i++) expect((await attempt(email, wrongPassword, `2001:db8:7:7::${i}`)).status).toBe(401)
      expectThrottled(await attempt(email, testPassword, '2001:db8:7:7:ffff::1'))
      expect((await attempt(email, testPassword, '2001:db8:7:8::1')).status).toBe(303)
    })

    it('throttles one wrong try sprayed over 25 accounts from one address after 20, and only that address', async () => {
      const emails: string[] = []
      for (let i = 0; i < 26; i++) emails.push(await buildAccount(server))
      const sprayed = []
      for (const email of emails.slice(0, 25)) sprayed.push(await attempt(email, wrongPassword, '203.0.113.20'))
      expect(sprayed.map((res) => res.status)).toEqual([...Array<number>(maxAddressFailures).fill(401), ...Array<number>(5).fill(429)])
      for (const res of sprayed.slice(maxAddressFailures)) expectThrottled(res)
      expectThrottled(await attempt(emails[25] as string, testPassword, '203.0.113.20'))
      expect((await attempt(emails[25] as string, testPassword, '203.0.113.21')).status).toBe(303)
    })

    it('takes the client from the proxy-appended end of X-Forwarded-For, not what the client wrote', async () => {
      const email = await buildAccount(server)
      // The client prepends a fresh made-up address each time; the proxy appends the real one.
      for (let i = 0; i < maxAccountFailures; i++) expect((await attempt(email, wrongPassword, `10.9.9.${i}, 198.51.100.30`)).status).toBe(401)
      expectThrottled(await attempt(email, testPassword, '10.9.9.200, 198.51.100.30'))
      expect((await attempt(email, testPassword, '198.51.100.31')).status).toBe(303)
    })
  })

  it('without TRUST_PROXY ignores X-Forwarded-For: a client cannot pick the address it is counted under', async () => {
    const server = await startTestServer(target, { demo: false })
    try {
      const attempt = await signInForm(server)
      const email = await buildAccount(server)
      for (let i = 0; i < maxAccountFailures; i++) expect((await attempt(email, wrongPassword, `198.51.100.${100 + i}`)).status).toBe(401)
      expectThrottled(await attempt(email, testPassword, '198.51.100.200'))

      // The address's own limit holds too: its 5 failures above count, so 15 more accounts fail, then 429.
      const sprayed = []
      for (let i = 0; i < maxAddressFailures - maxAccountFailures + 3; i++) sprayed.push(await attempt(await buildAccount(server), wrongPassword, `203.0.113.${i}`))
      expect(sprayed.map((res) => res.status)).toEqual([...Array<number>(maxAddressFailures - maxAccountFailures).fill(401), 429, 429, 429])

      const stored = await server.database.db.selectFrom('login_attempts').select('address').distinct().execute()
      expect(stored).toEqual([{ address: loginThrottleKey('', '127.0.0.1').address }])
    } finally {
      await server.close()
    }
  })

  describe('claims on the database directly', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer(target, { demo: false })
    })
    afterAll(async () => {
      await server?.close()
    })

    // PostgreSQL runs these on ten pooled connections at once: concurrent transactions, not a queue.
    it('grants at most 5 of 30 concurrent claims for one account and address', async () => {
      const { db, dialect } = server.database
      const key = loginThrottleKey('race@newsroom.test', '198.51.100.50')
      const claims = await Promise.all(Array.from({ length: 30 }, () => claimLoginAttempt(db, dialect, key)))
      expect(claims.filter((claim) => claim.allowed)).toHaveLength(maxAccountFailures)
    })

    it('grants at most 20 of 40 concurrent claims from one address over 40 accounts', async () => {
      const { db, dialect } = server.database
      const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => claimLoginAttempt(db, dialect, loginThrottleKey(`spray.${i}@newsroom.test`, '198.51.100.51'))))
      expect(claims.filter((claim) => claim.allowed)).toHaveLength(maxAddressFailures)
    })

    it('lets an address in again once its oldest counted failure is 15 minutes old', async () => {
      const { db, dialect } = server.database
      const key = loginThrottleKey('later@newsroom.test', '198.51.100.52')
      const start = new Date('2026-01-01T10:00:00Z')
      for (let i = 0; i < maxAccountFailures; i++) expect((await claimLoginAttempt(db, dialect, key, new Date(start.getTime() + i * 60_000))).allowed).toBe(true)
      const refused = await claimLoginAttempt(db, dialect, key, new Date(start.getTime() + 10 * 60_000))
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 5 * 60 })
      expect((await claimLoginAttempt(db, dialect, key, new Date(start.getTime() + loginWindowMs + 1))).allowed).toBe(true)
    })
  })
})
