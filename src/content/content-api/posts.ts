import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { DB } from '../../db/schema.ts'
import { NotFoundError } from '../../errors.ts'
import { authorsOfPosts, type ApiAuthor } from './authors.ts'
import { countEveryTime, countKey, countValue, inIdOrder, offsetOf, resolveOrder, type BrowsePage, type BrowseRequest } from './browse.ts'
import { slugAndIdFields } from './key-fields.ts'
import { tagsOfPosts, type ApiTag } from './tags.ts'
import {
  booleanValue,
  columnCondition,
  filterCondition,
  requireEquality,
  requireFewValues,
  timestampValue,
  type FieldCondition,
  type FilterComparison,
  type FilterFields,
} from './filter.ts'

/**
 * Published stories for the Content API: the same rows the public site shows, with what Ghost's post
 * resource needs. Drafts, scheduled and unpublished stories never match, whatever the filter says.
 */
export type ApiPost = {
  id: number
  slug: string
  headline: string
  dek: string | null
  bodyHtml: string
  bodyText: string
  /** Stored with the story (see html.ts storedExcerptLength). */
  excerpt: string
  wordCount: number
  featured: boolean
  featureImage: { url: string; alt: string | null; caption: string | null } | null
  createdAt: string
  updatedAt: string
  publishedAt: string
  seoTitle: string | null
  seoDescription: string | null
  /** Loaded only when asked for (`include=authors` / `include=tags`). */
  authors?: ApiAuthor[]
  tags?: ApiTag[]
}

export type PostRelations = { authors: boolean; tags: boolean }

type PostsBuilder = ExpressionBuilder<DB, 'articles'>

/**
 * Posts with one of the given topics (or bylines): `articles.id in (links of those slugs)`, not a
 * correlated `exists`. SQLite then reads the few links by index and each post by key; with `exists` it
 * walked every published post to probe it (0.76 s for `filter=tag:…` at a million stories).
 */
function linkedTo(eb: PostsBuilder, comparison: FilterComparison, links: (slugs: string[]) => SelectQueryBuilder<DB, keyof DB, { article_id: number }>): Expression<SqlBool> {
  const { negated, values } = requireEquality(comparison)
  requireFewValues(values, comparison.field)
  return eb('articles.id', negated ? 'not in' : 'in', links(values))
}

function withTag(eb: PostsBuilder, comparison: FilterComparison, primaryOnly: boolean): Expression<SqlBool> {
  return linkedTo(eb, comparison, (slugs) =>
    eb.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('article_tags.article_id').where('tags.slug', 'in', slugs)
      .$if(primaryOnly, (q) => q.where('article_tags.position', '=', 0)),
  )
}

function byAuthor(eb: PostsBuilder, comparison: FilterComparison, primaryOnly: boolean): Expression<SqlBool> {
  return linkedTo(eb, comparison, (slugs) =>
    eb.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select('article_authors.article_id').where('authors.slug', 'in', slugs)
      .$if(primaryOnly, (q) => q.where('article_authors.position', '=', 0)),
  )
}

function dateField(column: string): FieldCondition<'articles'> {
  return (_eb, comparison) => {
    requireFewValues(comparison.values, comparison.field)
    return columnCondition(column, comparison.operator, comparison.values.map((value) => timestampValue(value, comparison.field)))
  }
}

/** What every published post is, so `visibility:public` or `status:published` match all and other values none. */
function constantField(truth: string): FieldCondition<'articles'> {
  return (eb, comparison) => {
    const { negated, values } = requireEquality(comparison)
    return eb.lit(values.includes(truth) !== negated)
  }
}

const filterFields: FilterFields<'articles'> = {
  tag: (eb, c) => withTag(eb, c, false),
  tags: (eb, c) => withTag(eb, c, false),
  'tags.slug': (eb, c) => withTag(eb, c, false),
  primary_tag: (eb, c) => withTag(eb, c, true),
  'primary_tag.slug': (eb, c) => withTag(eb, c, true),
  author: (eb, c) => byAuthor(eb, c, false),
  authors: (eb, c) => byAuthor(eb, c, false),
  'authors.slug': (eb, c) => byAuthor(eb, c, false),
  primary_author: (eb, c) => byAuthor(eb, c, true),
  'primary_author.slug': (eb, c) => byAuthor(eb, c, true),
  featured: (eb, c) => eb('articles.featured', '=', booleanValue(c) ? 1 : 0),
  published_at: dateField('articles.published_at'),
  updated_at: dateField('articles.updated_at'),
  created_at: dateField('articles.created_at'),
  ...slugAndIdFields('articles', 'post'),
  visibility: constantField('public'),
  status: constantField('published'),
}

const orderColumns = {
  published_at: 'articles.published_at',
  updated_at: 'articles.updated_at',
  created_at: 'articles.created_at',
  title: 'articles.headline',
  slug: 'articles.slug',
  featured: 'articles.featured',
  reading_time: 'articles.word_count',
  id: 'articles.id',
} as const

/** The order and the matching rows of a browse request; an order or filter field posts lack is a 400 here. */
function browseQuery(db: Db, request: BrowseRequest) {
  const order = resolveOrder(request.order.length ? request.order : [{ field: 'published_at', direction: 'desc' }], orderColumns)
  const filter = request.filter
  let matching = db.selectFrom('articles').where('articles.status', '=', 'published')
  if (filter) matching = matching.where((eb) => filterCondition(eb, filter, filterFields))
  return { order, matching }
}

/** Checks a browse request as `browsePublishedPosts` would, reading nothing (Ghost's pages take the posts' parameters). */
export function checkPostsRequest(db: Db, request: BrowseRequest): void {
  browseQuery(db, request)
}

/** Newest first unless ordered otherwise; id breaks ties so pages never overlap. */
export async function browsePublishedPosts(db: Db, request: BrowseRequest, relations: PostRelations, countMemo = countEveryTime): Promise<BrowsePage<ApiPost>> {
  const { order, matching } = browseQuery(db, request)
  let page = matching.select('articles.id')
  for (const { column, direction } of order) page = page.orderBy(column, direction)
  const counting = matching.select((eb) => eb.fn.countAll().as('n')).compile()
  const [ids, total] = await Promise.all([
    page.orderBy('articles.id', 'desc').limit(request.limit).offset(offsetOf(request)).execute(),
    countMemo(countKey(counting), async () => countValue((await db.executeQuery(counting)).rows[0])),
  ])
  return { items: await loadPosts(db, ids.map((row) => row.id), relations), total }
}

export async function readPublishedPost(db: Db, by: { id: number } | { slug: string }, relations: PostRelations): Promise<ApiPost> {
  let query = db.selectFrom('articles').select('id').where('status', '=', 'published')
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)
  const row = await query.executeTakeFirst()
  const [post] = row ? await loadPosts(db, [row.id], relations) : []
  if (!post) throw new NotFoundError('Post not found.')
  return post
}

async function loadPosts(db: Db, ids: number[], relations: PostRelations): Promise<ApiPost[]> {
  if (!ids.length) return []
  const [rows, authors, tags] = await Promise.all([
    db
      .selectFrom('articles')
      .leftJoin('media', 'media.id', 'articles.feature_media_id')
      .select([
        'articles.id', 'articles.slug', 'articles.headline', 'articles.dek', 'articles.body_html', 'articles.body_text', 'articles.excerpt',
        'articles.word_count', 'articles.featured', 'articles.feature_image_url', 'articles.feature_image_alt',
        'articles.feature_image_caption', 'articles.created_at', 'articles.updated_at', 'articles.published_at',
        'articles.seo_title', 'articles.seo_description', 'articles.status', 'media.alt as media_alt', 'media.caption as media_caption',
      ])
      .where('articles.id', 'in', ids)
      .execute(),
    relations.authors ? authorsOfPosts(db, ids) : undefined,
    relations.tags ? tagsOfPosts(db, ids) : undefined,
  ])
  // The status is checked on the rows read by key (a post unpublished since its id was listed is left
  // out): with `status = 'published'` in the query SQLite walked the status index, ~85 ms at a million.
  const posts = rows.filter((row) => row.status === 'published').map((row): ApiPost => ({
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    excerpt: row.excerpt ?? '',
    wordCount: row.word_count,
    featured: row.featured === 1,
    // The article's own alt text and caption win over the library's, as on the public page.
    featureImage: row.feature_image_url
      ? { url: row.feature_image_url, alt: row.feature_image_alt ?? row.media_alt, caption: row.feature_image_caption ?? row.media_caption }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // Published rows always carry a publication time; the fallback keeps the type honest.
    publishedAt: row.published_at ?? row.updated_at,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    ...(authors ? { authors: authors.get(row.id) ?? [] } : {}),
    ...(tags ? { tags: tags.get(row.id) ?? [] } : {}),
  }))
  return inIdOrder(posts, ids)
}
