import { monitorEventLoopDelay } from 'node:perf_hooks'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/content/accounts/index.ts'
import { buildApiClient } from '../helpers/admin-api.ts'
import { buildArticle } from '../helpers/builders.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { signIn, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'
import { fuzzRequest, type FuzzRequest } from './fuzz-requests.ts'

/**
 * Property-based requests against every route: whatever a client sends, the answer is never a 5xx,
 * the server keeps answering, and no request holds the event loop. FUZZ_REQUESTS sets how many per
 * engine (default 5,000, so a run over both engines sends 10,000); FUZZ_SEED replays a run.
 */
const requests = Number(process.env.FUZZ_REQUESTS ?? 5000)
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31

/** A frozen server, not a slow one: far above any request's own time, so only a stall fails it. */
const freezeMs = 1500

describe.each(await databaseTargets())('fuzzing every route on $name', (target) => {
  let server: TestServer
  let admin: Client
  let token: string
  let contentKey: string
  const ids = { slugs: [] as string[], ids: [] as number[] }

  beforeAll(async () => {
    server = await startTestServer(target, { env: { RENDER_CACHE_MB: '8' } })
    const db = server.database.db
    for (let i = 0; i < 5; i++) {
      const story = await buildArticle(db, { section: i % 2 ? 'World' : 'Harbour', tags: ['Ports', `Topic ${i}`], author: `Writer ${i % 2}` })
      ids.slugs.push(story.slug)
      ids.ids.push(story.id)
    }
    ids.slugs.push('world', 'harbour', 'ports', 'writer-0')
    admin = await signIn(server, 'admin')
    token = (await buildApiClient(server, 'editor')).token
    contentKey = (await createApiKey(db, { name: 'fuzz' })).key
  })
  afterAll(async () => {
    await server?.close()
  })

  function send(request: FuzzRequest): Promise<Response> {
    const headers: Record<string, string> = { ...request.headers }
    if (request.as === 'session') headers.cookie = [headers.cookie, admin.cookie()].filter(Boolean).join('; ')
    if (request.as === 'token') headers.authorization = `Bearer ${token}`
    let query = request.query
    if (request.path.startsWith('/ghost/api/') && !/(^|&)key=/.test(query) && request.as !== 'anonymous') query = `key=${contentKey}${query ? `&${query}` : ''}`
    let body: RequestInit['body']
    const b = request.body
    const withBody = !['GET', 'HEAD'].includes(request.method)
    if (withBody && b.kind === 'json') {
      body = b.text
      headers['content-type'] = 'application/json'
    } else if (withBody && b.kind === 'form') {
      const form = new URLSearchParams(b.fields)
      if (request.as === 'session' && !form.has('_csrf')) form.set('_csrf', admin.csrf)
      body = form
    } else if (withBody && b.kind === 'multipart') {
      const form = new FormData()
      for (const [k, v] of b.fields) form.append(k, v)
      if (request.as === 'session' && !form.has('_csrf')) form.set('_csrf', admin.csrf)
      if (b.file) form.append('file', new Blob([new Uint8Array(b.file.bytes)], { type: b.file.type }), b.file.name)
      body = form
    } else if (withBody && b.kind === 'raw') {
      body = b.text
      headers['content-type'] = b.type
    }
    const url = `${server.url}${request.path}${query ? `?${query}` : ''}`
    return fetch(url, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(20_000) })
  }

  it(`answers ${requests} arbitrary requests without a 5xx, a crash or a stalled event loop`, async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const rssBefore = process.memoryUsage().rss
    const statuses = new Map<number, number>()
    let sent = 0
    try {
      await fc.assert(
        fc.asyncProperty(fuzzRequest(ids), async (request) => {
          let res: Response
          try {
            res = await send(request)
          } catch (error) {
            // fetch refuses some inputs itself (an invalid header value): that request never left.
            if (error instanceof TypeError && !/fetch failed/.test(error.message)) return
            throw error
          }
          await res.arrayBuffer()
          sent += 1
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          expect(res.status, `${request.method} ${request.path}?${request.query}`).toBeLessThan(500)
        }),
        { numRuns: requests, seed, endOnFailure: true },
      )
      // The stories the fuzz did not delete still answer as before.
      expect((await server.get('/')).status).toBe(200)
    } finally {
      delay.disable()
      const maxMs = delay.max / 1e6
      const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20
      console.log(
        `fuzz ${target.name} (seed ${seed}): ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, ` +
          `event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms max ${maxMs.toFixed(1)} ms, RSS ${rssGrowthMb >= 0 ? '+' : ''}${rssGrowthMb.toFixed(0)} MB`,
      )
      expect(maxMs, 'a request stalled the event loop').toBeLessThan(freezeMs)
    }
    expect(sent).toBeGreaterThan(requests * 0.9)
  }, 600_000)
})
