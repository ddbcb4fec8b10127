import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey, revokeApiKey } from '../src/content/accounts/index.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/** The Content API at the HTTP level: keys, bad parameters, envelopes, CORS and caching headers. */
const api = '/ghost/api/content'

type GhostErrorBody = { errors: { message: string; type: string; context: string | null }[] }

describe.each(await databaseTargets())('Content API over HTTP on $name', (target) => {
  let server: TestServer
  let key: string
  let keyId: number

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    for (let i = 0; i < 3; i++) await buildArticle(server.database.db, { tags: ['News'] })
    const created = await createApiKey(server.database.db, { name: 'HTTP test' })
    key = created.key
    keyId = created.apiKey.id
  })
  afterAll(async () => {
    await server?.close()
  })

  const get = (path: string, init?: RequestInit) => server.get(`${api}${path}`, init)
  const withKey = (path: string) => get(`${path}${path.includes('?') ? '&' : '?'}key=${key}`)

  async function expectGhostError(res: Response, status: number, type: string): Promise<GhostErrorBody['errors'][number]> {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as GhostErrorBody
    expect(body.errors).toHaveLength(1)
    expect(body.errors[0]).toMatchObject({ type })
    expect(typeof body.errors[0]?.message).toBe('string')
    return body.errors[0] as GhostErrorBody['errors'][number]
  }

  it('refuses a missing key with 403 and unknown, malformed or repeated keys with 401/400', async () => {
    expect((await expectGhostError(await get('/posts/'), 403, 'NoPermissionError')).message).toBe('Authorization failed')
    expect((await expectGhostError(await get('/posts/?key='), 403, 'NoPermissionError')).message).toBe('Authorization failed')
    expect((await expectGhostError(await get('/posts/?key=not-a-key'), 401, 'UnauthorizedError')).message).toBe('Unknown Content API Key')
    await expectGhostError(await get(`/posts/?key=${key.toUpperCase()}`), 401, 'UnauthorizedError')
    await expectGhostError(await get(`/posts/?key=${'0'.repeat(26)}`), 401, 'UnauthorizedError')
    await expectGhostError(await get(`/settings/?key=${key}&key=${key}`), 400, 'BadRequestError')
  })

  it('stops answering a revoked key', async () => {
    const spare = await createApiKey(server.database.db, { name: 'Spare' })
    expect((await get(`/posts/?key=${spare.key}`)).status).toBe(200)
    await revokeApiKey(server.database.db, spare.apiKey.id)
    const error = await expectGhostError(await get(`/posts/?key=${spare.key}`), 401, 'UnauthorizedError')
    expect(error.context).toContain('revoked')
  })

  it('records when a key was last used, at most once a minute', async () => {
    const lastUsed = async () => (await server.database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', keyId).executeTakeFirstOrThrow()).last_used_at
    expect((await withKey('/settings/')).status).toBe(200)
    const first = await lastUsed()
    expect(first).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await withKey('/settings/')).status).toBe(200)
    expect(await lastUsed()).toBe(first)
  })

  it('caps limit at 100 as Ghost does, and refuses malformed limit and page', async () => {
    for (const limit of ['1000', 'all', 'ALL']) {
      const res = await withKey(`/posts/?limit=${limit}`)
      expect(res.status, limit).toBe(200)
      expect(((await res.json()) as { meta: { pagination: { limit: number } } }).meta.pagination.limit).toBe(100)
    }
    for (const limit of ['abc', '0', '-1', '1.5', '']) await expectGhostError(await withKey(`/posts/?limit=${limit}`), 400, 'BadRequestError')
    for (const page of ['0', 'abc', '-2', '99999999']) await expectGhostError(await withKey(`/posts/?page=${page}`), 400, 'BadRequestError')
    const past = await withKey('/posts/?page=99')
    expect(past.status).toBe(200)
    expect(await past.json()).toMatchObject({ posts: [], meta: { pagination: { page: 99, total: 3, next: null } } })
  })

  it('refuses unknown order fields and directions, and bad formats', async () => {
    for (const order of ['foo desc', 'title sideways', 'title asc desc', 'body_html asc', 'published_at desc; drop table articles']) {
      const error = await expectGhostError(await withKey(`/posts/?order=${encodeURIComponent(order)}`), 400, 'BadRequestError')
      expect(error.context, order).toBeTruthy()
    }
    await expectGhostError(await withKey('/tags/?order=title%20asc'), 400, 'BadRequestError')
    await expectGhostError(await withKey('/posts/?formats=mobiledoc'), 400, 'BadRequestError')
    // Includes a resource cannot embed are dropped, as Ghost does.
    expect((await withKey('/posts/?include=tiers,authors')).status).toBe(200)
  })

  it('answers 400 with "Error parsing filter" for any bad filter, never 500', async () => {
    const bad = ['tag:', 'tag:news+', '(tag:news', 'colour:red', 'featured:maybe', "featured:'true'", "published_at:>'not a date'", 'published_at:>2026-02-31', 'tag:>news', 'id:-12', 'author:[a,b', "tag:'open", 'x'.repeat(2100)]
    for (const filter of bad) {
      const error = await expectGhostError(await withKey(`/posts/?filter=${encodeURIComponent(filter)}`), 400, 'BadRequestError')
      expect(error.message, filter.slice(0, 40)).toBe('Error parsing filter')
    }
    await expectGhostError(await withKey(`/tags/?filter=${encodeURIComponent('featured:true')}`), 400, 'BadRequestError')
    await expectGhostError(await withKey(`/pages/?filter=${encodeURIComponent('tag:')}`), 400, 'BadRequestError')
    // A NUL character in a value (which PostgreSQL cannot compare) is a bad filter too.
    for (const [resource, filter] of [['posts', "slug:'a\u0000b'"], ['posts', 'tag:a\u0000'], ['tags', "slug:['\u0000']"], ['authors', 'slug:x\u0000']]) {
      const error = await expectGhostError(await withKey(`/${resource}/?filter=${encodeURIComponent(filter as string)}`), 400, 'BadRequestError')
      expect(error.message, filter).toBe('Error parsing filter')
    }
  })

  it('answers 404 in the envelope for unknown ids, slugs and resources', async () => {
    const missing = ['/posts/1000000000000000000fffff/', '/posts/0000000000000000000000ff/', '/posts/abc/', '/posts/1fffffffffffffffffffffff/', '/posts/slug/no-such-story/', '/posts/slug/Not%20A%20Slug/', '/authors/2000000000000000000fffff/', '/tags/slug/none/', '/pages/1000000000000000000000aa/', '/members/']
    for (const path of missing) await expectGhostError(await withKey(path), 404, 'NotFoundError')
  })

  it('reads have no meta; browse, settings and pages have it; slashes are optional', async () => {
    const list = (await (await withKey('/posts/?limit=1')).json()) as { posts: { slug: string; id: string }[] }
    const [first] = list.posts
    const read = await withKey(`/posts/slug/${first?.slug}`)
    expect(read.status).toBe(200)
    expect(Object.keys((await read.json()) as object)).toEqual(['posts'])
    expect((await withKey(`/posts/${first?.id}`)).status).toBe(200)
    expect(await (await withKey('/settings')).json()).toMatchObject({ settings: { title: 'Gazette' }, meta: {} })
    expect(await (await withKey('/pages')).json()).toEqual({ pages: [], meta: { pagination: { page: 1, limit: 15, pages: 1, total: 0, next: null, prev: null } } })
    expect((await withKey('/tags')).status).toBe(200)
    expect((await withKey('/authors/')).status).toBe(200)
  })

  it('allows any origin, answers preflight, and declares version and caching', async () => {
    const res = await server.get(`${api}/posts/?key=${key}`, { headers: { origin: 'https://app.example', 'accept-version': 'v5.0' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('content-version')).toBe('v5.0')
    expect(res.headers.get('vary')).toContain('Accept-Version')
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=60/)
    const etag = res.headers.get('etag')
    expect(etag).toBeTruthy()
    expect((await server.get(`${api}/posts/?key=${key}`, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304)

    const preflight = await server.get(`${api}/posts/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept-version' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET')
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('accept-version')

    // Errors are readable cross-origin too, or a browser client could not tell a bad key from a network failure.
    const refused = await server.get(`${api}/posts/`, { headers: { origin: 'https://app.example' } })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
    expect(refused.headers.get('content-version')).toBe('v5.0')
  })
})
