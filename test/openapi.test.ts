import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import type { AppDeps } from '../src/http/deps.ts'
import { createApp } from '../src/server.ts'
import { buildApiClient, type ApiClient } from './helpers/admin-api.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }

/** Every route the app answers under /api/admin that the document does not describe, as "METHOD path". */
function undocumentedRoutes(app: Hono, document: OpenApiDocument): string[] {
  return app.routes
    .filter((route) => route.path.startsWith('/api/admin') && route.method !== 'ALL')
    .map((route) => ({ method: route.method.toLowerCase(), path: route.path.replace(/:(\w+)/g, '{$1}') }))
    .filter(({ method, path }) => !document.paths[path]?.[method])
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
}

describe('Admin API OpenAPI document', () => {
  let server: TestServer
  let document: OpenApiDocument
  let editor: ApiClient

  beforeAll(async () => {
    server = await startTestServer({ name: 'sqlite' }, { demo: false })
    const res = await server.get('/api/openapi.json')
    expect(res.status).toBe(200)
    document = (await res.json()) as OpenApiDocument
    editor = await buildApiClient(server, 'editor')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    expect(() => validator.resolveRefs()).not.toThrow()
    // The checker can fail: a document with a malformed operation is refused.
    const broken = structuredClone(document)
    broken.paths['/api/admin/articles'] = { get: { responses: 'none' } }
    expect((await new Validator().validate(broken)).valid).toBe(false)
  })

  it('describes every /api/admin route the app serves, and nothing it does not', () => {
    const app = createApp({ config: readConfig({ SITE_URL: 'http://gazette.test' }), database: server.database, logger: server.logger } as AppDeps)
    expect(app.routes.some((r) => r.path === '/api/admin/articles/:id' && r.method === 'PATCH')).toBe(true)
    expect(undocumentedRoutes(app, document)).toEqual([])
    const served = new Set(app.routes.map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
    expect(documented.filter((operation) => !served.has(operation))).toEqual([])
    // And the coverage check notices a missing operation.
    const partial = structuredClone(document)
    delete partial.paths['/api/admin/articles/{id}/unpublish']
    expect(undocumentedRoutes(app, partial)).toEqual(['POST /api/admin/articles/{id}/unpublish'])
  })

  it('describes what the API really answers', async () => {
    const ajv = new Ajv2020({ strict: false, formats: { 'date-time': true, uri: true } })
    ajv.addSchema(document, 'openapi.json')
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`)
      if (!validate) throw new Error(`no schema ${name}`)
      expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true)
    }
    const sectionId = (await ensureSection(server.database.db, { name: 'Docs' })).id
    const body = { headline: 'Documented story', body_html: '<p>Text.</p>', section_id: sectionId, sources: [{ name: 'Port', kind: 'quoted' }] }
    check('ArticleCreate', body)
    const created = (await (await editor.request('POST', '/api/admin/articles', body)).json()) as { id: number }
    check('Article', created)
    check('ArticleList', await (await editor.request('GET', '/api/admin/articles')).json())
    await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 1, dek: 'New' })
    const conflict = await editor.request('PATCH', `/api/admin/articles/${created.id}`, { version: 1, dek: 'Old' })
    expect(conflict.status).toBe(409)
    check('EditConflict', await conflict.json())
    check('Error', await (await editor.request('GET', '/api/admin/articles/999999')).json())
    // The schemas are strict enough to catch a wrong shape.
    const validate = ajv.getSchema('openapi.json#/components/schemas/ArticleCreate')
    expect(validate?.({ headline: 'x', bodyHtml: 'camelCase' })).toBe(false)
  })

  it('names the bearer scheme and requires it everywhere', () => {
    expect(document).toMatchObject({ security: [{ bearerAuth: [] }], components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } } })
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Article', 'ArticleCreate', 'ArticleList', 'ArticleSummary', 'ArticleUpdate', 'EditConflict', 'Error'])
  })
})
