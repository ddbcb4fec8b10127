import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { ArticleStatus, SourceKind } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceArticleChange } from '../changes/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import { requireArticleReferences } from './references.ts'
import { countWords, excerpt, htmlToText, maxBodyHtmlLength, sanitizeArticleHtml, storedExcerptLength, firstFreeSlug, isSlug, slugify, nowTimestamp, idField, parseInput, siteAddressField, webAddressField } from '../shared/index.ts'
import { getMedia, imageSources } from '../media/index.ts'
import { recordedUserId, canCreateArticle, canEditArticle, canReadArticle, canSaveArticle, canSetFeatured, type Actor, type ArticleAccess } from '../accounts/index.ts'
import { enqueueArticleEvent } from '../webhooks/index.ts'

/** Where a story's information comes from (its Sources box). */
export const sourceKinds = ['reported-by', 'quoted', 'document'] as const satisfies readonly SourceKind[]

/** Every field an editor changes; a revision stores exactly this (see parseArticleDraft). */
export const articleDraftSchema = z.object({
  headline: z.string().trim().max(300),
  dek: z.string().trim().max(600).default(''),
  slug: z.string().trim().toLowerCase().max(120).default(''),
  bodyHtml: z.string().max(maxBodyHtmlLength, `must be at most ${maxBodyHtmlLength} characters`).default(''),
  sectionId: idField.nullable().default(null),
  label: z.string().trim().max(40).default(''),
  dateline: z.string().trim().max(120).default(''),
  featureMediaId: idField.nullable().default(null),
  featureImageAlt: z.string().trim().max(500).default(''),
  featureImageCaption: z.string().trim().max(1000).default(''),
  featureImageCredit: z.string().trim().max(200).default(''),
  authorIds: z.array(idField).max(20).default([]),
  tagIds: z.array(idField).max(50).default([]),
  sources: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(300),
        url: webAddressField.default(''),
        kind: z.enum(sourceKinds),
      }),
    )
    .max(100)
    .default([]),
  seoTitle: z.string().trim().max(200).default(''),
  seoDescription: z.string().trim().max(400).default(''),
  /** Left out (autosave clients, revisions from before the flag) means unchanged. */
  featured: z.boolean().optional(),
})
export type ArticleDraft = z.output<typeof articleDraftSchema>
export type ArticleDraftInput = z.input<typeof articleDraftSchema>

/**
 * Validates a draft and sanitizes its body, so everything built from it (the story row, revisions,
 * autosaves, webhook payloads, the edit-conflict page) holds only allowed markup.
 */
export function parseArticleDraft(input: unknown): ArticleDraft {
  const draft = parseInput(articleDraftSchema, input, 'article')
  return { ...draft, bodyHtml: sanitizeArticleHtml(draft.bodyHtml) }
}

export type EditableArticle = ArticleDraft & {
  id: number
  status: ArticleStatus
  version: number
  createdBy: number | null
  publishedAt: string | null
  scheduledAt: string | null
  updatedAt: string
  featureImageUrl: string | null
}

/** A save that started from an older version: carries what is stored now, so both can be shown. */
export class EditConflictError extends ConflictError {
  readonly current: EditableArticle
  constructor(current: EditableArticle) {
    super(`Someone saved this article (version ${current.version}) after you opened it. Nothing was overwritten: compare both versions and save again.`)
    this.current = current
  }
}

export function accessOf(article: Pick<EditableArticle, 'status' | 'createdBy' | 'authorIds'>): ArticleAccess {
  return { status: article.status, createdBy: article.createdBy, authorIds: article.authorIds }
}

/**
 * The story as this actor may see it: one they may not read answers exactly like a missing one (404),
 * so the newsroom and the Admin API do not reveal that it exists.
 */
export async function loadArticleFor(db: Db, actor: Actor, id: number): Promise<EditableArticle> {
  const article = await loadEditableArticle(db, id)
  if (!canReadArticle(actor, accessOf(article))) throw new NotFoundError('There is no such article.')
  return article
}

/** The stored story, whoever asks: for the domain's own use; callers acting for someone use loadArticleFor. */
export async function loadEditableArticle(db: Db, id: number): Promise<EditableArticle> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no such article.')
  const [authors, tags, sources] = await Promise.all([
    db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('sources').select(['name', 'url', 'kind']).where('article_id', '=', id).orderBy('position').execute(),
  ])
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    createdBy: row.created_by,
    publishedAt: row.published_at,
    scheduledAt: row.scheduled_at,
    updatedAt: row.updated_at,
    featureImageUrl: row.feature_image_url,
    headline: row.headline,
    dek: row.dek ?? '',
    slug: row.slug,
    bodyHtml: row.body_html,
    sectionId: row.section_id,
    label: row.label ?? '',
    dateline: row.dateline ?? '',
    featureMediaId: row.feature_media_id,
    featureImageAlt: row.feature_image_alt ?? '',
    featureImageCaption: row.feature_image_caption ?? '',
    featureImageCredit: row.feature_image_credit ?? '',
    authorIds: authors.map((a) => a.author_id),
    tagIds: tags.map((t) => t.tag_id),
    sources: sources.map((s) => ({ name: s.name, url: s.url ?? '', kind: s.kind })),
    seoTitle: row.seo_title ?? '',
    seoDescription: row.seo_description ?? '',
    featured: row.featured === 1,
  }
}

/** A new draft owned by the actor, bylined to them unless other authors are given. */
export async function createDraft(db: Db, actor: Actor, input: ArticleDraftInput): Promise<EditableArticle> {
  if (!canCreateArticle(actor)) throw new ForbiddenError('You cannot write articles.')
  const draft = parseArticleDraft(input)
  if (draft.featured && !canSetFeatured(actor)) throw new ForbiddenError(featuredRefusal)
  if (!draft.headline) throw new ValidationError('Invalid article.', ['headline: give the story a working headline'])
  if (draft.slug && !isSlug(draft.slug)) throw new ValidationError('Invalid article.', ['slug: use lowercase letters, digits and single hyphens'])
  const id = await inTransaction(db, async (trx) => {
    await requireArticleReferences(trx, draft)
    const now = nowTimestamp()
    const slug = await availableSlug(trx, draft.slug || slugify(draft.headline) || 'article', null)
    const { id } = await trx
      .insertInto('articles')
      .values({ ...articleColumns(draft), ...(await featureImageColumns(trx, draft.featureMediaId)), slug, status: 'draft', created_by: recordedUserId(actor), created_at: now, updated_at: now, published_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const authorIds = draft.authorIds.length ? draft.authorIds : actor.authorId ? [actor.authorId] : []
    await replaceRelations(trx, id, { ...draft, authorIds })
    await recordRevision(trx, id, 1, recordedUserId(actor), { ...draft, slug, authorIds })
    await trx.insertInto('article_transitions').values({ article_id: id, from_status: null, to_status: 'draft', user_id: recordedUserId(actor), at: now, note: null }).execute()
    return id
  })
  return loadEditableArticle(db, id)
}

/**
 * Saves an edit made from `expectedVersion`. A newer stored version means someone else saved in the
 * meantime: nothing is written and EditConflictError carries their version. A manual save records a
 * revision; autosaves do not, so revisions stay a readable history.
 */
export async function saveArticle(
  db: Db,
  actor: Actor,
  id: number,
  input: ArticleDraftInput,
  { expectedVersion, autosave = false }: { expectedVersion: number; autosave?: boolean },
): Promise<EditableArticle> {
  const draft = parseArticleDraft(input)
  if (!draft.headline) throw new ValidationError('Invalid article.', ['headline: a story needs a headline'])
  await inTransaction(db, (trx) => announceArticleChange(trx, id, async () => {
    const current = await loadArticleFor(trx, actor, id)
    await requireArticleReferences(trx, draft)
    if (!canEditArticle(actor, accessOf(current))) throw new ForbiddenError('You cannot edit this article.')
    if (!canSaveArticle(actor, accessOf(current), draft)) throw new ForbiddenError('Keep your own byline: without it you could no longer edit or publish this story.')
    // Sending the stored value back (as the Admin API and older clients do) is no change, so no refusal.
    if (draft.featured !== undefined && draft.featured !== current.featured && !canSetFeatured(actor)) throw new ForbiddenError(featuredRefusal)
    if (current.version !== expectedVersion) throw new EditConflictError(current)
    const slug = draft.slug || current.slug
    if (slug !== current.slug) {
      if (!isSlug(slug)) throw new ValidationError('Invalid article.', ['slug: use lowercase letters, digits and single hyphens'])
      await availableSlug(trx, slug, id, true)
      await trx.deleteFrom('slug_redirects').where('old_slug', '=', slug).execute()
      await trx
        .insertInto('slug_redirects')
        .values({ old_slug: current.slug, article_id: id, created_at: nowTimestamp() })
        .onConflict((oc) => oc.column('old_slug').doUpdateSet({ article_id: id }))
        .execute()
    }
    const version = current.version + 1
    // The version check is repeated in the update itself, so two concurrent saves cannot both win.
    const result = await trx
      .updateTable('articles')
      .set({ ...articleColumns(draft), ...(await featureImageColumns(trx, draft.featureMediaId)), slug, version, updated_at: nowTimestamp() })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new EditConflictError(await loadEditableArticle(trx, id))
    await replaceRelations(trx, id, draft)
    if (!autosave) await recordRevision(trx, id, version, recordedUserId(actor), { ...draft, slug })
    // A change readers can see is announced to webhooks, in this transaction (outbox).
    if (current.status === 'published') await enqueueArticleEvent(trx, 'article.updated', id)
  }))
  return loadEditableArticle(db, id)
}

const featuredRefusal = 'Only editors can feature a story.'

/** The library image's main file, kept on the article row so feeds and sitemaps need no join. */
async function featureImageColumns(db: Db, mediaId: number | null) {
  if (!mediaId) return { feature_media_id: null, feature_image_url: null, feature_image_width: null, feature_image_height: null }
  const media = await getMedia(db, mediaId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new ValidationError('Invalid article.', ['featureMediaId: that image is no longer in the media library'])
    throw error
  })
  const sources = imageSources(media)
  return { feature_media_id: media.id, feature_image_url: sources.src, feature_image_width: sources.width, feature_image_height: sources.height }
}

/** Columns of a draft that parseArticleDraft made: its body is sanitized already. */
function articleColumns(draft: ArticleDraft) {
  const bodyHtml = draft.bodyHtml
  const bodyText = htmlToText(bodyHtml)
  return {
    headline: draft.headline,
    dek: draft.dek || null,
    body_html: bodyHtml,
    // Search indexes this text (the database derives the index from it in the same statement).
    body_text: bodyText,
    excerpt: excerpt(bodyText, storedExcerptLength),
    word_count: countWords(bodyText),
    section_id: draft.sectionId,
    label: draft.label || null,
    dateline: draft.dateline || null,
    feature_image_alt: draft.featureImageAlt || null,
    feature_image_caption: draft.featureImageCaption || null,
    feature_image_credit: draft.featureImageCredit || null,
    seo_title: draft.seoTitle || null,
    seo_description: draft.seoDescription || null,
    ...(draft.featured === undefined ? {} : { featured: draft.featured ? 1 : 0 }),
  }
}

async function replaceRelations(db: Db, id: number, draft: Pick<ArticleDraft, 'authorIds' | 'tagIds' | 'sources'>) {
  await db.deleteFrom('article_authors').where('article_id', '=', id).execute()
  await db.deleteFrom('article_tags').where('article_id', '=', id).execute()
  await db.deleteFrom('sources').where('article_id', '=', id).execute()
  const authorIds = [...new Set(draft.authorIds)]
  const tagIds = [...new Set(draft.tagIds)]
  if (authorIds.length) await db.insertInto('article_authors').values(authorIds.map((author_id, position) => ({ article_id: id, author_id, position }))).execute()
  if (tagIds.length) await db.insertInto('article_tags').values(tagIds.map((tag_id, position) => ({ article_id: id, tag_id, position }))).execute()
  if (draft.sources.length) {
    await db
      .insertInto('sources')
      .values(draft.sources.map((s, position) => ({ article_id: id, name: s.name, url: s.url || null, kind: s.kind, position })))
      .execute()
  }
}

export async function recordRevision(db: Db, articleId: number, version: number, userId: number | null, draft: ArticleDraft): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({ article_id: articleId, version, user_id: userId, created_at: nowTimestamp(), snapshot: JSON.stringify(draft) })
    .execute()
}

/** A derived slug gets a numeric suffix until it is free; an explicit one must be free as given. */
async function availableSlug(db: Db, base: string, articleId: number | null, explicit = false): Promise<string> {
  return firstFreeSlug(base, async (candidate) => {
    const article = await db.selectFrom('articles').select('id').where('slug', '=', candidate).executeTakeFirst()
    const redirect = await db.selectFrom('slug_redirects').select('article_id').where('old_slug', '=', candidate).executeTakeFirst()
    const taken = (article !== undefined && article.id !== articleId) || (redirect !== undefined && redirect.article_id !== articleId)
    if (taken && explicit) throw new ConflictError(`The slug "${candidate}" is already used by another article.`)
    return taken
  })
}

export type ImageAddress = { url: string; width: number | null; height: number | null }

/**
 * A feature image that is not a media library upload: the demo's drawn illustration, or an importer's
 * already-hosted picture. Alt text, caption and credit stay draft fields (saveArticle); a later save
 * that names no library image clears it, as it clears a library one. Checked like an edit.
 */
export async function setFeatureImageAddress(db: Db, actor: Actor, id: number, image: ImageAddress): Promise<void> {
  const url = parseInput(siteAddressField, image.url, 'feature image')
  await inTransaction(db, (trx) => announceArticleChange(trx, id, async () => {
    const current = await loadArticleFor(trx, actor, id)
    if (!canEditArticle(actor, accessOf(current))) throw new ForbiddenError('You cannot edit this article.')
    await trx
      .updateTable('articles')
      .set({ feature_media_id: null, feature_image_url: url, feature_image_width: image.width, feature_image_height: image.height })
      .where('id', '=', id)
      .execute()
  }))
}
