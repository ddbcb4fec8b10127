import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { SourceKind } from '../../db/schema.ts'
import type { AuthorRef, TagRef } from '../taxonomy/index.ts'
import type { ArticleScope } from '../changes/index.ts'
import type { Correction } from '../articles/index.ts'
import { readingMinutes } from '../shared/index.ts'
import { imageSources, type MediaVariant } from '../media/index.ts'

export type FeatureImage = {
  url: string
  /** Responsive candidates (WebP, then the fallback format) when the image is from the media library. */
  srcset: string | null
  fallbackSrcset: string | null
  alt: string
  caption: string | null
  credit: string | null
  width: number | null
  height: number | null
  /** The media library image it comes from, when it does: its alt text and caption can change. */
  mediaId: number | null
}

export type ArticleTeaser = {
  id: number
  slug: string
  headline: string
  dek: string | null
  label: string | null
  publishedAt: string
  updatedAt: string
  readingMinutes: number
  section: { slug: string; name: string } | null
  image: FeatureImage | null
  authors: AuthorRef[]
}

export type ArticleSource = { name: string; url: string | null; kind: SourceKind }

/** A topic of a story, with the id that ranks related stories. */
export type ArticleTag = TagRef & { id: number }

export type PublishedArticle = ArticleTeaser & {
  bodyHtml: string
  /** The start of the story's text, stored with it (the page's description when there is no dek). */
  excerpt: string
  dateline: string | null
  /** In the editor's order. */
  tags: ArticleTag[]
  sources: ArticleSource[]
  corrections: Correction[]
  /** Where the story shows (content/changes.ts): what the page's cache tags come from. */
  scope: ArticleScope
}

export type ArticleFilter = { sectionId?: number; tagId?: number; authorId?: number }

export type PageRequest = { page: number; pageSize: number }

/** Published articles with what a teaser shows; callers add filters and order. */
export function teaserQuery(db: Db) {
  return teaserColumnsQuery(db).where('articles.status', '=', 'published')
}

/**
 * The same for a scope of few stories (a small topic or byline): `status || ''` keeps SQLite's planner
 * off the status index, which it would walk in publication order across the whole archive, probing
 * each story for the scope; without it, it starts from the scope's links and sorts the few it finds.
 */
export function teaserQueryFromLinks(db: Db) {
  return teaserColumnsQuery(db).where(sql<string>`${sql.ref('articles.status')} || ''`, '=', 'published')
}

/** What a teaser shows: columns of `articles` and of its section and library image (left joins). */
export const teaserColumns = [
  'media.storage_key as media_key',
  'media.variants as media_variants',
  'media.width as media_width',
  'media.height as media_height',
  'media.alt as media_alt',
  'media.caption as media_caption',
  'media.credit as media_credit',
  'articles.id',
  'articles.slug',
  'articles.headline',
  'articles.dek',
  'articles.label',
  'articles.published_at',
  'articles.updated_at',
  'articles.word_count',
  'articles.feature_image_url',
  'articles.feature_media_id',
  'articles.feature_image_alt',
  'articles.feature_image_caption',
  'articles.feature_image_credit',
  'articles.feature_image_width',
  'articles.feature_image_height',
  'sections.slug as section_slug',
  'sections.name as section_name',
] as const

/** What a teaser shows, whatever the story's status. */
function teaserColumnsQuery(db: Db) {
  return db
    .selectFrom('articles')
    .leftJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('media', 'media.id', 'articles.feature_media_id')
    .select(teaserColumns)
}

export function teaserRowsByIdsQuery(db: Db, ids: number[]) {
  return teaserColumnsQuery(db).select('articles.status').where('articles.id', 'in', ids)
}

/**
 * Published stories by id, in no particular order. The status is checked on the rows read by primary
 * key: with `status = 'published'` in the WHERE clause SQLite's planner (without statistics) chose
 * the status index and walked every published story to find a handful of ids.
 */
export async function publishedTeaserRowsByIds(db: Db, ids: number[]): Promise<TeaserRow[]> {
  if (!ids.length) return []
  const rows = await teaserRowsByIdsQuery(db, ids).execute()
  return rows.filter((row) => row.status === 'published').map(({ status: _status, ...row }) => row)
}

export type TeaserRow = Awaited<ReturnType<ReturnType<typeof teaserQuery>['executeTakeFirstOrThrow']>>

export function toTeaser(row: TeaserRow, authors: AuthorRef[]): ArticleTeaser {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    label: row.label,
    // Published rows always carry a publication time; the fallback keeps the type honest.
    publishedAt: row.published_at ?? row.updated_at,
    updatedAt: row.updated_at,
    readingMinutes: readingMinutes(row.word_count),
    section: row.section_slug && row.section_name ? { slug: row.section_slug, name: row.section_name } : null,
    image: featureImageOf(row),
    authors,
  }
}

/** A library image wins over a plain URL; the article's own alt text and caption win over the library's. */
function featureImageOf(row: TeaserRow): FeatureImage | null {
  if (row.media_key && row.media_variants && row.media_width && row.media_height) {
    const sources = imageSources({ storage_key: row.media_key, variants: JSON.parse(row.media_variants) as MediaVariant[], width: row.media_width, height: row.media_height })
    return {
      mediaId: row.feature_media_id,
      url: sources.src,
      srcset: sources.srcset,
      fallbackSrcset: sources.fallbackSrcset,
      alt: row.feature_image_alt ?? row.media_alt ?? '',
      caption: row.feature_image_caption ?? row.media_caption,
      credit: row.feature_image_credit ?? row.media_credit,
      width: sources.width,
      height: sources.height,
    }
  }
  if (!row.feature_image_url) return null
  return {
    mediaId: null,
    url: row.feature_image_url,
    srcset: null,
    fallbackSrcset: null,
    alt: row.feature_image_alt ?? '',
    caption: row.feature_image_caption,
    credit: row.feature_image_credit,
    width: row.feature_image_width,
    height: row.feature_image_height,
  }
}

async function authorsByArticle(db: Db, articleIds: number[]): Promise<Map<number, AuthorRef[]>> {
  const byArticle = new Map<number, AuthorRef[]>()
  if (!articleIds.length) return byArticle
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .select(['article_authors.article_id', 'authors.slug', 'authors.name', 'authors.avatar_url'])
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute()
  for (const row of rows) {
    const list = byArticle.get(row.article_id) ?? []
    list.push({ slug: row.slug, name: row.name, avatar_url: row.avatar_url })
    byArticle.set(row.article_id, list)
  }
  return byArticle
}

export async function withAuthors(db: Db, rows: TeaserRow[]): Promise<ArticleTeaser[]> {
  const authors = await authorsByArticle(db, rows.map((r) => r.id))
  return rows.map((row) => toTeaser(row, authors.get(row.id) ?? []))
}

/**
 * Narrows a teaser query to one section, tag or author (any combination; none keeps everything). A
 * topic or author is an `id in (…)` over its links' index: the planner reads that topic's links and
 * each story by key, so a rarely used topic does not walk the whole archive looking for matches.
 */
export function inScope(query: ReturnType<typeof teaserQuery>, filter: ArticleFilter) {
  let scoped = query
  if (filter.sectionId !== undefined) scoped = scoped.where('articles.section_id', '=', filter.sectionId)
  if (filter.tagId !== undefined) {
    const tagId = filter.tagId
    scoped = scoped.where((eb) =>
      eb('articles.id', 'in', eb.selectFrom('article_tags').select('article_tags.article_id').where('article_tags.tag_id', '=', tagId)),
    )
  }
  if (filter.authorId !== undefined) {
    const authorId = filter.authorId
    scoped = scoped.where((eb) =>
      eb('articles.id', 'in', eb.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.author_id', '=', authorId)),
    )
  }
  return scoped
}

async function tagsByArticle(db: Db, articleIds: number[]): Promise<Map<number, TagRef[]>> {
  const byArticle = new Map<number, TagRef[]>()
  if (!articleIds.length) return byArticle
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', articleIds)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute()
  for (const row of rows) {
    const list = byArticle.get(row.article_id) ?? []
    list.push({ slug: row.slug, name: row.name })
    byArticle.set(row.article_id, list)
  }
  return byArticle
}

export async function listArticlesByIds(db: Db, ids: number[]): Promise<ArticleTeaser[]> {
  if (!ids.length) return []
  const teasers = await withAuthors(db, await publishedTeaserRowsByIds(db, ids))
  const order = new Map(ids.map((id, index) => [id, index]))
  return teasers.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
}

/** Where an article that changed its slug lives now, if it is published. */
export async function findRedirectedSlug(db: Db, oldSlug: string): Promise<string | null> {
  const row = await db
    .selectFrom('slug_redirects')
    .innerJoin('articles', 'articles.id', 'slug_redirects.article_id')
    .select('articles.slug')
    .where('slug_redirects.old_slug', '=', oldSlug)
    .where('articles.status', '=', 'published')
    .executeTakeFirst()
  return row?.slug ?? null
}

/** First and last publication year, for the copyright line. */
/** First and last publication time: two subqueries, each one lookup at an end of the index (min and max in one query walk it). */
export function publicationYearsQuery(db: Db) {
  const published = () => db.selectFrom('articles').where('status', '=', 'published')
  return db.selectNoFrom([
    published().select((eb) => eb.fn.min('published_at').as('first')).as('first'),
    published().select((eb) => eb.fn.max('published_at').as('last')).as('last'),
  ])
}

export async function publicationYears(db: Db): Promise<{ first: number; last: number } | null> {
  const row = await publicationYearsQuery(db).executeTakeFirst()
  if (!row?.first || !row.last) return null
  return { first: Number(String(row.first).slice(0, 4)), last: Number(String(row.last).slice(0, 4)) }
}

export type FeedArticle = ArticleTeaser & { bodyHtml: string; tags: TagRef[] }

/** Newest published articles of a scope (the whole site, a section, tag or author) with full text, for feeds. */
export async function listFeedArticles(db: Db, filter: ArticleFilter, limit: number): Promise<FeedArticle[]> {
  const rows = await inScope(teaserQuery(db), filter)
    .select('articles.body_html')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute()
  const [teasers, tags] = await Promise.all([withAuthors(db, rows), tagsByArticle(db, rows.map((r) => r.id))])
  return teasers.map((teaser, i) => ({ ...teaser, bodyHtml: rows[i]?.body_html ?? '', tags: tags.get(teaser.id) ?? [] }))
}

/**
 * The last time anything readers can see in article lists changed: a story published, edited or
 * unpublished. Unpublished rows count because taking a story down must reach feed readers too, which
 * the newest remaining story's time would not show. Null before the first publication.
 */
export async function lastPublicArticleChange(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('updated_at').as('last'))
    .where('status', 'in', ['published', 'unpublished'])
    .executeTakeFirst()
  return row?.last ? new Date(String(row.last)) : null
}
