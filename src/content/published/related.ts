import type { Db, DialectName } from '../../db/connection.ts'
import { teaserColumns, teaserQuery, toTeaser, type ArticleTeaser } from './queries.ts'
import { authorRefs, bylinesColumn, bylinesFrom } from './byline-rows.ts'

/** Topics of a story that count for "related" (in the editor's order). */
const maxTopics = 10
/**
 * Candidates per topic: its newest links (by article id, i.e. creation order). This bounds the work
 * for a topic with a large archive: a story shares topics with tens of thousands of others, but the
 * four shown come from the recent ones, and reading only these keeps the query the same cost forever.
 */
export const candidatesPerTopic = 2000

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
 * Published stories among the best-ranked candidates, best first, with their bylines. Some candidates
 * may be drafts or unpublished (one in twenty in a typical archive): a few more than needed are ranked,
 * and the section tops up a shortfall. The ranking is joined as a CROSS JOIN, which SQLite keeps in the
 * order written: each of the few candidates is read by key (as an inner join SQLite may walk every
 * published story to probe it).
 */
export function relatedTeasersQuery(db: Db, dialect: DialectName, articleId: number, tagIds: number[], limit: number) {
  return db
    .selectFrom(relatedByTopicQuery(db, articleId, tagIds, limit * 3).as('ranked'))
    .crossJoin('articles')
    .leftJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('media', 'media.id', 'articles.feature_media_id')
    .select(teaserColumns)
    .select((eb) => bylinesColumn(db, dialect, eb.ref('articles.id')).as('bylines'))
    .whereRef('articles.id', '=', 'ranked.article_id')
    .where('articles.status', '=', 'published')
    .orderBy('ranked.shared', 'desc')
    .orderBy('ranked.article_id', 'desc')
    .limit(limit)
}

/** The newest published stories of a section, leaving out the given ones (`articles_section_published_idx`), with their bylines. */
export function relatedBySectionQuery(db: Db, dialect: DialectName, sectionSlug: string, excluded: number[], limit: number) {
  return teaserQuery(db)
    .select((eb) => bylinesColumn(db, dialect, eb.ref('articles.id')).as('bylines'))
    .where('sections.slug', '=', sectionSlug)
    .where('articles.id', 'not in', excluded)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
}

/**
 * "Related" under a story: published stories sharing the most of its first topics (in the editor's
 * order) with it, newest first among equals, topped up with the latest from its section when it has
 * few topics. The caller has read the story and passes its topics.
 */
export async function listRelatedArticles(
  db: Db,
  dialect: DialectName,
  article: { id: number; sectionSlug: string | null; tagIds: readonly number[] },
  limit = 4,
): Promise<ArticleTeaser[]> {
  const tagIds = article.tagIds.slice(0, maxTopics)
  const rows = tagIds.length ? await relatedTeasersQuery(db, dialect, article.id, tagIds, limit).execute() : []
  if (rows.length < limit && article.sectionSlug) {
    const taken = [article.id, ...rows.map((r) => r.id)]
    rows.push(...(await relatedBySectionQuery(db, dialect, article.sectionSlug, taken, limit - rows.length).execute()))
  }
  return rows.map((row) => toTeaser(row, authorRefs(bylinesFrom(row.bylines))))
}
