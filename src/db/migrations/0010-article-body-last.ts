import { sql, type Kysely } from 'kysely'
import type { MigrationContext } from '../migration-helpers.ts'

/**
 * SQLite: rebuilds `articles` with the story's text (`body_html`, `body_text`) as its last columns.
 *
 * A story's text is ~15 KB, more than a page, so SQLite stores most of it in a chain of overflow pages,
 * and reading any column stored after it means walking that chain. Migrations 0001–0005 had left
 * status, section, dates and feature image after `body_html` (and `featured` after `body_text`), so
 * every teaser, listing and sitemap row read two or three extra pages: at a million stories a month's
 * sitemap read ~100 MB to list 10,000 links. With the text last, those reads stop at the row's first page.
 *
 * The table is copied inside one transaction with foreign keys off (so dropping the old table does not
 * cascade into tags, bylines and sources), the indexes and search triggers are recreated from their
 * stored definitions, and the foreign keys are checked before commit. Rowids, and with them the
 * external-content search index, stay as they were. PostgreSQL moves large values out of line itself
 * (TOAST): nothing to do there.
 */
const columns = [
  '"id" integer primary key autoincrement',
  '"slug" text not null unique',
  '"headline" text not null',
  '"dek" text',
  '"word_count" integer default 0 not null',
  `"status" text not null check ("status" in ('draft', 'in_review', 'scheduled', 'published', 'unpublished'))`,
  '"section_id" integer references "sections" ("id") on delete set null',
  '"label" text',
  '"dateline" text',
  '"feature_image_url" text',
  '"feature_image_alt" text',
  '"feature_image_caption" text',
  '"feature_image_credit" text',
  '"feature_image_width" integer',
  '"feature_image_height" integer',
  '"published_at" text',
  '"created_at" text not null',
  '"updated_at" text not null',
  '"created_by" integer references "users" ("id") on delete set null',
  '"version" integer default 1 not null',
  '"scheduled_at" text',
  '"seo_title" text',
  '"seo_description" text',
  '"feature_media_id" integer',
  '"featured" integer default 0 not null',
  '"body_html" text not null',
  `"body_text" text default '' not null`,
]

const names = columns.map((column) => column.slice(0, column.indexOf(' ')))

export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  if (dialect !== 'sqlite') return
  const { rows: dependents } = await sql<{ sql: string }>`
    select sql from sqlite_master
    where tbl_name = 'articles' and type in ('index', 'trigger') and sql is not null`.execute(db)
  const { rows: sequence } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'articles'`.execute(db)
  // Kysely runs SQLite migrations outside a transaction, so the pragma takes effect here.
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await sql`begin immediate`.execute(db)
    try {
      await sql.raw(`create table "articles_rebuilt" (${columns.join(', ')})`).execute(db)
      await sql.raw(`insert into "articles_rebuilt" (${names.join(', ')}) select ${names.join(', ')} from "articles"`).execute(db)
      await sql`drop table "articles"`.execute(db)
      await sql`alter table "articles_rebuilt" rename to "articles"`.execute(db)
      for (const { sql: definition } of dependents) await sql.raw(definition).execute(db)
      // AUTOINCREMENT never hands out an id again, even of a deleted story: keep its high-water mark.
      const seq = sequence[0]?.seq ?? 0
      await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'articles'`.execute(db)
      await sql`insert into sqlite_sequence (name, seq) select 'articles', ${seq} where not exists (select 1 from sqlite_sequence where name = 'articles')`.execute(db)
      const { rows: broken } = await sql`pragma foreign_key_check`.execute(db)
      if (broken.length) throw new Error(`articles rebuild left ${broken.length} broken foreign keys`)
      await sql`commit`.execute(db)
    } catch (error) {
      await sql`rollback`.execute(db)
      throw error
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}
