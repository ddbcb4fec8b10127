import type { Kysely } from 'kysely'
import { checkIn, idColumn, type MigrationContext } from '../migration-helpers.ts'

export const roles = ['contributor', 'author', 'editor', 'admin'] as const

/** Accounts and sessions, the editorial workflow, revisions, old slugs, labels and the media library. */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(checkIn('role', roles)))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute()

  await db.schema
    .createTable('sessions')
    // The id is a SHA-256 of the cookie's token: a leaked table does not give working sessions.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('login_failures')
    // A hash of account + client address, so failed logins can be limited without storing either.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_failures_key_idx').on('login_failures').columns(['key', 'at']).execute()

  await db.schema.alterTable('articles').addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute()
  await db.schema.alterTable('articles').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await db.schema.alterTable('articles').addColumn('scheduled_at', 'text').execute()
  await db.schema.alterTable('articles').addColumn('seo_title', 'text').execute()
  await db.schema.alterTable('articles').addColumn('seo_description', 'text').execute()
  await db.schema.alterTable('articles').addColumn('feature_media_id', 'integer').execute()
  await db.schema.createIndex('articles_scheduled_idx').on('articles').columns(['status', 'scheduled_at']).execute()

  await db.schema
    .createTable('article_transitions')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute()
  await db.schema.createIndex('article_transitions_article_idx').on('article_transitions').columns(['article_id', 'id']).execute()

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** JSON snapshot of every editable field at this version. */
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'id']).execute()

  await db.schema
    .createTable('slug_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('labels')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // The type-of-work labels readers and platforms look for (Trust Project); editors can add more.
  await (db as Kysely<{ labels: { slug: string; name: string; position: number } }>)
    .insertInto('labels')
    .values(
      ['News', 'Analysis', 'Opinion', 'Exclusive', 'Explainer', 'Investigation', 'Review', 'Fact check', 'Sponsored'].map((name, position) => ({
        slug: name.toLowerCase().replace(/\s+/g, '-'),
        name,
        position,
      })),
    )
    .execute()

  await db.schema
    .createTable('media')
    .addColumn('id', ...idColumn(dialect))
    /** Folder of this upload's files under the media root, e.g. `2026/11/3f9a…`. */
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text')
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    /** JSON list of generated files: [{ file, width, height, format, bytes }]. */
    .addColumn('variants', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('media_created_idx').on('media').columns(['created_at', 'id']).execute()
}
