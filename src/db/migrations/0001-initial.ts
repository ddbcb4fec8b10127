import type { Kysely } from 'kysely'
import { checkIn, idColumn, type MigrationContext } from '../migration-helpers.ts'

export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('sections')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('authors')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tags')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('articles')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('dek', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['draft', 'in_review', 'scheduled', 'published', 'unpublished'])))
    .addColumn('section_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('label', 'text')
    .addColumn('dateline', 'text')
    .addColumn('feature_image_url', 'text')
    .addColumn('feature_image_alt', 'text')
    .addColumn('feature_image_caption', 'text')
    .addColumn('feature_image_credit', 'text')
    .addColumn('feature_image_width', 'integer')
    .addColumn('feature_image_height', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // Listings read "newest published first", overall and per section; id breaks ties.
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at', 'id']).execute()
  await db.schema
    .createIndex('articles_section_published_idx')
    .on('articles')
    .columns(['section_id', 'status', 'published_at', 'id'])
    .execute()

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute()
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').columns(['author_id', 'article_id']).execute()

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute()
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').columns(['tag_id', 'article_id']).execute()

  await db.schema
    .createTable('sources')
    .addColumn('id', ...idColumn(dialect))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['reported-by', 'quoted', 'document'])))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('sources_article_idx').on('sources').columns(['article_id', 'position']).execute()

  await db.schema
    .createTable('site_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('article_views')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_views_pk', ['article_id', 'hour'])
    .execute()
  await db.schema.createIndex('article_views_hour_idx').on('article_views').columns(['hour', 'article_id']).execute()
}
