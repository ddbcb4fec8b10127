import type { Expression } from 'kysely'
import type { Db, DialectName } from '../../db/connection.ts'
import { jsonRows, readJsonRows, type JsonRows } from '../../db/json-rows.ts'
import type { AuthorRef } from '../taxonomy/index.ts'

/**
 * A story's bylines as one JSON column (a correlated subquery on `article_authors`' primary key),
 * for queries that read a story and its bylines in one go. Read it back with `bylinesFrom`.
 */
export function bylinesColumn(db: Db, dialect: DialectName, articleId: Expression<number>) {
  return jsonRows(
    dialect,
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.author_id as id', 'article_authors.position', 'authors.slug', 'authors.name', 'authors.avatar_url'])
      .where('article_authors.article_id', '=', articleId),
  )
}

type Byline = AuthorRef & { id: number; position: number }

/** Bylines in the editor's order, with the author's id. */
export function bylinesFrom(column: JsonRows<Byline>): Byline[] {
  return readJsonRows(column).sort((a, b) => a.position - b.position)
}

export function authorRefs(bylines: Byline[]): AuthorRef[] {
  return bylines.map(({ slug, name, avatar_url }) => ({ slug, name, avatar_url }))
}
