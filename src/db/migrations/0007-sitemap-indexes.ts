import type { Kysely } from 'kysely'

/**
 * Indexes for the XML sitemaps (src/content/sitemap-queries.ts), so they stay cheap on a large archive:
 *
 * - `(status, published_at, id, updated_at)`: the keyset batches of a month file walk it in order, and
 *   the cheap checks behind ETag/Last-Modified and the index's per-month lastmod (count and newest
 *   `updated_at` of a month) are answered from the index alone, without reading a single row.
 * - `(status, updated_at)`: the newest change of the whole archive is one index lookup, not a scan.
 * - `(section_id, status, updated_at)`: likewise the newest change within one section (its lastmod).
 *
 * The first one starts with the columns of `articles_status_published_idx` (0001), which the planner
 * may now use instead; that index is left alone because other listings were tuned against it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('articles_sitemap_idx').on('articles').columns(['status', 'published_at', 'id', 'updated_at']).execute()
  await db.schema.createIndex('articles_status_updated_idx').on('articles').columns(['status', 'updated_at']).execute()
  await db.schema.createIndex('articles_section_updated_idx').on('articles').columns(['section_id', 'status', 'updated_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_section_updated_idx').execute()
  await db.schema.dropIndex('articles_status_updated_idx').execute()
  await db.schema.dropIndex('articles_sitemap_idx').execute()
}
