import type { Db } from '../../db/connection.ts'
import type { ArticleStatus } from '../../db/schema.ts'
import { readableBy } from './visibility.ts'
import type { Actor } from '../accounts/index.ts'

export type ApiArticleRow = {
  id: number
  slug: string
  status: ArticleStatus
  version: number
  headline: string
  sectionId: number | null
  publishedAt: string | null
  updatedAt: string
}

/**
 * A page of the articles this actor may read (any status), most recently changed first: what the
 * Admin API lists. The total counts the same stories.
 */
export async function listArticlesPage(db: Db, actor: Actor, options: { status?: ArticleStatus; page: number; pageSize: number }): Promise<{ rows: ApiArticleRow[]; total: number }> {
  let rowsQuery = db
    .selectFrom('articles')
    .select(['id', 'slug', 'status', 'version', 'headline', 'section_id', 'published_at', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize)
  let countQuery = db.selectFrom('articles').select((eb) => eb.fn.countAll().as('n'))
  const readable = readableBy(actor)
  if (readable) {
    rowsQuery = rowsQuery.where(readable)
    countQuery = countQuery.where(readable)
  }
  if (options.status) {
    rowsQuery = rowsQuery.where('status', '=', options.status)
    countQuery = countQuery.where('status', '=', options.status)
  }
  const [rows, count] = await Promise.all([rowsQuery.execute(), countQuery.executeTakeFirstOrThrow()])
  return {
    rows: rows.map((r) => ({ id: r.id, slug: r.slug, status: r.status, version: r.version, headline: r.headline, sectionId: r.section_id, publishedAt: r.published_at, updatedAt: r.updated_at })),
    total: Number(count.n),
  }
}
