import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { atLeast, type Actor } from '../accounts/index.ts'

/**
 * `canReadArticle` as a condition on `articles`, for lists: the desk sees every story, a writer the
 * ones they created or are bylined on. Returns null when nothing needs filtering.
 */
export function readableBy(actor: Actor): ((eb: ExpressionBuilder<DB, 'articles'>) => Expression<SqlBool>) | null {
  if (atLeast(actor, 'editor')) return null
  return (eb) => {
    const own = eb('articles.created_by', '=', actor.id)
    if (actor.authorId === null) return own
    const bylined = eb.exists(
      eb
        .selectFrom('article_authors')
        .select('article_authors.article_id')
        .whereRef('article_authors.article_id', '=', 'articles.id')
        .where('article_authors.author_id', '=', actor.authorId),
    )
    return eb.or([own, bylined])
  }
}
