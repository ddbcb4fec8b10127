import type { Kysely } from 'kysely'
import { idColumn, type MigrationContext } from '../migration-helpers.ts'

/** Corrections appended to published stories, shown to readers above the story. */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('article_corrections')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('article_corrections_article_idx').on('article_corrections').columns(['article_id', 'created_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('article_corrections').execute()
}
