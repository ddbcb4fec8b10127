import type { Db } from '../db/connection.ts'
import { teaserQuery, withAuthors, type ArticleTeaser } from './article-queries.ts'

/**
 * "Related" under a story: published stories sharing the most topics with it (newest first among
 * equals), topped up with the latest from its section when it has few topics.
 */
export async function listRelatedArticles(db: Db, article: { id: number; sectionSlug: string | null }, limit = 4): Promise<ArticleTeaser[]> {
  const byTopic = await teaserQuery(db)
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('article_tags as mine')
          .innerJoin('article_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
          .select((inner) => ['theirs.article_id', inner.fn.countAll<number>().as('shared')])
          .where('mine.article_id', '=', article.id)
          .where('theirs.article_id', '!=', article.id)
          .groupBy('theirs.article_id')
          .as('related'),
      (join) => join.onRef('related.article_id', '=', 'articles.id'),
    )
    .orderBy('related.shared', 'desc')
    .orderBy('articles.published_at', 'desc')
    .limit(limit)
    .execute()
  const rows = [...byTopic]
  if (rows.length < limit && article.sectionSlug) {
    const taken = [article.id, ...rows.map((r) => r.id)]
    const bySection = await teaserQuery(db)
      .where('sections.slug', '=', article.sectionSlug)
      .where('articles.id', 'not in', taken)
      .orderBy('articles.published_at', 'desc')
      .limit(limit - rows.length)
      .execute()
    rows.push(...bySection)
  }
  return withAuthors(db, rows)
}
