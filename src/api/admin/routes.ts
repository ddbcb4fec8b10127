import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import { deleteArticle, createDraft, EditConflictError, loadArticleFor, saveArticle, listArticlesPage, transitionArticle, type WorkflowAction } from '../../content/articles/index.ts'
import { parseInput } from '../../content/shared/index.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { parseRowId } from '../../http/ids.ts'
import type { AppDeps } from '../../http/deps.ts'
import { paths } from '../../http/paths.ts'
import { requireApiToken, type AdminApiEnv } from './auth.ts'
import { adminApiDocument } from './openapi.ts'
import { presentArticle, presentArticleSummary, toDraftChanges } from './presenter.ts'
import { articleCreateSchema, articleListQuerySchema, articleUpdateSchema } from './schemas.ts'

const perPage = 50

/**
 * The Admin API: JSON over HTTP for the same domain functions the newsroom uses, as the token's user.
 * Each handler reads as authenticate → validate → domain call (which checks the policy) → present.
 * Every path here must be described in openapi.ts; a test checks both lists against each other.
 */
export function adminApiRoutes(deps: AppDeps) {
  const { db } = deps.database
  const publicUrl = (slug: string) => `${deps.config.siteUrl}${paths.article(slug)}`
  const app = new Hono<AdminApiEnv>()

  const document = adminApiDocument(deps.config.siteUrl)
  app.get('/api/openapi.json', (c) => c.json(document, 200, { 'Cache-Control': 'public, max-age=300' }))

  app.use('/api/admin/*', requireApiToken(deps))

  app.get('/api/admin/articles', async (c) => {
    const query = parseInput(articleListQuerySchema, c.req.query(), 'query')
    const page = query.page ?? 1
    const { rows, total } = await listArticlesPage(db, c.var.actor, { status: query.status, page, pageSize: perPage })
    return c.json({
      articles: rows.map((row) => presentArticleSummary(row, publicUrl)),
      pagination: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) },
    })
  })

  app.post('/api/admin/articles', async (c) => {
    const body = await readJsonBody(c, articleCreateSchema)
    const changes = toDraftChanges(body)
    const article = await createDraft(db, c.var.actor, { ...changes, headline: body.headline })
    return c.json(presentArticle(article, publicUrl), 201, { Location: `/api/admin/articles/${article.id}` })
  })

  app.get('/api/admin/articles/:id', async (c) => {
    return c.json(presentArticle(await loadArticleFor(db, c.var.actor, articleId(c)), publicUrl))
  })

  app.patch('/api/admin/articles/:id', async (c) => {
    const id = articleId(c)
    const body = await readJsonBody(c, articleUpdateSchema)
    // Someone else's story is a 404 before anything about the body is checked against the database.
    const current = await loadArticleFor(db, c.var.actor, id)
    const changes = toDraftChanges(body)
    // Fields left out keep their stored value; the version check makes this merge safe.
    try {
      const saved = await saveArticle(db, c.var.actor, id, { ...current, ...changes }, { expectedVersion: body.version })
      return c.json(presentArticle(saved, publicUrl))
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error
      return c.json({ error: { code: 'edit_conflict', message: error.message }, article: presentArticle(error.current, publicUrl) }, 409)
    }
  })

  app.delete('/api/admin/articles/:id', async (c) => {
    await deleteArticle(db, c.var.actor, articleId(c))
    return c.body(null, 204)
  })

  const transition = (action: WorkflowAction) => async (c: Context<AdminApiEnv>) => {
    const article = await transitionArticle(db, c.var.actor, articleId(c), action)
    return c.json(presentArticle(article, publicUrl))
  }
  app.post('/api/admin/articles/:id/publish', transition('publish'))
  app.post('/api/admin/articles/:id/unpublish', transition('unpublish'))

  return app
}

function articleId(c: Context): number {
  const id = parseRowId(c.req.param('id') ?? '')
  if (id === null) throw new NotFoundError('There is no such article.')
  return id
}

/** A JSON body, validated; anything else is a 400 that says what was wrong. */
async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ValidationError('Send a JSON body with Content-Type: application/json.')
  }
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw new ValidationError('The request body is not valid JSON.', [error.message])
  }
  // parseInput also refuses NUL characters, which PostgreSQL text cannot hold.
  return parseInput(schema, body, 'request body')
}
