import type { Kysely } from 'kysely'
import { idColumn, type MigrationContext } from '../migration-helpers.ts'

/**
 * Content API keys (the Ghost-compatible read API under /ghost/api/content/) and the `featured` flag
 * that API exposes. A key is shown once when created; only its SHA-256 is stored, so a copy of the
 * table gives no working key.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('name', 'text', (c) => c.notNull())
    /** Hex SHA-256 of the 26-hex-character key the client sends as `?key=`. */
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** Refreshed at most once a minute, so busy clients do not turn reads into writes. */
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()

  // Booleans are integers 0/1 on both engines (docs/decisions/0002-portable-column-types.md).
  await db.schema.alterTable('articles').addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_keys').execute()
  await db.schema.alterTable('articles').dropColumn('featured').execute()
}
