import { Hono, type Context } from 'hono'
import type { Feed } from 'feed'
import { lastPublicArticleChange, listFeedArticles, type ArticleFilter, type FeedArticle } from '../content/published/index.ts'
import { getAuthorBySlug, getSectionBySlug, getTagBySlug } from '../content/taxonomy/index.ts'
import { changeTags } from '../content/changes/index.ts'
import type { Db } from '../db/connection.ts'
import { sendCacheableText, sendCachedPath } from '../http/cached-response.ts'
import type { AppDeps } from '../http/deps.ts'
import { requireSlug } from '../http/query.ts'
import { feedCache } from '../http/responses.ts'
import { feedFormats, feedPath, type FeedFormat } from '../http/feed-links.ts'
import { paths } from '../http/paths.ts'
import { renderAtom } from './atom.ts'
import { buildFeed, type FeedScope } from './build-feed.ts'
import { renderJsonFeed } from './json-feed.ts'
import { renderRss } from './rss.ts'

/** How many of the newest stories a feed lists. */
const feedSize = 30

const renderers: Record<FeedFormat, (feed: Feed) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed }

/** `listTag` is the cache tag a story joining or leaving the scope announces (content/changes.ts). */
type ResolvedScope = FeedScope & { filter: ArticleFilter; listTag: string }

/** Finds what a scoped feed address names; an unknown slug is a NotFoundError (404), as on the HTML page. */
const scopeResolvers: Record<'section' | 'tag' | 'author', (db: Db, slug: string) => Promise<ResolvedScope>> = {
  section: async (db, slug) => {
    const section = await getSectionBySlug(db, slug)
    return { pagePath: paths.section(section.slug), name: section.name, description: section.description, filter: { sectionId: section.id }, listTag: changeTags.sectionList(section.id) }
  },
  tag: async (db, slug) => {
    const tag = await getTagBySlug(db, slug)
    return { pagePath: paths.tag(tag.slug), name: tag.name, description: tag.description, filter: { tagId: tag.id }, listTag: changeTags.tagList(tag.id) }
  },
  author: async (db, slug) => {
    const author = await getAuthorBySlug(db, slug)
    return { pagePath: paths.author(author.slug), name: author.name, description: author.bio, filter: { authorId: author.id }, listTag: changeTags.authorList(author.id) }
  },
}

/**
 * What a feed's items tie it to: each story (headline, full text, dates, topics) and its bylines
 * (name and photo). Section and topic names never change, and a feed shows no image caption.
 */
function feedItemTags(articles: FeedArticle[]): string[] {
  return articles.flatMap((article) => [changeTags.article(article.id), ...article.authors.map((author) => changeTags.authorProfile(author.slug))])
}

/**
 * RSS 2.0, Atom and JSON Feed for the whole site (`/rss.xml`, `/atom.xml`, `/feed.json`) and for each
 * section, topic and author (`/section/:slug/atom.xml`, …): the newest stories with their full text.
 * Kept in the render cache until a write touches the scope's list, an item, a byline or the site's
 * name; conditional GETs by ETag or by date get 304, from the cache too.
 */
export function syndicationFeedRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono()

  async function sendFeed(c: Context, scope: ResolvedScope, format: FeedFormat) {
    const [chrome, articles, lastChange] = await Promise.all([deps.chrome(), listFeedArticles(db, scope.filter, feedSize), lastPublicArticleChange(db)])
    return sendCacheableText(c, deps.renderCache, renderers[format](buildFeed(chrome, scope, articles)), {
      contentType: `${feedFormats[format].type}; charset=utf-8`,
      cacheControl: feedCache,
      // With `site` (added for every kept response): the site's name, description and copyright.
      tags: [scope.listTag, ...feedItemTags(articles)],
      lastModified: lastChange,
    })
  }

  for (const format of Object.keys(feedFormats) as FeedFormat[]) {
    // A query string (`?utm_source=…`, `?page=…`) changes nothing in a feed: it is answered from the path's copy.
    app.get(feedPath('/', format), (c) => sendCachedPath(c, deps.renderCache) ?? sendFeed(c, { pagePath: paths.home(), filter: {}, listTag: changeTags.allLists }, format))
    for (const [kind, resolve] of Object.entries(scopeResolvers)) {
      app.get(feedPath(`/${kind}/:slug`, format), async (c) => {
        const cached = sendCachedPath(c, deps.renderCache)
        if (cached) return cached
        // The path is built at run time, so Hono cannot type the parameter as present.
        const scope = await resolve(db, requireSlug(c.req.param('slug') ?? ''))
        return sendFeed(c, scope, format)
      })
    }
  }
  return app
}
