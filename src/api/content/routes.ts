import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { authenticateContentKey } from '../../content/accounts/index.ts'
import { changeTags } from '../../content/changes/index.ts'
import { browseAuthors, readAuthor, fromPublicId, type ContentType, browsePublishedPosts, checkPostsRequest, readPublishedPost, browseTags, readTag } from '../../content/content-api/index.ts'
import type { BrowseRequest, CountMemo } from '../../content/content-api/index.ts'
import { listSections } from '../../content/taxonomy/index.ts'
import { getSiteSettings } from '../../content/settings/index.ts'
import { isSlug } from '../../content/shared/index.ts'
import type { Db } from '../../db/connection.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import { sendText } from '../../http/send.ts'
import { contentApiErrorHandler } from './errors.ts'
import { readBrowseParams, readOutputParams, type OutputParams } from './params.ts'
import { onlyFields, presentAuthor, presentPost, presentSettings, presentTag } from './serializers.ts'

/**
 * Ghost's Content API, read-only, under /ghost/api/content/: posts, pages (always empty: Gazette has
 * no standalone pages), authors, tags and settings, each at Ghost's trailing-slash address and without
 * the slash. Every request needs `?key=` (src/content/api-keys.ts). Answers are public and cacheable
 * for a minute; any origin may read them.
 */
export const contentApiBase = '/ghost/api/content'
/** The Content API shape these answers follow; Ghost names its own version here. */
export const contentApiVersion = 'v5.0'
const apiCache = 'public, max-age=60, stale-while-revalidate=300'

const postIncludes = ['authors', 'tags'] as const
const countIncludes = ['count.posts'] as const

export function contentApiRoutes(deps: AppDeps) {
  const { db } = deps.database
  const siteUrl = deps.config.siteUrl
  const counts: CountMemo = (key, count) => deps.apiCounts.get(key, [changeTags.site], count) as ReturnType<typeof count>
  const app = new Hono()
  app.use(`${contentApiBase}/*`, cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }))
  app.use(`${contentApiBase}/*`, versionHeaders())
  app.use(`${contentApiBase}/*`, requireContentKey(db))
  /** Ghost's address with its trailing slash, and the same without. */
  const route = (path: string, handler: (c: Context) => Promise<Response>) => app.on('GET', [`${contentApiBase}${path}/`, `${contentApiBase}${path}`], handler)

  route('/posts', async (c) => {
    const params = readBrowseParams(c.req.query(), postIncludes)
    const page = await browsePublishedPosts(db, params.request, relationsOf(params), counts)
    return sendJson(c, { posts: page.items.map((post) => presentPost(post, siteUrl, params)), meta: { pagination: pagination(params.request, page.total) } })
  })
  route('/posts/slug/:slug', async (c) => {
    const params = readOutputParams(c.req.query(), postIncludes)
    const post = await readPublishedPost(db, { slug: slugParam(c, 'Post not found.') }, relationsOf(params))
    return sendJson(c, { posts: [presentPost(post, siteUrl, params)] })
  })
  route('/posts/:id', async (c) => {
    const params = readOutputParams(c.req.query(), postIncludes)
    const post = await readPublishedPost(db, { id: idParam(c, 'post', 'Post not found.') }, relationsOf(params))
    return sendJson(c, { posts: [presentPost(post, siteUrl, params)] })
  })

  route('/pages', async (c) => {
    // Still validated, so a client's mistake shows here as it would on posts.
    const params = readBrowseParams(c.req.query(), postIncludes)
    checkPostsRequest(db, params.request)
    return sendJson(c, { pages: [], meta: { pagination: pagination(params.request, 0) } })
  })
  for (const path of ['/pages/slug/:slug', '/pages/:id']) {
    route(path, async () => {
      throw new NotFoundError('Page not found.')
    })
  }

  route('/authors', async (c) => {
    const params = readBrowseParams(c.req.query(), countIncludes)
    const page = await browseAuthors(db, params.request, params.include.has('count.posts') ? counts : null)
    const authors = page.items.map((author) => withFields(presentAuthor(author, siteUrl), params))
    return sendJson(c, { authors, meta: { pagination: pagination(params.request, page.total) } })
  })
  route('/authors/slug/:slug', async (c) => {
    const params = readOutputParams(c.req.query(), countIncludes)
    const author = await readAuthor(db, { slug: slugParam(c, 'Author not found.') }, params.include.has('count.posts') ? counts : null)
    return sendJson(c, { authors: [withFields(presentAuthor(author, siteUrl), params)] })
  })
  route('/authors/:id', async (c) => {
    const params = readOutputParams(c.req.query(), countIncludes)
    const author = await readAuthor(db, { id: idParam(c, 'author', 'Author not found.') }, params.include.has('count.posts') ? counts : null)
    return sendJson(c, { authors: [withFields(presentAuthor(author, siteUrl), params)] })
  })

  route('/tags', async (c) => {
    const params = readBrowseParams(c.req.query(), countIncludes)
    const page = await browseTags(db, params.request, params.include.has('count.posts') ? counts : null)
    const tags = page.items.map((tag) => withFields(presentTag(tag, siteUrl), params))
    return sendJson(c, { tags, meta: { pagination: pagination(params.request, page.total) } })
  })
  route('/tags/slug/:slug', async (c) => {
    const params = readOutputParams(c.req.query(), countIncludes)
    const tag = await readTag(db, { slug: slugParam(c, 'Tag not found.') }, params.include.has('count.posts') ? counts : null)
    return sendJson(c, { tags: [withFields(presentTag(tag, siteUrl), params)] })
  })
  route('/tags/:id', async (c) => {
    const params = readOutputParams(c.req.query(), countIncludes)
    const tag = await readTag(db, { id: idParam(c, 'tag', 'Tag not found.') }, params.include.has('count.posts') ? counts : null)
    return sendJson(c, { tags: [withFields(presentTag(tag, siteUrl), params)] })
  })

  route('/settings', async (c) => {
    const [settings, sections] = await Promise.all([getSiteSettings(db), listSections(db)])
    return sendJson(c, { settings: presentSettings(settings, sections, siteUrl), meta: {} })
  })

  app.all(`${contentApiBase}/*`, () => {
    throw new NotFoundError('Resource not found')
  })
  app.onError(contentApiErrorHandler(deps.logger))
  return app
}

/** Ghost names the API version it answered with, and caches must keep one copy per requested version. */
function versionHeaders(): MiddlewareHandler {
  return async function setContentVersion(c, next) {
    await next()
    c.res.headers.set('Content-Version', contentApiVersion)
    const vary = c.res.headers.get('Vary')
    c.res.headers.set('Vary', vary ? `Accept-Version, ${vary}` : 'Accept-Version')
  }
}

function requireContentKey(db: Db): MiddlewareHandler {
  return async function checkContentKey(c, next) {
    const keys = c.req.queries('key') ?? []
    if (keys.length > 1) throw new ValidationError('Invalid Request', ['Send one key parameter.'])
    await authenticateContentKey(db, keys[0])
    await next()
  }
}

/** JSON with an ETag and compression, like every other public answer. */
function sendJson(c: Context, body: unknown): Response {
  return sendText(c, { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8', cacheControl: apiCache })
}

function pagination({ page, limit }: Pick<BrowseRequest, 'page' | 'limit'>, total: number) {
  const pages = Math.max(1, Math.ceil(total / limit))
  return { page, limit, pages, total, next: page < pages ? page + 1 : null, prev: page > 1 ? page - 1 : null }
}

function relationsOf(params: OutputParams) {
  return { authors: params.include.has('authors'), tags: params.include.has('tags') }
}

/** `fields` narrows the resource; an included `count` stays, as it was asked for separately. */
function withFields(resource: Record<string, unknown>, params: OutputParams) {
  return onlyFields(resource, params.fields ? [...params.fields, 'count'] : null)
}

function idParam(c: Context, type: ContentType, notFound: string): number {
  const id = fromPublicId(type, c.req.param('id') ?? '')
  if (id === null) throw new NotFoundError(notFound)
  return id
}

function slugParam(c: Context, notFound: string): string {
  const slug = c.req.param('slug') ?? ''
  if (!isSlug(slug)) throw new NotFoundError(notFound)
  return slug
}
