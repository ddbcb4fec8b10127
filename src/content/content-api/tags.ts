import type { ExpressionBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { DB } from '../../db/schema.ts'
import { NotFoundError } from '../../errors.ts'
import { countsById, countValue, inIdOrder, offsetOf, resolveOrder, type BrowsePage, type BrowseRequest, type CountMemo } from './browse.ts'
import { filterCondition, requireEquality, type FilterFields } from './filter.ts'
import { slugAndIdFields } from './key-fields.ts'

/** A topic as the Content API shows it; `postCount` only when `include=count.posts` asked for it. */
export type ApiTag = { id: number; slug: string; name: string; description: string | null; postCount?: number }

type TagsBuilder = ExpressionBuilder<DB, 'tags'>

function publishedCount(eb: TagsBuilder) {
  return eb
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select((sub) => sub.fn.countAll().as('n'))
    .whereRef('article_tags.tag_id', '=', 'tags.id')
    .where('articles.status', '=', 'published')
}

const orderColumns = { name: 'tags.name', slug: 'tags.slug', id: 'tags.id', 'count.posts': 'count.posts' } as const

const filterFields: FilterFields<'tags'> = {
  ...slugAndIdFields('tags', 'tag'),
  // Every Gazette tag is public (Ghost also has internal `#tags`); themes commonly ask for visibility:public.
  visibility: (eb, comparison) => {
    const { negated, values } = requireEquality(comparison)
    return eb.lit(values.includes('public') !== negated)
  },
}

/** Tags A–Z unless ordered otherwise, each page with the total for pagination. */
export async function browseTags(db: Db, request: BrowseRequest, counts: CountMemo | null): Promise<BrowsePage<ApiTag>> {
  const order = resolveOrder(request.order.length ? request.order : [{ field: 'name', direction: 'asc' }], orderColumns)
  const filter = request.filter
  let matching = db.selectFrom('tags')
  if (filter) matching = matching.where((eb) => filterCondition(eb, filter, filterFields))
  let page = matching.select('tags.id')
  for (const { column, direction } of order) {
    page = column === 'count.posts' ? page.orderBy((eb) => publishedCount(eb), direction) : page.orderBy(column, direction)
  }
  const [ids, total] = await Promise.all([
    page.orderBy('tags.id', 'asc').limit(request.limit).offset(offsetOf(request)).execute(),
    matching.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ])
  return { items: await loadTags(db, ids.map((row) => row.id), counts), total: countValue(total) }
}

export async function readTag(db: Db, by: { id: number } | { slug: string }, counts: CountMemo | null): Promise<ApiTag> {
  let query = db.selectFrom('tags').select('id')
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)
  const row = await query.executeTakeFirst()
  const [tag] = row ? await loadTags(db, [row.id], counts) : []
  if (!tag) throw new NotFoundError('Tag not found.')
  return tag
}

async function loadTags(db: Db, ids: number[], counts: CountMemo | null): Promise<ApiTag[]> {
  if (!ids.length) return []
  const [rows, postCounts] = await Promise.all([
    db
      .selectFrom('tags')
      .select(['tags.id', 'tags.slug', 'tags.name', 'tags.description'])
      .where('tags.id', 'in', ids)
      .execute(),
    counts
      ? countsById(db, db.selectFrom('tags').select((eb) => ['tags.id', publishedCount(eb).as('n')]).where('tags.id', 'in', ids).compile(), counts)
      : null,
  ])
  const tags = rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    ...(postCounts ? { postCount: postCounts.get(row.id) ?? 0 } : {}),
  }))
  return inIdOrder(tags, ids)
}

/** Each post's tags in the editor's order, for `include=tags`. */
export async function tagsOfPosts(db: Db, postIds: number[]): Promise<Map<number, ApiTag[]>> {
  const byPost = new Map<number, ApiTag[]>()
  if (!postIds.length) return byPost
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name', 'tags.description'])
    .where('article_tags.article_id', 'in', postIds)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute()
  for (const row of rows) {
    const list = byPost.get(row.article_id) ?? []
    list.push({ id: row.id, slug: row.slug, name: row.name, description: row.description })
    byPost.set(row.article_id, list)
  }
  return byPost
}
