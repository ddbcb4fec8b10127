import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { SourceKind } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceArticleChange } from '../changes/index.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts'
import { countWords, excerpt, htmlToText, maxBodyHtmlLength, sanitizeArticleHtml, storedExcerptLength } from '../shared/index.ts'
import { firstFreeSlug, isSlug, slugify } from '../shared/index.ts'
import { nowTimestamp, toTimestamp } from '../shared/index.ts'
import { idField, parseInput, siteAddressField } from '../shared/index.ts'

export const sourceKinds = ['reported-by', 'quoted', 'document'] as const satisfies readonly SourceKind[]

const articleInput = z.object({
  headline: z.string().trim().min(1).max(300),
  dek: z.string().trim().max(600).nullish(),
  slug: z.string().trim().max(120).optional(),
  bodyHtml: z.string().max(maxBodyHtmlLength),
  sectionId: idField.nullish(),
  label: z.string().trim().max(40).nullish(),
  dateline: z.string().trim().max(120).nullish(),
  featureImage: z
    .object({
      url: siteAddressField,
      alt: z.string().trim().max(500).nullish(),
      caption: z.string().trim().max(1000).nullish(),
      credit: z.string().trim().max(200).nullish(),
      width: z.number().int().positive().nullish(),
      height: z.number().int().positive().nullish(),
    })
    .nullish(),
  authorIds: z.array(idField).max(20).default([]),
  tagIds: z.array(idField).max(50).default([]),
  sources: z
    .array(z.object({ name: z.string().trim().min(1).max(300), url: siteAddressField.nullish(), kind: z.enum(sourceKinds) }))
    .max(100)
    .default([]),
  publishedAt: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
})
export type ArticleInput = z.input<typeof articleInput>

/**
 * Creates an article with its authors, tags and sources in one transaction: a failure anywhere leaves
 * nothing behind. The body is sanitized here, so every reader of the table gets safe HTML.
 */
export async function createArticle(db: Db, input: ArticleInput): Promise<{ id: number; slug: string }> {
  const data = parseInput(articleInput, input, 'article')
  const bodyHtml = sanitizeArticleHtml(data.bodyHtml)
  const bodyText = htmlToText(bodyHtml)
  const now = nowTimestamp()
  return inTransaction(db, async (trx) => {
    const slug = await claimSlug(trx, data.slug, data.headline)
    const image = data.featureImage
    const { id } = await trx
      .insertInto('articles')
      .values({
        slug,
        headline: data.headline,
        dek: data.dek || null,
        body_html: bodyHtml,
        // Search indexes this text (the database derives the index from it in the same statement).
        body_text: bodyText,
        excerpt: excerpt(bodyText, storedExcerptLength),
        word_count: countWords(bodyText),
        status: 'draft',
        section_id: data.sectionId ?? null,
        label: data.label || null,
        dateline: data.dateline || null,
        feature_image_url: image?.url ?? null,
        feature_image_alt: image?.alt || null,
        feature_image_caption: image?.caption || null,
        feature_image_credit: image?.credit || null,
        feature_image_width: image?.width ?? null,
        feature_image_height: image?.height ?? null,
        published_at: data.publishedAt ? toTimestamp(new Date(data.publishedAt)) : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (data.authorIds.length) {
      await trx
        .insertInto('article_authors')
        .values(unique(data.authorIds).map((authorId, position) => ({ article_id: id, author_id: authorId, position })))
        .execute()
    }
    if (data.tagIds.length) {
      await trx
        .insertInto('article_tags')
        .values(unique(data.tagIds).map((tagId, position) => ({ article_id: id, tag_id: tagId, position })))
        .execute()
    }
    if (data.sources.length) {
      await trx
        .insertInto('sources')
        .values(data.sources.map((s, position) => ({ article_id: id, name: s.name, url: s.url || null, kind: s.kind, position })))
        .execute()
    }
    return { id, slug }
  })
}

/**
 * Makes an article public. The first publication time is kept on republish, so feeds and sitemaps do
 * not present an old story as new; an explicit publishedAt set at creation is honoured.
 */
export async function publishArticle(db: Db, id: number, at: Date = new Date()): Promise<void> {
  const now = toTimestamp(at)
  await inTransaction(db, (trx) =>
    announceArticleChange(trx, id, async () => {
      const result = await trx
        .updateTable('articles')
        .set((eb) => ({ status: 'published', published_at: eb.fn.coalesce('published_at', eb.val(now)), updated_at: now }))
        .where('id', '=', id)
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) throw new NotFoundError('There is no such article.')
    }),
  )
}

export async function unpublishArticle(db: Db, id: number, at: Date = new Date()): Promise<void> {
  await inTransaction(db, (trx) =>
    announceArticleChange(trx, id, async () => {
      const result = await trx.updateTable('articles').set({ status: 'unpublished', updated_at: toTimestamp(at) }).where('id', '=', id).executeTakeFirst()
      if (result.numUpdatedRows === 0n) throw new NotFoundError('There is no such article.')
    }),
  )
}

/**
 * An explicit slug must be free; a derived one gets a numeric suffix until it is
 * ("budget-vote", "budget-vote-2", …).
 */
async function claimSlug(db: Db, requested: string | undefined, headline: string): Promise<string> {
  if (requested) {
    const slug = requested.toLowerCase()
    if (!isSlug(slug)) throw new ValidationError(`"${requested}" is not a valid slug: use lowercase letters, digits and hyphens.`)
    if (await slugTaken(db, slug)) throw new ConflictError(`Another article already uses the slug "${slug}".`)
    return slug
  }
  const base = slugify(headline) || 'article'
  return firstFreeSlug(base, (slug) => slugTaken(db, slug))
}

async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst()
  return row !== undefined
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}
