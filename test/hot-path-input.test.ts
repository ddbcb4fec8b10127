import { DefaultQueryExecutor, type CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createApiKey } from '../src/content/accounts/index.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/**
 * Bad input on the addresses that take the most traffic answers 4xx (or, where a query string means
 * nothing, the normal response from the render cache) without reading the archive: each request's SQL
 * is recorded and compared with what an error page costs anyway. Cursors, small bad page numbers and
 * the Content API's posts are covered in public-site, search and content-api-errors tests.
 */
const huge = '99999999999999999999'
const badPages = [`page=${huge}`, 'page=-1', 'page=abc', 'page=1e400', `page=${'9'.repeat(5000)}`]
const listings = ['/', '/section/politics', '/tag/iraq', '/author/news-desk', '/sitemap', '/search?q=iraq']
const cachedByPath = ['/rss.xml', '/section/politics/atom.xml', '/tag/iraq/feed.json', '/author/news-desk/rss.xml', '/sitemap.xml', '/sitemap-news.xml']
const ignoredQueries = [`page=${huge}`, 'page=-1', 'before=garbage', 'order=nope%20desc', `limit=${huge}`]
const apiResources = ['posts', 'pages', 'tags', 'authors']
const badApiQueries = [`page=${huge}`, 'page=-1', 'page=abc', `limit=${huge}`, 'limit=-5', 'order=nope%20desc', 'order=title%20sideways']

/** The scheduler and the webhook dispatcher query on their own timers, whatever the requests do. */
const background = /"scheduled_at" <=|"webhook_deliveries"/

describe.each(await databaseTargets())('bad input on hot paths on $name', (target) => {
  let server: TestServer
  let key: string
  let executed: MockInstance<(query: CompiledQuery, ...rest: never[]) => unknown>
  /** What the error page for an unknown address reads: the site's settings, sections and years. */
  let errorPageSql: Set<string>

  beforeAll(async () => {
    server = await startTestServer(target)
    key = (await createApiKey(server.database.db, { name: 'Hot paths' })).key
    executed = vi.spyOn(DefaultQueryExecutor.prototype, 'executeQuery') as unknown as typeof executed
    const notFound = await request('/no-such-page')
    expect(notFound.status).toBe(404)
    errorPageSql = new Set(notFound.sql)
  })
  afterAll(async () => {
    executed?.mockRestore()
    await server?.close()
  })

  async function request(path: string) {
    executed.mockClear()
    const res = await server.get(path)
    const body = await res.text()
    const sql = executed.mock.calls.map(([query]) => query.sql).filter((text) => !background.test(text))
    return { status: res.status, body, sql, res }
  }

  it('refuses huge, negative and malformed page numbers on every listing with a 400, reading nothing but the error page', async () => {
    for (const path of listings) {
      for (const query of badPages) {
        const url = `${path}${path.includes('?') ? '&' : '?'}${query}`
        const { status, sql } = await request(url)
        expect(status, url).toBe(400)
        expect(sql.filter((text) => !errorPageSql.has(text)), url).toEqual([])
      }
    }
  })

  it('answers feeds and sitemaps whatever the query string from the cached copy, without a query', async () => {
    for (const path of cachedByPath) {
      await request(path)
      const { res } = await request(path)
      for (const query of ignoredQueries) {
        const url = `${path}?${query}`
        const answer = await request(url)
        expect([answer.status, answer.res.headers.get('x-render-cache'), answer.res.headers.get('etag')], url).toEqual([200, 'hit', res.headers.get('etag')])
        expect(answer.sql, url).toEqual([])
      }
    }
    expect((await request(`/section/no-such-section/rss.xml?page=${huge}`)).status).toBe(404)
  })

  it('refuses bad page numbers, limits and sort keys on every Content API list before reading content', async () => {
    for (const resource of apiResources) {
      for (const query of badApiQueries) {
        const url = `/ghost/api/content/${resource}/?key=${key}&${query}`
        const { status, body, sql } = await request(url)
        expect([status, body], query).toEqual([400, expect.stringContaining('BadRequestError')])
        // The key is looked up (and its last use noted); nothing else.
        expect(sql.filter((text) => !text.includes('"api_keys"')), url).toEqual([])
      }
    }
  })
})
