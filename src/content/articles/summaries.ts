import type { Db } from '../../db/connection.ts'
import type { ArticleStatus } from '../../db/schema.ts'
import { readableBy } from './visibility.ts'
import type { Actor } from '../accounts/index.ts'

export type DeskRow = { id: number; headline: string; status: ArticleStatus; updatedAt: string; section: string | null; authors: string }

/** The newsroom's article list, most recently changed first: the stories this actor may read. */
export async function listDeskArticles(db: Db, actor: Actor, filter: { status?: ArticleStatus; limit?: number } = {}): Promise<DeskRow[]> {
  let query = db
    .selectFrom('articles')
    .leftJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'articles.headline', 'articles.status', 'articles.updated_at', 'sections.name as section'])
    .orderBy('articles.updated_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(filter.limit ?? 200)
  if (filter.status) query = query.where('articles.status', '=', filter.status)
  const readable = readableBy(actor)
  if (readable) query = query.where(readable)
  const rows = await query.execute()
  const ids = rows.map((r) => r.id)
  const bylines = ids.length
    ? await db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select(['article_authors.article_id', 'authors.name'])
        .where('article_authors.article_id', 'in', ids)
        .orderBy('article_authors.position')
        .execute()
    : []
  return rows.map((r) => ({
    id: r.id,
    headline: r.headline,
    status: r.status,
    updatedAt: r.updated_at,
    section: r.section,
    authors: bylines.filter((b) => b.article_id === r.id).map((b) => b.name).join(', '),
  }))
}
