import type { Kysely } from 'kysely'

/**
 * Indexes for the reader-facing hot queries (see docs/architecture.md, "Listings and hot queries").
 * Most were already in place and are not repeated here:
 *
 * - listings: `articles_status_published_idx` (status, published_at, id) and
 *   `articles_section_published_idx` (section_id, status, published_at, id) from 0001 carry the keyset
 *   pages; topic and author pages read `article_tags_tag_idx` (tag_id, article_id) and
 *   `article_authors_author_idx` (author_id, article_id), also 0001; a story by slug is the unique
 *   index on `articles.slug`.
 * - trending sums `article_views.views` over a range of hours. `article_views_hour_idx` (hour,
 *   article_id) found the rows but read each from the table; with `views` added the index answers the
 *   sum alone. It keeps its name; the narrower index it replaces would only duplicate its prefix.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('article_views_hour_idx').execute()
  await db.schema.createIndex('article_views_hour_idx').on('article_views').columns(['hour', 'article_id', 'views']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('article_views_hour_idx').execute()
  await db.schema.createIndex('article_views_hour_idx').on('article_views').columns(['hour', 'article_id']).execute()
}
