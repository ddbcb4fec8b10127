import { createServer, type Server } from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../src/content/published/index.ts'
import { maxQueryLength } from '../../src/content/published/index.ts'
import { withCachedPageLane } from '../../src/http/cached-page-lane.ts'
import type { RenderCache } from '../../src/http/render-cache.ts'
import { buildArticle } from '../helpers/builders.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * A page is kept under its path and the query parameters its route reads (src/http/page-query.ts),
 * so no query string a reader makes up can add an entry or push a page others read out of the render
 * cache: tracking parameters, parameters no route reads and escaped spellings of a path are answered
 * from the page already kept. Values a route does read but anyone can make up (a search, a cursor for
 * any instant) add entries only within their own share of the cache.
 */
const tracking = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', '_ga', 'ref', 'igshid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 's_cid']

/** A query string of tracking and unread parameters, different for every `i`. */
function junkQuery(i: number): string {
  const name = tracking[i % tracking.length] as string
  const unread = ['x', 'PAGE', 'Page', 'sort', 'q', 'lang', 'amp', 'cb'][i % 8] as string
  return `${name}=${i.toString(36)}-${'z'.repeat(i % 50)}&${unread}=${i}&junk${i}=${encodeURIComponent(`é ${i} <&>`)}`
}

/** `path` with one letter percent-escaped (a different spelling of the same route), or as is. */
function respelled(path: string, i: number): string {
  const letters = [...path.matchAll(/[a-z]/g)]
  const match = letters[i % Math.max(letters.length, 1)]
  if (!match || i % 3) return path
  return `${path.slice(0, match.index)}%${(match[0].charCodeAt(0)).toString(16)}${path.slice(match.index + 1)}`
}

/** Sends `count` requests built by `pathOf`, `parallel` at a time; the answers' status and cache state. */
async function flood(server: TestServer, count: number, pathOf: (i: number) => string, parallel = 16) {
  const answers: { path: string; status: number; state: string | null }[] = []
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, j) => pathOf(start + j))
    answers.push(
      ...(await Promise.all(
        batch.map(async (path) => {
          const res = await server.get(path)
          await res.arrayBuffer()
          return { path, status: res.status, state: res.headers.get('x-render-cache') }
        }),
      )),
    )
  }
  return answers
}

describe.each(await databaseTargets())('render cache keys on $name', (target) => {
  let server: TestServer
  let cache: RenderCache
  let warmPaths: string[]

  beforeAll(async () => {
    // A small cache (1 MB), so a flood that added entries would soon push the warm pages out.
    server = await startTestServer(target, { demo: false, env: { RENDER_CACHE_MB: '1' } })
    cache = server.renderCache as RenderCache
    const { db } = server.database
    const story = await buildArticle(db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor', tags: ['Harbour'] })
    for (let i = 0; i < 4; i++) await buildArticle(db, { headline: `Ferry timetable ${i}`, section: 'Local', author: 'Maria Okafor', tags: ['Harbour'] })
    warmPaths = [
      '/',
      `/articles/${story.slug}`,
      '/section/local',
      '/section/local?page=1',
      '/tag/harbour',
      '/author/maria-okafor',
      '/trending',
      '/sitemap',
      '/search?q=harbour',
      '/rss.xml',
      '/section/local/atom.xml',
      '/sitemap.xml',
    ]
  })
  afterAll(async () => {
    await server?.close()
  })

  /** Loads each page until it is a hit; returns each page's ETag. */
  async function warm(): Promise<Record<string, string | null>> {
    const etags: Record<string, string | null> = {}
    for (const path of warmPaths) {
      await server.get(path).then((res) => res.arrayBuffer())
      const again = await server.get(path)
      await again.arrayBuffer()
      expect(again.headers.get('x-render-cache'), path).toBe('hit')
      etags[path] = again.headers.get('etag')
    }
    return etags
  }

  async function expectStillWarm(etags: Record<string, string | null>, paths = warmPaths) {
    for (const path of paths) {
      const res = await server.get(path)
      await res.arrayBuffer()
      expect([res.status, res.headers.get('x-render-cache'), res.headers.get('etag')], path).toEqual([200, 'hit', etags[path]])
    }
  }

  it('answers thousands of unique tracking and unread parameters from the warm pages, adding no entry', async () => {
    const etags = await warm()
    const before = cache.stats()
    const answers = await flood(server, 3000, (i) => {
      const path = respelled(warmPaths[i % warmPaths.length] as string, i)
      return `${path}${path.includes('?') ? '&' : '?'}${junkQuery(i)}`
    })
    const misses = answers.filter((answer) => answer.status !== 200 || answer.state !== 'hit')
    expect(misses.slice(0, 5)).toEqual([])
    const after = cache.stats()
    expect(after.entries).toBe(before.entries)
    expect(after.bytes).toBe(before.bytes)
    await expectStillWarm(etags)
  })

  it('renders a read parameter with junk around it as the clean address, under the clean address’s key', async () => {
    await warm()
    const clean = await server.get('/section/local?page=1').then(async (res) => ({ etag: res.headers.get('etag'), html: await res.text() }))
    const entries = cache.size
    for (const query of ['utm_source=x&page=1', 'page=1&page=2', 'fbclid=1&page=%31&gclid=2']) {
      const res = await server.get(`/section/local?${query}`)
      expect([res.headers.get('x-render-cache'), res.headers.get('etag')], query).toEqual(['hit', clean.etag])
    }
    expect(cache.size).toBe(entries)
    // Cold: the first request of page 1 of a topic carries junk; it renders page 1 and keeps it as such.
    const cold = await server.get('/tag/harbour?page=1&utm_source=newsletter&fbclid=abc')
    expect(cold.headers.get('x-render-cache')).toBe('miss')
    expect((await server.get('/tag/harbour?page=1')).headers.get('x-render-cache')).toBe('hit')
    expect(cache.size).toBe(entries + 1)
    // A page number too long to be one is refused, however long, and nothing is kept.
    expect((await server.get(`/section/local?page=${'1'.repeat(5000)}`)).status).toBe(400)
    expect(cache.size).toBe(entries + 1)
  })

  it('cuts a search longer than the bound, and keys and shows the cut query', async () => {
    const stem = `harbour ${'w'.repeat(maxQueryLength)}`
    const first = await server.get(`/search?q=${encodeURIComponent(`${stem}first tail`)}&utm_source=x`)
    expect([first.status, first.headers.get('x-render-cache')]).toEqual([200, 'miss'])
    const html = await first.text()
    const cut = Array.from(stem).slice(0, maxQueryLength).join('')
    expect(html).toContain(`value="${cut}"`)
    expect(html).not.toContain('first tail')
    // Another tail past the bound, and the same words spaced differently, are the same search.
    for (const q of [`${stem}other tail`, `  harbour \n ${'w'.repeat(maxQueryLength)}`]) {
      const res = await server.get(`/search?q=${encodeURIComponent(q)}`)
      expect([res.status, res.headers.get('x-render-cache')], q.slice(0, 20)).toEqual([200, 'hit'])
    }
  })

  it('keeps made-up searches and cursors to their share, so they cannot push the warm pages out', async () => {
    const etags = await warm()
    const future = Date.now() + 86_400_000
    const answers = await flood(
      server,
      600,
      (i) => (i % 2 ? `/search?q=harbour+${i}` : `/section/local?before=${encodeCursor({ publishedAt: new Date(future + i * 1000).toISOString(), id: 1 })}&utm_source=${i}`),
      8,
    )
    expect(answers.filter((answer) => answer.status !== 200 || answer.state !== 'miss').slice(0, 5)).toEqual([])
    const stats = cache.stats()
    expect(stats.openBytes).toBeLessThanOrEqual(cache.maxBytes / 4)
    // The share filled and turned over: most made-up pages are gone again (the warm search with them,
    // as one of them), every other warm page is not.
    expect(stats.openEntries).toBeLessThan(300)
    await expectStillWarm(etags, warmPaths.filter((path) => !path.startsWith('/search')))
  })

  describe('the cached-page lane', () => {
    let lane: Server
    let laneUrl: string
    let reachedApp = 0

    beforeAll(async () => {
      // The server's own cache behind the lane alone: whatever reaches the app behind it is counted.
      lane = createServer(
        withCachedPageLane({ cache, isPublicPath: () => true, securityHeaders: [] }, (_req, res) => {
          reachedApp++
          res.writeHead(503).end()
        }),
      )
      await new Promise<void>((resolve) => lane.listen(0, '127.0.0.1', resolve))
      const address = lane.address()
      laneUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    })
    afterAll(async () => {
      await new Promise((resolve) => lane?.close(resolve))
    })

    it('answers a unique ?fbclid= on every request as a hit, before the app', async () => {
      await warm()
      reachedApp = 0
      for (let i = 0; i < 500; i++) {
        const path = warmPaths[i % warmPaths.length] as string
        const url = `${laneUrl}${path}${path.includes('?') ? '&' : '?'}fbclid=IwAR${i.toString(36)}${Date.now()}`
        const res = await fetch(url)
        await res.arrayBuffer()
        expect([res.status, res.headers.get('x-render-cache')], url).toEqual([200, 'hit'])
      }
      expect(reachedApp).toBe(0)
      // An address it cannot read as the app would goes on unchanged: here, to the counting stand-in.
      expect((await fetch(`${laneUrl}/section/%6cocal?fbclid=1`)).status).toBe(503)
      expect(reachedApp).toBe(1)
    })
  })
})

describe('what public routes read from a query string', () => {
  /** Every file under a folder of src/, recursively. */
  const filesIn = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)]))

  it('is only what each route declared: no public route reads the raw query string', () => {
    const root = join(import.meta.dirname, '../../src')
    const files = [...filesIn(join(root, 'site')), ...filesIn(join(root, 'feeds'))].filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
    const raw = files.filter((file) => /\breq\.(query|queries)\(|searchParams|\.req\.url\b/.test(readFileSync(file, 'utf8')))
    expect(raw).toEqual([])
  })
})
