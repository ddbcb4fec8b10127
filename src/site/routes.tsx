import { Hono } from 'hono'
import { findRedirectedSlug, listArticlesByIds, listPublishedArticles, getPublishedArticleBySlug } from '../content/article-queries.ts'
import { NotFoundError } from '../errors.ts'
import { getAuthorBySlug, listAuthors } from '../content/authors.ts'
import { excerpt, htmlToText } from '../content/html.ts'
import { getSectionBySlug } from '../content/sections.ts'
import { getTagBySlug, listTagsInUse } from '../content/tags.ts'
import { listTrendingArticleIds } from '../content/trending.ts'
import type { AppDeps } from '../http/deps.ts'
import { readPage, requireNonEmptyPage, requireSlug } from '../http/query.ts'
import { sendPage } from '../http/responses.ts'
import { ArticlePage } from './views/article-page.tsx'
import { paths } from './views/format.ts'
import { HomePage } from './views/home-page.tsx'
import { ListingPage } from './views/listing-page.tsx'
import { SitemapPage } from './views/sitemap-page.tsx'

const pageSize = 20
const trendingWindowMs = 7 * 24 * 60 * 60 * 1000

export function siteRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono()

  app.get('/', async (c) => {
    const page = readPage(c.req.query())
    const [chrome, latest, trendingIds] = await Promise.all([
      deps.chrome(),
      listPublishedArticles(db, {}, { page, pageSize }),
      listTrendingArticleIds(db, new Date(Date.now() - trendingWindowMs), 5),
    ])
    requireNonEmptyPage(page, latest.items.length)
    const trending = await listArticlesByIds(db, trendingIds)
    return sendPage(c, <HomePage chrome={chrome} latest={latest.items} trending={trending} page={page} hasNext={latest.hasNext} />)
  })

  app.get('/articles/:slug', async (c) => {
    const slug = requireSlug(c.req.param('slug'))
    const [chrome, article] = await Promise.all([
      deps.chrome(),
      getPublishedArticleBySlug(db, slug).catch(async (error: unknown) => {
        const moved = error instanceof NotFoundError ? await findRedirectedSlug(db, slug) : null
        if (moved) return paths.article(moved)
        throw error
      }),
    ])
    if (typeof article === 'string') return c.redirect(article, 301)
    deps.views.record(article.id, c.req.header('user-agent'))
    const description = article.dek ?? excerpt(htmlToText(article.bodyHtml), 160)
    return sendPage(c, <ArticlePage chrome={chrome} article={article} description={description} />)
  })

  app.get('/section/:slug', async (c) => {
    const page = readPage(c.req.query())
    const section = await getSectionBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { sectionId: section.id }, { page, pageSize })])
    requireNonEmptyPage(page, list.items.length)
    return sendPage(
      c,
      <ListingPage chrome={chrome} kind="Section" title={section.name} intro={section.description} basePath={paths.section(section.slug)} {...list} />,
    )
  })

  app.get('/tag/:slug', async (c) => {
    const page = readPage(c.req.query())
    const tag = await getTagBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { tagId: tag.id }, { page, pageSize })])
    requireNonEmptyPage(page, list.items.length)
    return sendPage(c, <ListingPage chrome={chrome} kind="Topic" title={tag.name} intro={tag.description} basePath={paths.tag(tag.slug)} {...list} />)
  })

  app.get('/author/:slug', async (c) => {
    const page = readPage(c.req.query())
    const author = await getAuthorBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { authorId: author.id }, { page, pageSize })])
    requireNonEmptyPage(page, list.items.length)
    const photo = author.avatar_url ? <img class="author-photo" src={author.avatar_url} alt="" width={96} height={96} /> : undefined
    return sendPage(c, <ListingPage chrome={chrome} kind="Author" title={author.name} intro={author.bio} basePath={paths.author(author.slug)} aside={photo} {...list} />)
  })

  app.get('/sitemap', async (c) => {
    const page = readPage(c.req.query())
    const [chrome, tags, authors, list] = await Promise.all([
      deps.chrome(),
      listTagsInUse(db),
      listAuthors(db),
      listPublishedArticles(db, {}, { page, pageSize: 100 }),
    ])
    requireNonEmptyPage(page, list.items.length)
    return sendPage(c, <SitemapPage chrome={chrome} tags={tags} authors={authors} articles={list.items} page={page} hasNext={list.hasNext} />)
  })

  return app
}
