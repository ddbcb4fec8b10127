import type { Db } from '../../db/connection.ts'
import { inScope, teaserQuery, teaserQueryFromLinks, withAuthors, type ArticleFilter, type ArticleTeaser } from './queries.ts'
import type { ListingCursor } from './listing-cursor.ts'

/**
 * Where a page of a listing starts. Readers move with cursors: `before` a story (older ones, newest
 * first) or `after` one (newer ones). `page` is the first page (1) or an old numbered link, read with
 * an offset that the HTTP layer caps (`maxOffsetPage`), so no request can ask for a deep offset.
 */
export type ListPosition = { page: number } | { before: ListingCursor } | { after: ListingCursor }

export type ListingPage = {
  items: ArticleTeaser[]
  position: ListPosition
  /** Where the next older page starts (the last story shown), or null at the end of the archive. */
  older: ListingCursor | null
  /** Where the next newer page starts (the first story shown), or null on the newest page. */
  newer: ListingCursor | null
}

export const firstPage: ListPosition = { page: 1 }

export function isFirstPage(position: ListPosition): boolean {
  return 'page' in position && position.page === 1
}

/**
 * The SQL of one listing page: published stories of a scope in (published_at, id) order, one row more
 * than the page to tell whether another follows. A cursor is a row-value comparison, which both
 * engines read as a range of `articles_status_published_idx` / `articles_section_published_idx`
 * (or of the topic's or author's links), so page 1,000 costs what page 1 does. `after` reads upwards
 * (oldest first); `listPublishedArticles` turns that page round.
 */
export function listingQuery(db: Db, filter: ArticleFilter, position: ListPosition, pageSize: number, { fewStories = false } = {}) {
  const scoped = inScope(fewStories ? teaserQueryFromLinks(db) : teaserQuery(db), filter)
  if ('after' in position) {
    const { publishedAt, id } = position.after
    return scoped
      .where((eb) => eb(eb.refTuple('articles.published_at', 'articles.id'), '>', eb.tuple(publishedAt, id)))
      .orderBy('articles.published_at', 'asc')
      .orderBy('articles.id', 'asc')
      .limit(pageSize + 1)
  }
  const older =
    'before' in position
      ? scoped.where((eb) => eb(eb.refTuple('articles.published_at', 'articles.id'), '<', eb.tuple(position.before.publishedAt, position.before.id)))
      : scoped
  const newestFirst = older.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(pageSize + 1)
  return 'page' in position && position.page > 1 ? newestFirst.offset((position.page - 1) * pageSize) : newestFirst
}

/**
 * Links at most a topic or byline has to be listed from its links (sorting them) rather than by
 * walking the archive in order until a page is found, which for a rare topic is the whole archive.
 */
export const fewStoriesLinks = 2000

/** Whether a topic's or author's scope is small enough to list from its links: one bounded index count. */
export async function hasFewStories(db: Db, filter: ArticleFilter): Promise<boolean> {
  if (filter.sectionId !== undefined) return false
  const links =
    filter.tagId !== undefined
      ? db.selectFrom('article_tags').select('article_id').where('tag_id', '=', filter.tagId).limit(fewStoriesLinks)
      : filter.authorId !== undefined
        ? db.selectFrom('article_authors').select('article_id').where('author_id', '=', filter.authorId).limit(fewStoriesLinks)
        : null
  if (!links) return false
  const row = await db.selectFrom(links.as('link')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()
  return Number(row?.n ?? 0) < fewStoriesLinks
}

/** Newest published first, optionally within one section, tag or author, from a position. */
export async function listPublishedArticles(db: Db, filter: ArticleFilter, { position = firstPage, pageSize }: { position?: ListPosition; pageSize: number }): Promise<ListingPage> {
  const fewStories = await hasFewStories(db, filter)
  const rows = await listingQuery(db, filter, position, pageSize, { fewStories }).execute()
  const more = rows.length > pageSize
  const shown = rows.slice(0, pageSize)
  if ('after' in position) shown.reverse()
  const items = await withAuthors(db, shown)
  const first = items[0]
  const last = items[items.length - 1]
  const hasNewer = 'after' in position ? more : 'before' in position || position.page > 1
  const hasOlder = 'after' in position ? true : more
  return {
    items,
    position,
    older: hasOlder && last ? keyOf(last) : null,
    newer: hasNewer && first ? keyOf(first) : null,
  }
}

function keyOf(article: ArticleTeaser): ListingCursor {
  return { publishedAt: article.publishedAt, id: article.id }
}
