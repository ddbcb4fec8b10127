import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { ExpressionBuilder } from 'kysely'
import type { DB, TagRow } from '../../db/schema.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import { canManageTaxonomy, type Actor } from '../accounts/index.ts'
import { slugify, nowTimestamp, parseInput } from '../shared/index.ts'

export type Tag = Pick<TagRow, 'id' | 'slug' | 'name' | 'description'>
export type TagRef = Pick<TagRow, 'slug' | 'name'>

/** A condition on `tags`: at least one published story carries the tag. */
export function tagHasPublishedStory(eb: ExpressionBuilder<DB, 'tags'>) {
  return eb.exists(
    eb
      .selectFrom('article_tags')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select('article_tags.article_id')
      .whereRef('article_tags.tag_id', '=', 'tags.id')
      .where('articles.status', '=', 'published'),
  )
}

const tagColumns = ['id', 'slug', 'name', 'description'] as const

const tagInput = z.object({
  name: z.string().trim().min(1).max(80),
  slug: z.string().trim().max(120).optional(),
  description: z.string().trim().max(500).nullish(),
})
export type TagInput = z.input<typeof tagInput>

/** Tags that at least one published article carries, for the HTML sitemap and sitemap.xml. */
export function listTagsInUse(db: Db): Promise<Tag[]> {
  return db
    .selectFrom('tags')
    .select(tagColumns)
    .where(tagHasPublishedStory)
    .orderBy('name')
    .execute()
}

export async function getTagBySlug(db: Db, slug: string): Promise<Tag> {
  const tag = await db.selectFrom('tags').select(tagColumns).where('slug', '=', slug).executeTakeFirst()
  if (!tag) throw new NotFoundError('There is no tag at this address.')
  return tag
}

export async function createTag(db: Db, actor: Actor, input: TagInput): Promise<Tag> {
  if (!canManageTaxonomy(actor)) throw new ForbiddenError('Only editors can manage tags.')
  return ensureTag(db, input)
}

/** Creates the tag, or returns the one that already has this slug. */
export async function ensureTag(db: Db, input: TagInput): Promise<Tag> {
  const data = parseInput(tagInput, input, 'tag')
  const slug = slugify(data.slug || data.name)
  const existing = await db.selectFrom('tags').select(tagColumns).where('slug', '=', slug).executeTakeFirst()
  if (existing) return existing
  return db
    .insertInto('tags')
    .values({ slug, name: data.name, description: data.description ?? null, created_at: nowTimestamp() })
    .returning(tagColumns)
    .executeTakeFirstOrThrow()
}

export function listAllTags(db: Db): Promise<Tag[]> {
  return db.selectFrom('tags').select(tagColumns).orderBy('name').execute()
}
