import type { Kysely } from 'kysely'
import { checkIn, idColumn, type MigrationContext } from '../migration-helpers.ts'

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const

/** Personal API tokens for the Admin API, webhooks and their delivery outbox. */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // A SHA-256 of the token: the token itself is shown once and never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('webhooks')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('url', 'text', (c) => c.notNull())
    /** JSON list of subscribed events, e.g. ["article.published"]. */
    .addColumn('events', 'text', (c) => c.notNull())
    // Kept in clear: signing needs it, and the admin shows it to configure the receiver.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute()

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', ...idColumn(dialect))
    /** Sent as X-Gazette-Delivery, so receivers can drop a repeated delivery. */
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    // No foreign key: the delivery of article.deleted outlives its article.
    .addColumn('article_id', 'integer', (c) => c.notNull())
    /** JSON of the article as it was at the write: id, slug, headline, status, published_at, updated_at. */
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', webhookDeliveryStatuses)))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** When a pending delivery may next be sent; while one is being sent, when its claim lapses. */
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute()
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute()
  await db.schema.dropTable('webhooks').execute()
  await db.schema.dropTable('api_tokens').execute()
}
