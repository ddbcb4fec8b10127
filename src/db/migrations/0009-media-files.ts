import type { Kysely } from 'kysely'
import type { MigrationContext } from '../migration-helpers.ts'

/**
 * Media files kept in the database (`MEDIA_STORAGE=database`): one row per rendition, so every server
 * on one database serves every upload. No foreign key to `media`: the demo illustration has no library
 * row, and the files are written in the same transaction just before the row that names them.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('media_files')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_files_pkey', ['storage_key', 'name'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_files').execute()
}
