import { Hono } from 'hono'
import { listPublishedArticles, findRedirectedSlug, getPublishedArticleBySlug, listRelatedArticles, listTrendingArticles } from '../content/published/index.ts'
import { NotFoundError } from '../errors.ts'
import { changeTags } from '../content/changes/index.ts'
import { getAuthorBySlug, listAuthors, getSectionBySlug, getTagBySlug, listTagsInUse } from '../content/taxonomy/index.ts'
import { excerpt } from '../content/shared/index.ts'
import type { AppDeps } from '../http/deps.ts'
import { listingQuery, readListPosition, requireStories } from '../http/listing-query.ts'
import { readPageQuery } from '../http/page-query.ts'
import { requireSlug } from '../http/query.ts'
import { sendText } from '../http/send.ts'
import { loadFrontPage } from './front-page.ts'
import { teaserTags, volatilePageTtlMs } from './cache-tags.ts'
import { sendSitePage } from './render.tsx'
import { searchRoutes } from './search-routes.tsx'
import { faviconSvg } from './theme/favicon.ts'
import { ArticlePage } from './views/article-page.tsx'
import { feedLinks } from '../http/feed-links.ts'
import { paths } from '../http/paths.ts'
import { HomePage } from './views/home-page.tsx'
import { ListingPage } from './views/listing-page.tsx'
import { SitemapPage } from './views/sitemap-page.tsx'
import { TrendingPage } from './views/trending-page.tsx'

const pageSize = 20

export function siteRoutes(deps: AppDeps) {
  const { db, dialect } = deps.database
  const app = new Hono()
  app.route('/', searchRoutes(deps))

  app.get('/', async (c) => {
    const position = readListPosition(readPageQuery(c, listingQuery))
    const chrome = await deps.chrome()
    const front = await loadFrontPage(db, chrome.settings, chrome.sections, position)
    requireStories(position, front.latest.length)
    const tags = [changeTags.allLists, ...teaserTags(front.latest, front.trending, ...front.rails.map((r) => r.articles))]
    return sendSitePage(c, deps, <HomePage chrome={chrome} {...front} />, {
      tags,
      ttlMs: front.trending.length || chrome.settings.showTrending ? volatilePageTtlMs : undefined,
      query: listingQuery,
    })
  })

  app.get('/articles/:slug', async (c) => {
    const slug = requireSlug(c.req.param('slug'))
    const [chrome, article] = await Promise.all([
      deps.chrome(),
      getPublishedArticleBySlug(db, dialect, slug).catch(async (error: unknown) => {
        const moved = error instanceof NotFoundError ? await findRedirectedSlug(db, slug) : null
        if (moved) return paths.article(moved)
        throw error
      }),
    ])
    if (typeof article === 'string') return c.redirect(article, 301)
    deps.views.record(article.id, c.req.header('user-agent'))
    const related = await listRelatedArticles(db, dialect, { id: article.id, sectionSlug: article.section?.slug ?? null, tagIds: article.tags.map((tag) => tag.id) })
    const description = article.dek ?? excerpt(article.excerpt, 160)
    // Related stories come from the story's topics and section: new stories there can change them.
    const { scope } = article
    const tags = [...teaserTags([article], related), ...scope.tagIds.map(changeTags.tagList), ...(scope.sectionId ? [changeTags.sectionList(scope.sectionId)] : [])]
    return sendSitePage(c, deps, <ArticlePage chrome={chrome} article={article} related={related} description={description} />, { tags, articleId: article.id })
  })

  app.get('/section/:slug', async (c) => {
    const position = readListPosition(readPageQuery(c, listingQuery))
    const section = await getSectionBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { sectionId: section.id }, { position, pageSize })])
    requireStories(position, list.items.length)
    const basePath = paths.section(section.slug)
    return sendSitePage(c, deps, <ListingPage chrome={chrome} kind="Section" title={section.name} intro={section.description} basePath={basePath} sectionSlug={section.slug} feeds={feedLinks(basePath, `${chrome.settings.name}: ${section.name}`)} list={list} />, {
      tags: [changeTags.sectionList(section.id), ...teaserTags(list.items)],
      query: listingQuery,
    })
  })

  app.get('/tag/:slug', async (c) => {
    const position = readListPosition(readPageQuery(c, listingQuery))
    const tag = await getTagBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { tagId: tag.id }, { position, pageSize })])
    requireStories(position, list.items.length)
    return sendSitePage(c, deps, <ListingPage chrome={chrome} kind="Topic" title={tag.name} intro={tag.description} basePath={paths.tag(tag.slug)} feeds={feedLinks(paths.tag(tag.slug), `${chrome.settings.name}: ${tag.name}`)} list={list} />, {
      tags: [changeTags.tagList(tag.id), ...teaserTags(list.items)],
      query: listingQuery,
    })
  })

  app.get('/author/:slug', async (c) => {
    const position = readListPosition(readPageQuery(c, listingQuery))
    const author = await getAuthorBySlug(db, requireSlug(c.req.param('slug')))
    const [chrome, list] = await Promise.all([deps.chrome(), listPublishedArticles(db, { authorId: author.id }, { position, pageSize })])
    requireStories(position, list.items.length)
    const photo = author.avatar_url ? <img class="author-photo" src={author.avatar_url} alt={`Photo of ${author.name}`} width={96} height={96} /> : undefined
    return sendSitePage(c, deps, <ListingPage chrome={chrome} kind="Author" title={author.name} intro={author.bio} basePath={paths.author(author.slug)} aside={photo} feeds={feedLinks(paths.author(author.slug), `${chrome.settings.name}: ${author.name}`)} list={list} />, {
      tags: [changeTags.authorList(author.id), changeTags.authorProfile(author.slug), ...teaserTags(list.items)],
      query: listingQuery,
    })
  })

  app.get('/trending', async (c) => {
    const [chrome, day, week] = await Promise.all([deps.chrome(), listTrendingArticles(db, 'day', 10), listTrendingArticles(db, 'week', 10)])
    return sendSitePage(c, deps, <TrendingPage chrome={chrome} day={day} week={week} />, { tags: teaserTags(day, week), ttlMs: volatilePageTtlMs })
  })

  // Browsers ask for /favicon.ico on their own; both addresses get the same small SVG.
  app.on('GET', ['/favicon.svg', '/favicon.ico'], async (c) => {
    const { settings } = await deps.chrome()
    return sendText(c, { body: faviconSvg(settings), contentType: 'image/svg+xml', cacheControl: 'public, max-age=86400, stale-while-revalidate=604800' })
  })

  app.get('/sitemap', async (c) => {
    const position = readListPosition(readPageQuery(c, listingQuery))
    const [chrome, tags, authors, list] = await Promise.all([
      deps.chrome(),
      listTagsInUse(db),
      listAuthors(db),
      listPublishedArticles(db, {}, { position, pageSize: 100 }),
    ])
    requireStories(position, list.items.length)
    const cacheTags = [changeTags.allLists, changeTags.authors, ...teaserTags(list.items)]
    return sendSitePage(c, deps, <SitemapPage chrome={chrome} tags={tags} authors={authors} list={list} />, { tags: cacheTags, query: listingQuery })
  })

  return app
}
