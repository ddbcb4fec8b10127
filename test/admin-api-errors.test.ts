import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSchema } from '../src/api/admin/schemas.ts'
import { authenticateApiToken } from '../src/content/accounts/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { openDatabase } from '../src/db/connection.ts'
import { buildApiClient, type ApiClient } from './helpers/admin-api.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('Admin API refusals on $name', (target) => {
  let server: TestServer
  let editor: ApiClient
  let draftId: number
  let publishedId: number
  let unreadyId: number

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false, env: { MAX_BODY_BYTES: '20000' } })
    editor = await buildApiClient(server, 'editor')
    const sectionId = (await ensureSection(server.database.db, { name: 'Metro' })).id
    const create = async (fields: Record<string, unknown>) => ((await (await editor.request('POST', '/api/admin/articles', { headline: 'Ferry timetable', ...fields })).json()) as { id: number }).id
    draftId = await create({ section_id: sectionId, body_html: '<p>Ferries.</p>' })
    publishedId = await create({ section_id: sectionId, body_html: '<p>Ferries.</p>' })
    expect((await editor.request('POST', `/api/admin/articles/${publishedId}/publish`)).status).toBe(200)
    unreadyId = await create({ body_html: '' })
  })
  afterAll(async () => {
    await server?.close()
  })

  /** Each case: the request, the status it must get, and a word its message or details must contain. */
  const cases: [string, string, string, unknown, Record<string, string> | undefined, number, RegExp][] = [
    ['no content type', 'POST', '/api/admin/articles', '{"headline":"x"}', { 'content-type': 'text/plain' }, 400, /JSON/],
    ['invalid JSON', 'POST', '/api/admin/articles', '{"headline":', undefined, 400, /not valid JSON/],
    ['a JSON array', 'POST', '/api/admin/articles', [], undefined, 400, /object/],
    ['JSON null', 'POST', '/api/admin/articles', 'null', undefined, 400, /object/],
    ['no headline', 'POST', '/api/admin/articles', {}, undefined, 400, /headline/],
    ['an overlong headline', 'POST', '/api/admin/articles', { headline: 'x'.repeat(301) }, undefined, 400, /headline/],
    ['an unknown field', 'POST', '/api/admin/articles', { headline: 'x', bodyHtml: '<p>camel</p>' }, undefined, 400, /bodyHtml/],
    ['a NUL character', 'POST', '/api/admin/articles', { headline: 'nul\u0000here' }, undefined, 400, /NUL/],
    ['a NUL character in a source', 'POST', '/api/admin/articles', { headline: 'x', sources: [{ name: 'nul\u0000', kind: 'quoted' }] }, undefined, 400, /sources\.0\.name: must not contain NUL/],
    ['deeply nested JSON', 'POST', '/api/admin/articles', `{"headline":"x","sources":${'['.repeat(9000)}${']'.repeat(9000)}}`, undefined, 400, /sources/],
    // PostgreSQL's integer ids are 32-bit: a larger id must be refused before it reaches a query.
    ['a section id past 32 bits', 'POST', '/api/admin/articles', { headline: 'x', section_id: 2 ** 31 }, undefined, 400, /section_id/],
    ['byline and tag ids past 32 bits', 'POST', '/api/admin/articles', { headline: 'x', author_ids: [2 ** 31], tag_ids: [2 ** 40] }, undefined, 400, /author_ids\.0.*tag_ids\.0/],
    ['a feature image id past 32 bits', 'POST', '/api/admin/articles', { headline: 'x', feature_media_id: 2 ** 31 }, undefined, 400, /feature_media_id/],
    ['a missing section', 'POST', '/api/admin/articles', { headline: 'x', section_id: 999_999 }, undefined, 400, /no section 999999/],
    ['missing bylines and tags', 'POST', '/api/admin/articles', { headline: 'x', author_ids: [999_998], tag_ids: [999_997] }, undefined, 400, /no author 999998/],
    ['a text section id', 'POST', '/api/admin/articles', { headline: 'x', section_id: '1' }, undefined, 400, /section_id/],
    ['a malformed slug', 'POST', '/api/admin/articles', { headline: 'x', slug: 'Not a slug!' }, undefined, 400, /slug/],
    ['a source without kind', 'POST', '/api/admin/articles', { headline: 'x', sources: [{ name: 'Port authority' }] }, undefined, 400, /sources\.0\.kind/],
    ['a body over the size limit', 'POST', '/api/admin/articles', { headline: 'x', body_html: 'y'.repeat(30_000) }, undefined, 413, /larger/],
    ['an unknown status filter', 'GET', '/api/admin/articles?status=lost', undefined, undefined, 400, /status/],
    ['page 0', 'GET', '/api/admin/articles?page=0', undefined, undefined, 400, /page/],
    ['a text page', 'GET', '/api/admin/articles?page=two', undefined, undefined, 400, /page/],
    ['a text id', 'GET', '/api/admin/articles/abc', undefined, undefined, 404, /no such article/],
    ['id 0', 'GET', '/api/admin/articles/0', undefined, undefined, 404, /no such article/],
    ['a huge id', 'GET', '/api/admin/articles/99999999999999999999', undefined, undefined, 404, /no such article/],
    ['an unknown article', 'GET', '/api/admin/articles/999999', undefined, undefined, 404, /no such article/],
    ['an unknown route', 'GET', '/api/admin/nothing-here', undefined, undefined, 404, /nothing at this address/],
    ['PUT, which is not offered', 'PUT', '/api/admin/articles/1', { headline: 'x' }, undefined, 404, /nothing at this address/],
    ['patching an unknown article', 'PATCH', '/api/admin/articles/999999', { version: 1, headline: 'x' }, undefined, 404, /no such article/],
    ['publishing an unknown article', 'POST', '/api/admin/articles/999999/publish', undefined, undefined, 404, /no such article/],
    ['deleting an unknown article', 'DELETE', '/api/admin/articles/999999', undefined, undefined, 404, /no such article/],
  ]

  it.each(cases)('refuses %s', async (_name, method, path, body, headers, status, pattern) => {
    const res = await editor.request(method, path, body, { headers })
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const { error } = errorSchema.parse(await res.json())
    expect(`${error.message} ${(error.details ?? []).join(' ')}`).toMatch(pattern)
  })

  it('refuses a change without a version, or with a malformed one', async () => {
    for (const body of [{ headline: 'x' }, { version: 'one', headline: 'x' }, { version: 0, headline: 'x' }, { version: 1, headline: '' }, { version: 1, section_id: 2 ** 31 }, { version: 1, tag_ids: [2 ** 31] }]) {
      const res = await editor.request('PATCH', `/api/admin/articles/${draftId}`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
  })

  it('refuses to publish an unready story with what it lacks, and to repeat a transition', async () => {
    const unready = await editor.request('POST', `/api/admin/articles/${unreadyId}/publish`)
    expect(unready.status).toBe(400)
    const { error } = errorSchema.parse(await unready.json())
    expect(error.details).toEqual(['missing a section', 'missing a body'])
    const twice = await editor.request('POST', `/api/admin/articles/${publishedId}/publish`)
    expect(twice.status).toBe(409)
    expect((await editor.request('POST', `/api/admin/articles/${draftId}/unpublish`)).status).toBe(409)
  })
})

describe('gazette token create', () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-cli-token-'))
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['bin/gazette.js', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', input })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('prints a working token as its last line, and explains an unknown account', async () => {
    expect(cli(['user', 'create', '--email', 'desk@example.com', '--name', 'Desk', '--role', 'editor'], 'a long enough password\n').status).toBe(0)
    const created = cli(['token', 'create', '--email', 'Desk@Example.com', '--name', 'importer'])
    expect(created.status).toBe(0)
    const token = created.stdout.trim().split('\n').at(-1) as string
    expect(token).toMatch(/^gzt_[A-Za-z0-9_-]{43}$/)
    const database = await openDatabase(join(dataDir, 'gazette.sqlite'))
    try {
      expect((await authenticateApiToken(database.db, token))?.email).toBe('desk@example.com')
      const stored = await database.db.selectFrom('api_tokens').select(['name', 'token_hash']).execute()
      // Only a hash of the token is kept.
      expect(stored).toEqual([{ name: 'importer', token_hash: createHash('sha256').update(token).digest('hex') }])
    } finally {
      await database.destroy()
    }
    const unknown = cli(['token', 'create', '--email', 'nobody@example.com', '--name', 'x'])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('no account for nobody@example.com')
    expect(unknown.stderr).not.toMatch(/\n\s+at /)
    expect(cli(['token', 'create', '--email', 'desk@example.com']).status).toBe(2)
  })
})
