import type { Db } from '../../db/connection.ts'

/**
 * Reads behind the XML sitemaps. Article files are split by the UTC month of first publication
 * (`published_at`, which republishing keeps); every query here walks `articles_sitemap_idx`
 * (status, published_at, id, updated_at) or `articles_status_updated_idx` (migration 0007).
 */

/** `2024-05`: a month of first publication, as the article sitemaps are split. */
export type Month = string

/** A range of first-publication times: `from` inclusive, `to` exclusive (open-ended without it). */
export type PublicationRange = { from: string; to?: string }

export type SliceStats = {
  /** Published stories in the slice. */
  count: number
  /** The newest `updated_at` among them: the lastmod of the sitemap file that lists them. */
  lastmod: string | null
  /**
   * The newest change to any story the slice lists or has stopped listing (unpublished ones count:
   * unpublishing bumps `updated_at` and removes a URL). The file's Last-Modified.
   */
  changedAt: string | null
}

export type ArticleMonth = { month: Month; count: number; lastmod: string | null }

/** Where a keyset batch resumes: after this (published_at, id). */
export type ArticleKey = { publishedAt: string; id: number }

export type SitemapArticle = {
  id: number
  slug: string
  headline: string
  publishedAt: string
  updatedAt: string
  featureImageUrl: string | null
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string): value is Month {
  return monthPattern.test(value)
}

/** A month as a range of stored timestamps (ISO 8601 UTC text sorts as time on both engines). */
export function monthRange(month: Month): Required<PublicationRange> {
  const [, year, number] = monthPattern.exec(month) ?? []
  if (!year || !number) throw new RangeError(`Not a month: ${month}`)
  const next = Number(number) === 12 ? `${String(Number(year) + 1).padStart(4, '0')}-01` : `${year}-${String(Number(number) + 1).padStart(2, '0')}`
  return { from: `${month}-01T00:00:00.000Z`, to: `${next}-01T00:00:00.000Z` }
}

function toCount(value: string | number | bigint | null | undefined): number {
  return Number(value ?? 0)
}

function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value)
}

/** Count, lastmod and last change of the stories first published in a range. */
export async function publicationRangeStats(db: Db, range: PublicationRange): Promise<SliceStats> {
  let query = db
    .selectFrom('articles')
    .select((eb) => [
      eb.fn.countAll().filterWhere('status', '=', 'published').as('count'),
      eb.fn.max('updated_at').filterWhere('status', '=', 'published').as('lastmod'),
      eb.fn.max('updated_at').as('changed_at'),
    ])
    .where('status', 'in', ['published', 'unpublished'])
    .where('published_at', '>=', range.from)
  if (range.to) query = query.where('published_at', '<', range.to)
  const row = await query.executeTakeFirst()
  return { count: toCount(row?.count), lastmod: toText(row?.lastmod), changedAt: toText(row?.changed_at) }
}

/**
 * The same for the whole archive. Each newest time is one lookup at the end of
 * `articles_status_updated_idx` (a `status in (…)` aggregate would scan); the count walks the index.
 */
export async function archiveStats(db: Db): Promise<SliceStats> {
  const newest = (status: 'published' | 'unpublished') =>
    db.selectFrom('articles').select((eb) => eb.fn.max('updated_at').as('newest')).where('status', '=', status)
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('articles').select((e) => e.fn.countAll().as('count')).where('status', '=', 'published').as('count'),
      newest('published').as('lastmod'),
      newest('unpublished').as('unpublished_at'),
    ])
    .executeTakeFirst()
  const lastmod = toText(row?.lastmod)
  const unpublishedAt = toText(row?.unpublished_at)
  const changedAt = lastmod && unpublishedAt ? (lastmod > unpublishedAt ? lastmod : unpublishedAt) : (lastmod ?? unpublishedAt)
  return { count: toCount(row?.count as number | null), lastmod, changedAt }
}

export type MonthStats = { count: number; lastmod: string | null }

/** How many stories were first published in a month, and their newest change: one index range. */
export async function publishedMonthStats(db: Db, month: Month): Promise<MonthStats> {
  const row = await publishedInRange(db, monthRange(month))
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('updated_at').as('lastmod')])
    .executeTakeFirst()
  return { count: toCount(row?.count), lastmod: toText(row?.lastmod) }
}

/** The month of the newest story published before a time (or at all): one lookup at the index's end. */
async function monthWithStoriesBefore(db: Db, before: string | null): Promise<Month | undefined> {
  let query = db.selectFrom('articles').select((eb) => eb.fn.max('published_at').as('at')).where('status', '=', 'published')
  if (before) query = query.where('published_at', '<', before)
  const month = toText((await query.executeTakeFirst())?.at)?.slice(0, 7)
  return month && isMonth(month) ? month : undefined
}

/**
 * Every month with published stories, newest first, with its count and newest `updated_at`. The
 * months are found by skipping down the index a month at a time (one lookup each); each month's
 * figures come from `statsOf`, an index range per month, which the sitemap routes memoize per month
 * (a story's change announces its month), so a publish recounts one month, not the archive. No
 * single long statement either, which on SQLite would hold up every other request meanwhile.
 */
export async function* listArticleMonths(db: Db, statsOf: (month: Month) => Promise<MonthStats> = (month) => publishedMonthStats(db, month)): AsyncGenerator<ArticleMonth> {
  for (let month = await monthWithStoriesBefore(db, null); month; month = await monthWithStoriesBefore(db, monthRange(month).from)) {
    yield { month, ...(await statsOf(month)) }
  }
}

function publishedInRange(db: Db, range: Required<PublicationRange>) {
  return db
    .selectFrom('articles')
    .where('status', '=', 'published')
    .where('published_at', '>=', range.from)
    .where('published_at', '<', range.to)
}

/**
 * The newest `updated_at` among `limit` stories of a range, skipping `offset` in (published_at, id)
 * order: the lastmod of one file of a month that needs several. Answered from the index alone.
 */
export async function articlePartLastmod(db: Db, range: Required<PublicationRange>, offset: number, limit: number): Promise<string | null> {
  const part = publishedInRange(db, range).select('updated_at').orderBy('published_at').orderBy('id').limit(limit).offset(offset).as('part')
  const row = await db
    .selectFrom(part)
    .select((eb) => eb.fn.max('part.updated_at').as('lastmod'))
    .executeTakeFirst()
  return toText(row?.lastmod)
}

/**
 * The key of the story just before position `offset` of a range, so a later file of a month can
 * start its keyset walk there. Null when the range holds no more than `offset` stories.
 */
export async function articleKeyBefore(db: Db, range: Required<PublicationRange>, offset: number): Promise<ArticleKey | null> {
  if (offset <= 0) return null
  const row = await publishedInRange(db, range)
    .select(['published_at', 'id'])
    .orderBy('published_at')
    .orderBy('id')
    .limit(1)
    .offset(offset - 1)
    .executeTakeFirst()
  return row?.published_at ? { publishedAt: row.published_at, id: row.id } : null
}

/**
 * One keyset batch of a range in (published_at, id) order. The row-value comparison is a range
 * condition on the index on both engines, so each batch costs the same however deep it starts.
 */
export async function listSitemapArticles(
  db: Db,
  range: Required<PublicationRange>,
  { after, limit }: { after: ArticleKey | null; limit: number },
): Promise<SitemapArticle[]> {
  let query = publishedInRange(db, range).select(['id', 'slug', 'headline', 'published_at', 'updated_at', 'feature_image_url'])
  if (after) query = query.where((eb) => eb(eb.refTuple('published_at', 'id'), '>', eb.tuple(after.publishedAt, after.id)))
  const rows = await query.orderBy('published_at').orderBy('id').limit(limit).execute()
  return rows.map(toSitemapArticle)
}

/** The newest stories first published since a time, newest first: the Google News sitemap. */
export async function listNewsArticles(db: Db, since: string, limit: number): Promise<SitemapArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'headline', 'published_at', 'updated_at', 'feature_image_url'])
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toSitemapArticle)
}

function toSitemapArticle(row: { id: number; slug: string; headline: string; published_at: string | null; updated_at: string; feature_image_url: string | null }): SitemapArticle {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    // The queries keep only rows with a publication time; the fallback keeps the type honest.
    publishedAt: row.published_at ?? row.updated_at,
    updatedAt: row.updated_at,
    featureImageUrl: row.feature_image_url,
  }
}
