import type { AliasedSelectQueryBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { tagHasPublishedStory } from '../taxonomy/index.ts'

/**
 * Reads behind the section, topic and author sitemaps. Only pages with at least one published story
 * are listed (an empty listing is not worth a crawl), each with the newest `updated_at` among its
 * published stories as lastmod. Entries are read in keyset batches by id.
 */

export const taxonomyKinds = ['sections', 'tags', 'authors'] as const
export type TaxonomyKind = (typeof taxonomyKinds)[number]

export type TaxonomyEntry = { id: number; slug: string; lastmod: string | null }

export type TaxonomyStats = {
  /** Pages listed. */
  count: number
  /** The highest id among them: with the count, it tells a changed set apart. */
  lastId: number | null
  /** The newest `updated_at` of any published story filed under one of them. */
  lastmod: string | null
}

type EntryQuery = AliasedSelectQueryBuilder<TaxonomyEntry, 'entry'>

/**
 * Each kind as one subquery of the same shape, so the batching below is written once.
 *
 * A section's newest `updated_at` is one lookup at the end of `articles_section_updated_idx`. A
 * topic's or author's reads its links, then each story by primary key: one lookup per story filed
 * under it. That is why those joins are CROSS JOINs: SQLite keeps a cross join in the order written,
 * where for an inner join it may walk every published story newest first looking for one with the
 * topic, which for a rarely used topic reads the whole archive. PostgreSQL plans both alike.
 */
const entryQueries: Record<TaxonomyKind, (db: Db) => EntryQuery> = {
  sections: (db) =>
    db
      .selectFrom('sections')
      .select((eb) => [
        'sections.id',
        'sections.slug',
        eb
          .selectFrom('articles')
          .select((e) => e.fn.max<string | null>('articles.updated_at').as('newest'))
          .whereRef('articles.section_id', '=', 'sections.id')
          .where('articles.status', '=', 'published')
          .as('lastmod'),
      ])
      .where((eb) => eb.exists(eb.selectFrom('articles').select('articles.id').whereRef('articles.section_id', '=', 'sections.id').where('articles.status', '=', 'published')))
      .as('entry'),
  tags: (db) =>
    db
      .selectFrom('tags')
      .select((eb) => [
        'tags.id',
        'tags.slug',
        eb
          .selectFrom('article_tags')
          .crossJoin('articles')
          .select((e) => e.fn.max<string | null>('articles.updated_at').as('newest'))
          .whereRef('article_tags.tag_id', '=', 'tags.id')
          .whereRef('articles.id', '=', 'article_tags.article_id')
          .where('articles.status', '=', 'published')
          .as('lastmod'),
      ])
      .where(tagHasPublishedStory)
      .as('entry'),
  authors: (db) =>
    db
      .selectFrom('authors')
      .select((eb) => [
        'authors.id',
        'authors.slug',
        eb
          .selectFrom('article_authors')
          .crossJoin('articles')
          .select((e) => e.fn.max<string | null>('articles.updated_at').as('newest'))
          .whereRef('article_authors.author_id', '=', 'authors.id')
          .whereRef('articles.id', '=', 'article_authors.article_id')
          .where('articles.status', '=', 'published')
          .as('lastmod'),
      ])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_authors')
            .innerJoin('articles', 'articles.id', 'article_authors.article_id')
            .select('article_authors.article_id')
            .whereRef('article_authors.author_id', '=', 'authors.id')
            .where('articles.status', '=', 'published'),
        ),
      )
      .as('entry'),
}

/** One keyset batch of a kind's pages in id order. */
export async function listTaxonomyEntries(db: Db, kind: TaxonomyKind, { afterId, limit }: { afterId: number; limit: number }): Promise<TaxonomyEntry[]> {
  const rows = await db
    .selectFrom(entryQueries[kind](db))
    .select(['entry.id', 'entry.slug', 'entry.lastmod'])
    .where('entry.id', '>', afterId)
    .orderBy('entry.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, slug: r.slug, lastmod: r.lastmod === null ? null : String(r.lastmod) }))
}

/** The id just before position `offset` (where a later file of a kind starts); 0 for the start. */
export async function taxonomyIdBefore(db: Db, kind: TaxonomyKind, offset: number): Promise<number | null> {
  if (offset <= 0) return 0
  const row = await db
    .selectFrom(entryQueries[kind](db))
    .select('entry.id')
    .orderBy('entry.id')
    .limit(1)
    .offset(offset - 1)
    .executeTakeFirst()
  return row?.id ?? null
}

/**
 * How many pages of a kind are listed and the newest change among their stories. The newest time is
 * found by walking published stories newest first until one is filed under the kind: one step on a
 * real archive, where nearly every story has a section, an author and a topic.
 */
export async function taxonomyStats(db: Db, kind: TaxonomyKind): Promise<TaxonomyStats> {
  const [counted, newest] = await Promise.all([
    db
      .selectFrom(entryQueries[kind](db))
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('entry.id').as('last_id')])
      .executeTakeFirst(),
    db
      .selectFrom('articles')
      .select('articles.updated_at')
      .where('articles.status', '=', 'published')
      .where((eb) => {
        if (kind === 'sections') return eb('articles.section_id', 'is not', null)
        const link = kind === 'tags' ? eb.selectFrom('article_tags').select('article_tags.article_id').whereRef('article_tags.article_id', '=', 'articles.id') : eb.selectFrom('article_authors').select('article_authors.article_id').whereRef('article_authors.article_id', '=', 'articles.id')
        return eb.exists(link)
      })
      .orderBy('articles.updated_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ])
  const lastId = counted?.last_id
  return { count: Number(counted?.count ?? 0), lastId: lastId === null || lastId === undefined ? null : Number(lastId), lastmod: newest?.updated_at ?? null }
}
