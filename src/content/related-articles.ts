import type { Db } from '../db/connection.ts'
import { publishedTeaserRowsByIds, teaserQuery, withAuthors, type ArticleTeaser } from './article-queries.ts'

/** Topics of a story that count for "related" (in the editor's order). */
const maxTopics = 10
/**
 * Candidates per topic: its newest links (by article id, i.e. creation order). This bounds the work
 * for a topic with a large archive: a story shares topics with tens of thousands of others, but the
 * four shown come from the recent ones, and reading only these keeps the query the same cost forever.
 */
export const candidatesPerTopic = 2000

/** The topics of a story, read from the links' primary key. */
export function storyTopicsQuery(db: Db, articleId: number) {
  return db.selectFrom('article_tags').select('tag_id').where('article_id', '=', articleId).orderBy('position').limit(maxTopics)
}

/**
 * The stories sharing the most of the given topics with a story, best first (newest, by id, among
 * equals). Each topic contributes at most `candidatesPerTopic` links (a range of
 * `article_tags_tag_idx`, read backwards); only ids are ranked here, so no story row is read.
 */
export function relatedByTopicQuery(db: Db, articleId: number, tagIds: number[], limit: number) {
  const [first, ...others] = tagIds.map((tagId) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('article_tags')
          .select('article_tags.article_id')
          .where('article_tags.tag_id', '=', tagId)
          .where('article_tags.article_id', '!=', articleId)
          .orderBy('article_tags.article_id', 'desc')
          .limit(candidatesPerTopic)
          .as('recent'),
      )
      .select('recent.article_id'),
  )
  if (!first) throw new RangeError('relatedByTopicQuery needs at least one topic')
  const candidates = others.reduce((union, next) => union.unionAll(next), first)
  return db
    .selectFrom(candidates.as('candidate'))
    .select((eb) => ['candidate.article_id', eb.fn.countAll<number>().as('shared')])
    .groupBy('candidate.article_id')
    .orderBy('shared', 'desc')
    .orderBy('candidate.article_id', 'desc')
    .limit(limit)
}

/**
 * Published stories among the best-ranked candidates, in rank order. Joining the ranking into the
 * teaser query instead let SQLite walk every published story to probe it.
 */
async function rankedTeaserRows(db: Db, articleId: number, tagIds: number[], limit: number) {
  // Some candidates may be drafts or unpublished (one in twenty in a typical archive): rank a few
  // more than needed; the section tops up a shortfall. Each candidate is a row read by key.
  const ranked = await relatedByTopicQuery(db, articleId, tagIds, limit * 3).execute()
  if (!ranked.length) return []
  const rank = new Map(ranked.map((r, i) => [r.article_id, i]))
  const rows = await publishedTeaserRowsByIds(db, [...rank.keys()])
  return rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)).slice(0, limit)
}

/** The newest published stories of a section, leaving out the given ones (`articles_section_published_idx`). */
export function relatedBySectionQuery(db: Db, sectionSlug: string, excluded: number[], limit: number) {
  return teaserQuery(db)
    .where('sections.slug', '=', sectionSlug)
    .where('articles.id', 'not in', excluded)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
}

/**
 * "Related" under a story: published stories sharing the most topics with it (newest first among
 * equals), topped up with the latest from its section when it has few topics.
 */
export async function listRelatedArticles(db: Db, article: { id: number; sectionSlug: string | null }, limit = 4): Promise<ArticleTeaser[]> {
  const tagIds = (await storyTopicsQuery(db, article.id).execute()).map((row) => row.tag_id)
  const rows = tagIds.length ? await rankedTeaserRows(db, article.id, tagIds, limit) : []
  if (rows.length < limit && article.sectionSlug) {
    const taken = [article.id, ...rows.map((r) => r.id)]
    rows.push(...(await relatedBySectionQuery(db, article.sectionSlug, taken, limit - rows.length).execute()))
  }
  return withAuthors(db, rows)
}
