import type { Db, DialectName } from '../../db/connection.ts'
import { jsonRows, readJsonRows } from '../../db/json-rows.ts'
import { NotFoundError } from '../../errors.ts'
import { teaserQuery, toTeaser, type PublishedArticle } from './queries.ts'
import { authorRefs, bylinesColumn, bylinesFrom } from './byline-rows.ts'
import { articleScopeOf } from '../changes/index.ts'

/**
 * One published story by its slug (the unique index on `articles.slug`) with its bylines, topics,
 * sources and corrections, each a correlated subquery on its table's index, returned as a JSON column:
 * one query, so one round trip on PostgreSQL.
 */
export function articleBySlugQuery(db: Db, dialect: DialectName, slug: string) {
  return teaserQuery(db)
    .select((eb) => [
      'articles.body_html',
      'articles.excerpt',
      'articles.dateline',
      'articles.status',
      'articles.section_id',
      bylinesColumn(db, dialect, eb.ref('articles.id')).as('bylines'),
      jsonRows(
        dialect,
        eb
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select(['article_tags.tag_id as id', 'article_tags.position', 'tags.slug', 'tags.name'])
          .whereRef('article_tags.article_id', '=', 'articles.id'),
      ).as('tags'),
      jsonRows(dialect, eb.selectFrom('sources').select(['sources.name', 'sources.url', 'sources.kind', 'sources.position']).whereRef('sources.article_id', '=', 'articles.id')).as('sources'),
      jsonRows(
        dialect,
        eb.selectFrom('article_corrections').select(['article_corrections.id', 'article_corrections.body', 'article_corrections.created_at']).whereRef('article_corrections.article_id', '=', 'articles.id'),
      ).as('corrections'),
    ])
    .where('articles.slug', '=', slug)
}

export async function getPublishedArticleBySlug(db: Db, dialect: DialectName, slug: string): Promise<PublishedArticle> {
  const row = await articleBySlugQuery(db, dialect, slug).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no story at this address. It may have been moved or unpublished.')
  const bylines = bylinesFrom(row.bylines)
  const tags = readJsonRows(row.tags).sort((a, b) => a.position - b.position)
  const sources = readJsonRows(row.sources).sort((a, b) => a.position - b.position)
  // ISO 8601 UTC text, compared as the database does (code units, not the locale's collation).
  const corrections = readJsonRows(row.corrections).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id))
  return {
    ...toTeaser(row, authorRefs(bylines)),
    bodyHtml: row.body_html,
    excerpt: row.excerpt ?? '',
    dateline: row.dateline,
    tags: tags.map(({ id, slug, name }) => ({ id, slug, name })),
    sources: sources.map(({ name, url, kind }) => ({ name, url, kind })),
    corrections: corrections.map(({ id, body, created_at }) => ({ id, body, createdAt: created_at })),
    scope: articleScopeOf({ ...row, tagIds: tags.map((t) => t.id), authorIds: bylines.map((b) => b.id) }),
  }
}
