import type { ExpressionBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { DB } from '../../db/schema.ts'
import { NotFoundError } from '../../errors.ts'
import { countsById, countValue, inIdOrder, offsetOf, resolveOrder, type BrowsePage, type BrowseRequest, type CountMemo } from './browse.ts'
import { filterCondition, type FilterFields } from './filter.ts'
import { slugAndIdFields } from './key-fields.ts'

/** A byline as the Content API shows it; `postCount` only when `include=count.posts` asked for it. */
export type ApiAuthor = { id: number; slug: string; name: string; bio: string | null; avatarUrl: string | null; postCount?: number }

type AuthorsBuilder = ExpressionBuilder<DB, 'authors'>

/** Published stories only: drafts are nobody's business but the newsroom's. */
function publishedCount(eb: AuthorsBuilder) {
  return eb
    .selectFrom('article_authors')
    .innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .select((sub) => sub.fn.countAll().as('n'))
    .whereRef('article_authors.author_id', '=', 'authors.id')
    .where('articles.status', '=', 'published')
}

const orderColumns = { name: 'authors.name', slug: 'authors.slug', id: 'authors.id', 'count.posts': 'count.posts' } as const

const filterFields: FilterFields<'authors'> = slugAndIdFields('authors', 'author')

/** Authors A–Z unless ordered otherwise, each page with the total for pagination. */
export async function browseAuthors(db: Db, request: BrowseRequest, counts: CountMemo | null): Promise<BrowsePage<ApiAuthor>> {
  const order = resolveOrder(request.order.length ? request.order : [{ field: 'name', direction: 'asc' }], orderColumns)
  const filter = request.filter
  let matching = db.selectFrom('authors')
  if (filter) matching = matching.where((eb) => filterCondition(eb, filter, filterFields))
  let page = matching.select('authors.id')
  for (const { column, direction } of order) {
    page = column === 'count.posts' ? page.orderBy((eb) => publishedCount(eb), direction) : page.orderBy(column, direction)
  }
  const [ids, total] = await Promise.all([
    page.orderBy('authors.id', 'asc').limit(request.limit).offset(offsetOf(request)).execute(),
    matching.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ])
  return { items: await loadAuthors(db, ids.map((row) => row.id), counts), total: countValue(total) }
}

export async function readAuthor(db: Db, by: { id: number } | { slug: string }, counts: CountMemo | null): Promise<ApiAuthor> {
  let query = db.selectFrom('authors').select('id')
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)
  const row = await query.executeTakeFirst()
  const [author] = row ? await loadAuthors(db, [row.id], counts) : []
  if (!author) throw new NotFoundError('Author not found.')
  return author
}

async function loadAuthors(db: Db, ids: number[], counts: CountMemo | null): Promise<ApiAuthor[]> {
  if (!ids.length) return []
  const [rows, postCounts] = await Promise.all([
    db
      .selectFrom('authors')
      .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'authors.avatar_url'])
      .where('authors.id', 'in', ids)
      .execute(),
    counts
      ? countsById(db, db.selectFrom('authors').select((eb) => ['authors.id', publishedCount(eb).as('n')]).where('authors.id', 'in', ids).compile(), counts)
      : null,
  ])
  const authors = rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    avatarUrl: row.avatar_url,
    ...(postCounts ? { postCount: postCounts.get(row.id) ?? 0 } : {}),
  }))
  return inIdOrder(authors, ids)
}

/** Each post's bylines in byline order, for `include=authors`. */
export async function authorsOfPosts(db: Db, postIds: number[]): Promise<Map<number, ApiAuthor[]>> {
  const byPost = new Map<number, ApiAuthor[]>()
  if (!postIds.length) return byPost
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .select(['article_authors.article_id', 'authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'authors.avatar_url'])
    .where('article_authors.article_id', 'in', postIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute()
  for (const row of rows) {
    const list = byPost.get(row.article_id) ?? []
    list.push({ id: row.id, slug: row.slug, name: row.name, bio: row.bio, avatarUrl: row.avatar_url })
    byPost.set(row.article_id, list)
  }
  return byPost
}
