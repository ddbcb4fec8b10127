import { z } from 'zod'
import { articleDraftSchema, articleStatuses, sourceKinds } from '../../content/articles/index.ts'
import { maxPage } from '../../http/query.ts'

/**
 * The Admin API's request and response shapes. The routes validate with these and the OpenAPI
 * document is generated from them, so the two cannot disagree. Field rules (lengths, formats) come
 * from the domain's `articleDraftSchema`; the API names fields in snake_case like its webhooks.
 */
const draft = articleDraftSchema.shape

/** Every editable field; absent means "leave as it is" on update and "empty" on create. */
const editableFields = {
  dek: draft.dek.unwrap().optional(),
  slug: draft.slug.unwrap().optional().describe('Lowercase letters, digits and hyphens; derived from the headline when empty.'),
  body_html: draft.bodyHtml.unwrap().optional().describe('HTML; sanitized with the same allow-list as the editor.'),
  section_id: draft.sectionId.unwrap().optional(),
  label: draft.label.unwrap().optional(),
  dateline: draft.dateline.unwrap().optional(),
  feature_media_id: draft.featureMediaId.unwrap().optional().describe('A media library image; null removes the feature image.'),
  feature_image_alt: draft.featureImageAlt.unwrap().optional(),
  feature_image_caption: draft.featureImageCaption.unwrap().optional(),
  feature_image_credit: draft.featureImageCredit.unwrap().optional(),
  author_ids: draft.authorIds.unwrap().optional().describe('Bylines in order; on create, the token owner when empty.'),
  tag_ids: draft.tagIds.unwrap().optional(),
  sources: draft.sources.unwrap().optional(),
  seo_title: draft.seoTitle.unwrap().optional(),
  seo_description: draft.seoDescription.unwrap().optional(),
  featured: draft.featured.describe('Featured stories are flagged as such by the Content API.'),
}

export const articleCreateSchema = z
  .strictObject({ headline: draft.headline.min(1, 'give the story a working headline'), ...editableFields })
  .describe('A new draft, owned by the token’s user.')

export const articleUpdateSchema = z
  .strictObject({
    version: z.int().positive().describe('The version the change was made from; a newer stored version answers 409.'),
    headline: draft.headline.min(1, 'a story needs a headline').optional(),
    ...editableFields,
  })
  .describe('Changes to an article: only the fields given change.')

export type ArticleCreateBody = z.output<typeof articleCreateSchema>
export type ArticleUpdateBody = z.output<typeof articleUpdateSchema>

export const articleListQuerySchema = z.object({
  status: z.enum(articleStatuses).optional(),
  page: z.coerce.number().int().min(1).max(maxPage).optional(),
})

const timestamp = z.iso.datetime().describe('ISO 8601, UTC')

export const articleSchema = z
  .object({
    id: z.int(),
    slug: z.string(),
    status: z.enum(articleStatuses),
    version: z.int().describe('Send it back with a change (optimistic locking).'),
    headline: z.string(),
    dek: z.string(),
    body_html: z.string(),
    section_id: z.int().nullable(),
    label: z.string(),
    dateline: z.string(),
    feature_media_id: z.int().nullable(),
    feature_image_url: z.string().nullable(),
    feature_image_alt: z.string(),
    feature_image_caption: z.string(),
    feature_image_credit: z.string(),
    author_ids: z.array(z.int()),
    tag_ids: z.array(z.int()),
    sources: z.array(z.object({ name: z.string(), url: z.string(), kind: z.enum(sourceKinds) })),
    seo_title: z.string(),
    seo_description: z.string(),
    featured: z.boolean(),
    created_by: z.int().nullable(),
    published_at: timestamp.nullable(),
    scheduled_at: timestamp.nullable(),
    updated_at: timestamp,
    url: z.url().nullable().describe('The public address while published, else null.'),
  })
  .describe('An article as the newsroom edits it.')
export type ArticleResource = z.output<typeof articleSchema>

export const articleSummarySchema = articleSchema.pick({ id: true, slug: true, status: true, version: true, headline: true, section_id: true, published_at: true, updated_at: true, url: true })
export type ArticleSummary = z.output<typeof articleSummarySchema>

export const articleListSchema = z.object({
  articles: z.array(articleSummarySchema),
  pagination: z.object({ page: z.int(), per_page: z.int(), total: z.int(), pages: z.int() }),
})

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable: invalid_request, unauthorized, forbidden, not_found, conflict, edit_conflict, payload_too_large.'),
    message: z.string(),
    details: z.array(z.string()).optional().describe('Every problem found, e.g. each invalid field or what a story lacks before publication.'),
  }),
})

export const editConflictSchema = errorSchema.extend({ article: articleSchema }).describe('The edit was made from an older version: nothing was saved; `article` is the version stored now.')
