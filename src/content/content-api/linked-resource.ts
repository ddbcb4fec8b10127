import type { ExpressionBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { DB } from '../../db/schema.ts'
import { NotFoundError } from '../../errors.ts'
import { countsById, countValue, inIdOrder, offsetOf, resolveOrder, type BrowsePage, type BrowseRequest, type CountMemo } from './browse.ts'
import { filterCondition, type FilterFields } from './filter.ts'

/**
 * What the Content API's authors and tags have in common: a table with `id`, `slug` and `name` that
 * stories link to through an ordered join table. Browse, read and load (with `count.posts` of
 * published stories) are one piece; each resource only says its table, link, filters and columns.
 */
export type LinkedTable = 'authors' | 'tags'
type Link = { table: 'article_authors'; column: 'author_id' } | { table: 'article_tags'; column: 'tag_id' }

export type LinkedResource<T extends { id: number }> = {
  table: LinkedTable
  link: Link
  notFound: string
  filterFields: FilterFields<LinkedTable>
  /** The rows for these ids, in any order, as the API shows them (without `postCount`). */
  rows: (db: Db, ids: number[]) => Promise<T[]>
}

type Counted<T> = T & { postCount?: number }

/** Published stories only: drafts are nobody's business but the newsroom's. */
function publishedCount(eb: ExpressionBuilder<DB, LinkedTable>, resource: LinkedResource<{ id: number }>) {
  const link = resource.link as { table: 'article_tags'; column: 'tag_id' }
  return eb
    .selectFrom(link.table)
    .innerJoin('articles', 'articles.id', `${link.table}.article_id`)
    .select((sub) => sub.fn.countAll().as('n'))
    .whereRef(`${link.table}.${link.column}`, '=', `${resource.table as 'tags'}.id`)
    .where('articles.status', '=', 'published')
}

/** A–Z by name unless ordered otherwise, each page with the total for pagination. */
async function browseLinked<T extends { id: number }>(
  db: Db,
  resource: LinkedResource<T>,
  request: BrowseRequest,
  counts: CountMemo | null,
): Promise<BrowsePage<Counted<T>>> {
  const table = resource.table as 'tags'
  const orderColumns = { name: `${table}.name`, slug: `${table}.slug`, id: `${table}.id`, 'count.posts': 'count.posts' } as const
  const order = resolveOrder(request.order.length ? request.order : [{ field: 'name', direction: 'asc' }], orderColumns)
  const filter = request.filter
  let matching = db.selectFrom(table)
  if (filter) matching = matching.where((eb) => filterCondition(eb, filter, resource.filterFields))
  let page = matching.select(`${table}.id`)
  for (const { column, direction } of order) {
    page = column === 'count.posts' ? page.orderBy((eb) => publishedCount(eb, resource), direction) : page.orderBy(column, direction)
  }
  const [ids, total] = await Promise.all([
    page.orderBy(`${table}.id`, 'asc').limit(request.limit).offset(offsetOf(request)).execute(),
    matching.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ])
  return { items: await loadLinked(db, resource, ids.map((row) => row.id), counts), total: countValue(total) }
}

async function readLinked<T extends { id: number }>(
  db: Db,
  resource: LinkedResource<T>,
  by: { id: number } | { slug: string },
  counts: CountMemo | null,
): Promise<Counted<T>> {
  const table = resource.table as 'tags'
  let query = db.selectFrom(table).select('id')
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)
  const row = await query.executeTakeFirst()
  const [item] = row ? await loadLinked(db, resource, [row.id], counts) : []
  if (!item) throw new NotFoundError(resource.notFound)
  return item
}

async function loadLinked<T extends { id: number }>(db: Db, resource: LinkedResource<T>, ids: number[], counts: CountMemo | null): Promise<Counted<T>[]> {
  if (!ids.length) return []
  const table = resource.table as 'tags'
  const [rows, postCounts] = await Promise.all([
    resource.rows(db, ids),
    counts
      ? countsById(db, db.selectFrom(table).select((eb) => [`${table}.id`, publishedCount(eb, resource).as('n')]).where(`${table}.id`, 'in', ids).compile(), counts)
      : null,
  ])
  const items = rows.map((row) => (postCounts ? { ...row, postCount: postCounts.get(row.id) ?? 0 } : row))
  return inIdOrder(items, ids)
}

/** Each post's links in the editor's order (bylines, topics), for `include=authors` / `include=tags`. */
async function linkedOfPosts<T extends { id: number }>(db: Db, resource: LinkedResource<T>, postIds: number[]): Promise<Map<number, T[]>> {
  const byPost = new Map<number, T[]>()
  if (!postIds.length) return byPost
  const link = resource.link as { table: 'article_tags'; column: 'tag_id' }
  const links = await db
    .selectFrom(link.table)
    .select([`${link.table}.article_id`, `${link.table}.${link.column} as id`])
    .where(`${link.table}.article_id`, 'in', postIds)
    .orderBy(`${link.table}.article_id`)
    .orderBy(`${link.table}.position`)
    .execute()
  const rows = links.length ? await resource.rows(db, [...new Set(links.map((row) => row.id))]) : []
  const byId = new Map(rows.map((row) => [row.id, row]))
  for (const { article_id, id } of links) {
    const row = byId.get(id)
    if (!row) continue
    const list = byPost.get(article_id) ?? []
    list.push(row)
    byPost.set(article_id, list)
  }
  return byPost
}

/** The Content API's reads of one linked resource: a page, one by id or slug, and each post's links. */
export function linkedResourceReads<T extends { id: number }>(resource: LinkedResource<T>) {
  return {
    browse: (db: Db, request: BrowseRequest, counts: CountMemo | null): Promise<BrowsePage<T>> => browseLinked(db, resource, request, counts),
    read: (db: Db, by: { id: number } | { slug: string }, counts: CountMemo | null): Promise<T> => readLinked(db, resource, by, counts),
    ofPosts: (db: Db, postIds: number[]): Promise<Map<number, T[]>> => linkedOfPosts(db, resource, postIds),
  }
}
