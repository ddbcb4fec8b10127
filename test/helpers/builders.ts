import sharp from 'sharp'
import { systemActor } from '../../src/content/accounts/index.ts'
import { createDraft, setFeatureImageAddress, transitionArticle } from '../../src/content/articles/index.ts'
import { ensureAuthor, ensureSection, ensureTag } from '../../src/content/taxonomy/index.ts'
import { storeImageUpload, type Media, type MediaStorage, localMediaStorage } from '../../src/content/media/index.ts'
import type { Db } from '../../src/db/connection.ts'
import type { SourceKind } from '../../src/db/schema.ts'

let sequence = 0

export type BuildArticleOptions = {
  headline?: string
  dek?: string | null
  slug?: string
  bodyHtml?: string
  sectionId?: number | null
  label?: string | null
  dateline?: string | null
  /** An image by address (not a library upload), as an importer would set it. */
  featureImage?: { url: string; alt?: string | null; caption?: string | null; credit?: string | null; width?: number | null; height?: number | null } | null
  authorIds?: number[]
  tagIds?: number[]
  sources?: { name: string; url?: string | null; kind: SourceKind }[]
  /** The first publication time, when it is not now (ignored for drafts). */
  publishedAt?: string | Date
  section?: string
  author?: string
  tags?: string[]
  /** A media library image (see buildImage) as the feature image, as the editor would set it. */
  featureMedia?: Media
  /** Leave as a draft instead of publishing. */
  draft?: boolean
}

/**
 * A published article with sensible defaults; pass only what the test is about. Written through the
 * domain, as the newsroom writes (createDraft, then the publish transition) by the system actor.
 */
export async function buildArticle(db: Db, options: BuildArticleOptions = {}) {
  const n = ++sequence
  const { section, author, tags, draft, featureMedia, featureImage, publishedAt, sources, ...input } = options
  const sectionRow = await ensureSection(db, { name: section ?? 'World' })
  const authorRow = await ensureAuthor(db, { name: author ?? 'Ada Reporter' })
  const tagRows = await Promise.all((tags ?? []).map((name) => ensureTag(db, { name })))
  const created = await createDraft(db, systemActor, {
    headline: input.headline ?? `Test story number ${n} about the harbour`,
    bodyHtml: input.bodyHtml ?? `<p>Body of test story ${n}. The harbour reopened on Tuesday.</p>`,
    dek: input.dek ?? '',
    slug: input.slug ?? '',
    label: input.label ?? '',
    dateline: input.dateline ?? '',
    sectionId: input.sectionId === undefined ? sectionRow.id : input.sectionId,
    authorIds: input.authorIds ?? [authorRow.id],
    tagIds: input.tagIds ?? tagRows.map((t) => t.id),
    sources: (sources ?? []).map((s) => ({ name: s.name, url: s.url ?? '', kind: s.kind })),
    featureMediaId: featureMedia?.id ?? null,
    featureImageAlt: featureImage?.alt ?? featureMedia?.alt ?? '',
    featureImageCaption: featureImage?.caption ?? '',
    featureImageCredit: featureImage?.credit ?? '',
  })
  if (featureImage) await setFeatureImageAddress(db, systemActor, created.id, { url: featureImage.url, width: featureImage.width ?? null, height: featureImage.height ?? null })
  if (!draft) await publishStory(db, created.id, undefined, publishedAt === undefined ? undefined : new Date(publishedAt))
  return { id: created.id, slug: created.slug }
}

/** Publishes (or republishes) a story as of `at`, through the workflow like the newsroom's button. */
export async function publishStory(db: Db, id: number, at?: Date, publishedAt?: Date): Promise<void> {
  await transitionArticle(db, systemActor, id, 'publish', { at, publishedAt })
}

/** Takes a published story down as of `at`, through the workflow. */
export async function unpublishStory(db: Db, id: number, at?: Date): Promise<void> {
  await transitionArticle(db, systemActor, id, 'unpublish', { at })
}

export type BuildImageOptions = {
  width?: number
  height?: number
  /** Sky colour of the drawing; each call varies it when not given. */
  color?: string
  alt?: string
  caption?: string
  credit?: string
}

const palette = ['#2a6f97', '#7a4e2d', '#386641', '#6d597a', '#b56576', '#355070']

/**
 * An image in the media library, stored as an upload would be (WebP widths plus a JPEG fallback) in
 * `media`: a storage backend, or a folder for local storage (`<dataDir>/media` for a test server). The picture is drawn, not a flat colour,
 * so its files weigh what a photo's would roughly.
 */
export async function buildImage(db: Db, media: string | MediaStorage, options: BuildImageOptions = {}): Promise<Media> {
  const n = ++sequence
  const { width = 1600, height = 900 } = options
  const sky = options.color ?? (palette[n % palette.length] as string)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#f1e3c8"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${(width * (0.2 + (n % 5) * 0.15)).toFixed(0)}" cy="${(height * 0.3).toFixed(0)}" r="${(height * 0.12).toFixed(0)}" fill="#fbe7a1" opacity="0.85"/>
    <path d="M0 ${height * 0.7} Q${width * 0.3} ${height * 0.55} ${width * 0.6} ${height * 0.68} T${width} ${height * 0.62} V${height} H0 Z" fill="#1f2a2e"/>
  </svg>`
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
  return storeImageUpload(
    db,
    { bytes, originalName: `photo-${n}.jpg`, uploadedBy: null, alt: options.alt ?? `Test photo ${n}: hills under a ${sky} sky`, caption: options.caption ?? null, credit: options.credit ?? null },
    { storage: typeof media === 'string' ? localMediaStorage(media) : media, maxBytes: 20 * 1024 * 1024 },
  )
}
