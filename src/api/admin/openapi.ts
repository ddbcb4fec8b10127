import { z } from 'zod'
import { articleCreateSchema, articleListQuerySchema, articleListSchema, articleSchema, articleSummarySchema, articleUpdateSchema, editConflictSchema, errorSchema } from './schemas.ts'

/**
 * The OpenAPI 3.1 description of the Admin API, served at /api/openapi.json. Every schema in it is
 * generated from the zod schemas the routes validate and answer with (`z.toJSONSchema`, JSON Schema
 * 2020-12, which OpenAPI 3.1 uses as is), so the document cannot drift from the code.
 */
type Method = 'get' | 'post' | 'patch' | 'delete'
type SchemaName = keyof typeof requestSchemas | keyof typeof responseSchemas

type Operation = {
  summary: string
  description?: string
  listQuery?: boolean
  articleId?: boolean
  body?: keyof typeof requestSchemas
  /** Status → [description, schema]; every operation also answers 401 and 413 as errors. */
  responses: Record<number, [string, SchemaName?]>
}

// Request bodies are described as clients send them (defaults optional), responses as the server sends them.
const requestSchemas = { ArticleCreate: articleCreateSchema, ArticleUpdate: articleUpdateSchema }
const responseSchemas = { Article: articleSchema, ArticleSummary: articleSummarySchema, ArticleList: articleListSchema, Error: errorSchema, EditConflict: editConflictSchema }

const refused = 'The token’s user may read this article but not do this (their role’s policy).'
const missing = 'There is no such article, or not one the token’s user may read (answered alike).'

export const adminApiOperations: Record<string, Partial<Record<Method, Operation>>> = {
  '/api/admin/articles': {
    get: {
      summary: 'List articles',
      description:
        'The articles the token’s user may read, any status, most recently changed first; 50 per page. Editors and admins read every article; contributors and authors only those they created or are bylined on.',
      listQuery: true,
      responses: { 200: ['A page of articles.', 'ArticleList'], 400: ['Invalid status or page.', 'Error'] },
    },
    post: {
      summary: 'Create a draft',
      description: 'Only editors and admins may send `featured: true`.',
      body: 'ArticleCreate',
      responses: { 201: ['The new draft (a taken slug gets a number appended).', 'Article'], 400: ['Invalid fields; `details` lists each.', 'Error'], 403: [refused, 'Error'] },
    },
  },
  '/api/admin/articles/{id}': {
    get: { summary: 'Read an article', articleId: true, responses: { 200: ['The article.', 'Article'], 404: [missing, 'Error'] } },
    patch: {
      summary: 'Change an article',
      description:
        'Send the `version` you read with the fields to change. If someone saved since, nothing is written and the answer is 409 with the stored version. Changing `featured` needs an editor or admin (sending the stored value is no change); an author may not take themselves off the byline of a published or scheduled story.',
      articleId: true,
      body: 'ArticleUpdate',
      responses: {
        200: ['The saved article, with its new version.', 'Article'],
        400: ['Invalid fields; `details` lists each.', 'Error'],
        403: [refused, 'Error'],
        404: [missing, 'Error'],
        409: ['Saved by someone else since `version` (code edit_conflict), or the slug is taken (code conflict).', 'EditConflict'],
      },
    },
    delete: {
      summary: 'Delete an article',
      description: 'Final. Editors may delete any article, writers their own drafts. A story that was ever published is announced to webhooks as article.deleted.',
      articleId: true,
      responses: { 204: ['Deleted.'], 403: [refused, 'Error'], 404: [missing, 'Error'] },
    },
  },
  '/api/admin/articles/{id}/publish': {
    post: {
      summary: 'Publish an article',
      description: 'Editors and admins publish any article; authors only one carrying their own byline.',
      articleId: true,
      responses: {
        200: ['The published article.', 'Article'],
        400: ['The story is not ready: `details` lists what it lacks (headline, section, body, feature image alt text).', 'Error'],
        403: [refused, 'Error'],
        404: [missing, 'Error'],
        409: ['Its status does not allow publishing (e.g. already published).', 'Error'],
      },
    },
  },
  '/api/admin/articles/{id}/unpublish': {
    post: {
      summary: 'Unpublish an article',
      articleId: true,
      responses: { 200: ['The unpublished article.', 'Article'], 403: [refused, 'Error'], 404: [missing, 'Error'], 409: ['The article is not published.', 'Error'] },
    },
  },
}

/** Component schemas without the per-document keywords zod adds ($schema, $id). */
function componentSchemas(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, unknown> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id })
  const generated = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` }).schemas
  return Object.fromEntries(Object.entries(generated).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]))
}

function parameterSchema(schema: z.ZodType): unknown {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input' })
  return rest
}

function operationObject(path: string, method: Method, operation: Operation) {
  const parameters: unknown[] = []
  if (operation.articleId) parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } })
  if (operation.listQuery) {
    for (const [name, schema] of Object.entries(articleListQuerySchema.shape)) parameters.push({ name, in: 'query', required: false, schema: parameterSchema(schema) })
  }
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
  const responses: Record<string, unknown> = {
    401: errorResponse('No token, or a token that is not valid.'),
    413: errorResponse('The request body is too large.'),
  }
  for (const [status, [description, schema]] of Object.entries(operation.responses)) {
    responses[status] = schema ? { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } : { description }
  }
  return {
    operationId: `${method}${path.replace(/\{(\w+)\}/g, 'By_$1').replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } } } } : {}),
    responses,
  }
}

export function adminApiDocument(siteUrl: string) {
  const paths = Object.fromEntries(
    Object.entries(adminApiOperations).map(([path, operations]) => [
      path,
      Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, operationObject(path, method as Method, operation)])),
    ]),
  )
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gazette Admin API',
      version: '1',
      description: 'Create, edit, publish and unpublish articles as a newsroom user. Authenticate with a personal API token (`npx gazette token create` or /admin/tokens); the token’s user’s role decides what it may do.',
    },
    servers: [{ url: siteUrl }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token: `Authorization: Bearer gzt_…`.' } },
      schemas: { ...componentSchemas(requestSchemas, 'input'), ...componentSchemas(responseSchemas, 'output') },
    },
  }
}
