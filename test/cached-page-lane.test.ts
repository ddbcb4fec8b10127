import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildArticle } from './helpers/builders.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/**
 * Cache hits on plain paths are answered on node:http before the app runs (src/http/cached-page-lane.ts).
 * They must be indistinguishable from the app's own answer from the cache, which a percent-escape in
 * the path forces (the app's key is the unescaped path). Engine-independent: SQLite only.
 */
describe('cache hits answered before the app', () => {
  let server: TestServer
  let story: { id: number; slug: string }

  beforeAll(async () => {
    server = await startTestServer({ name: 'sqlite' }, { demo: false })
    story = await buildArticle(server.database.db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor' })
  })
  afterAll(async () => {
    await server?.close()
  })

  const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)))
  const get = (path: string, headers: Record<string, string> = {}) => server.get(path, { headers })

  /** The same address with its first letter escaped: the lane leaves it to the app. */
  const escaped = (path: string) => path.replace(/\/([a-z])([^/]*)$/, (_, first: string, rest: string) => `/%${first.charCodeAt(0).toString(16)}${rest}`)

  it('gives the same status, headers and bytes as the app, in every encoding', async () => {
    const path = `/articles/${story.slug}`
    await get(path)
    expect(escaped(path)).toContain('%')
    for (const encoding of ['gzip', 'br', 'identity']) {
      const lane = await get(path, { 'accept-encoding': encoding })
      const app = await get(escaped(path), { 'accept-encoding': encoding })
      expect(lane.headers.get('x-render-cache'), encoding).toBe('hit')
      expect(app.headers.get('x-render-cache'), encoding).toBe('hit')
      expect(headersOf(lane), encoding).toEqual(headersOf(app))
      expect(Buffer.from(await lane.arrayBuffer()), encoding).toEqual(Buffer.from(await app.arrayBuffer()))
    }
  })

  it('reads a query string as the app does: tracking parameters are hits, read parameters make the key', async () => {
    const path = `/articles/${story.slug}`
    await get(path)
    const lane = await get(`${path}?fbclid=IwAR${Date.now()}&utm_source=facebook`)
    const app = await get(`${escaped(path)}?fbclid=IwAR${Date.now()}&utm_source=facebook`)
    expect(lane.headers.get('x-render-cache')).toBe('hit')
    expect(headersOf(lane)).toEqual(headersOf(app))
    await get('/section/local?page=1')
    for (const query of ['page=1', 'page=1&gclid=x', 'utm_campaign=y&page=1&page=9', 'page=%31']) {
      const answer = await get(`/section/local?${query}`)
      expect(answer.headers.get('x-render-cache'), query).toBe('hit')
      expect(headersOf(answer), query).toEqual(headersOf(await get(`/section/%6cocal?${query}`)))
    }
    // Another value of a read parameter is another page, here a refused one.
    expect((await get('/section/local?page=1%20')).status).toBe(400)
  })

  it('answers 304 to a matching ETag, and leaves HEAD, odd paths and misses to the app', async () => {
    const path = `/articles/${story.slug}`
    const etag = (await get(path)).headers.get('etag') as string
    const notModified = await get(path, { 'if-none-match': etag })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('content-security-policy')).toContain("script-src 'none'")
    expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200)
    const head = await server.get(path, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await get('/articles/no-such-story')).status).toBe(404)
    expect((await get(`/articles/./${story.slug}`)).status).toBe(200)
  })

  it('counts a story read from the lane for Trending', async () => {
    const path = `/articles/${story.slug}`
    await get(path)
    await server.flushViews()
    const views = async () =>
      Number((await server.database.db.selectFrom('article_views').select((eb) => eb.fn.sum<number>('views').as('n')).where('article_id', '=', story.id).executeTakeFirst())?.n ?? 0)
    const before = await views()
    for (let i = 0; i < 3; i++) expect((await get(path, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' })).headers.get('x-render-cache')).toBe('hit')
    await server.flushViews()
    expect(await views()).toBe(before + 3)
  })
})
