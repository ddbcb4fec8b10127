import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import type { Db } from '../db/connection.ts'
import type { MediaRow } from '../db/schema.ts'
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.ts'
import { sniffImageType } from './media-sniff.ts'
import { renderVariants, type MediaVariant, type RenderedImage } from './media-variants.ts'
import { nowTimestamp } from './time.ts'
import { parseInput } from './validation.ts'

export { sniffImageType, type ImageType } from './media-sniff.ts'
export { imageSources, type ImageSources } from './media-sources.ts'
export type { MediaVariant, VariantFormat } from './media-variants.ts'

export type Media = Omit<MediaRow, 'variants'> & { variants: MediaVariant[] }

export type MediaStorage = { mediaDir: string }
export type UploadLimits = MediaStorage & { maxBytes: number }

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value === '' ? null : value))

const mediaText = z.object({
  alt: optionalText(500),
  caption: optionalText(1000),
  credit: optionalText(200),
})
export type MediaTextInput = z.input<typeof mediaText>

const uploadInput = mediaText.extend({
  originalName: z.string().max(1000).transform(cleanFileName),
  uploadedBy: z.number().int().positive().nullable(),
})
export type ImageUpload = z.input<typeof uploadInput> & { bytes: Uint8Array }

const variantList = z.array(
  z.object({
    file: z.string(),
    width: z.number(),
    height: z.number(),
    format: z.enum(['webp', 'jpeg', 'png']),
    bytes: z.number(),
  }),
)

/** Only keys this module made are ever turned into a path that gets deleted. */
const storageKeyPattern = /^\d{4}\/\d{2}\/[0-9a-f]{32}$/

/**
 * Checks, processes and stores an uploaded image: the row appears only once every file is in place, and
 * a failure leaves neither files nor row. Files are written outside the caller's transaction, so a
 * caller that rolls back afterwards leaves an unreferenced folder (unreachable: its name is random).
 */
export async function storeImageUpload(db: Db, upload: ImageUpload, limits: UploadLimits): Promise<Media> {
  const { bytes, ...text } = upload
  if (!(bytes instanceof Uint8Array)) throw new ValidationError('No file was uploaded.')
  if (bytes.length > limits.maxBytes) {
    throw new PayloadTooLargeError(`This image is larger than the ${formatMegabytes(limits.maxBytes)} MB limit.`)
  }
  const data = parseInput(uploadInput, text, 'upload')
  const type = sniffImageType(bytes)
  if (!type) throw new ValidationError('This file is not a supported image (JPEG, PNG, WebP, AVIF or GIF).')
  const image = await renderVariants(bytes, type)

  const createdAt = nowTimestamp()
  const storageKey = `${createdAt.slice(0, 4)}/${createdAt.slice(5, 7)}/${randomBytes(16).toString('hex')}`
  const folder = join(limits.mediaDir, storageKey)
  await writeFolder(limits.mediaDir, folder, image)
  const variants = image.variants.map(({ data: _data, ...variant }) => variant)
  try {
    const row = await db
      .insertInto('media')
      .values({
        storage_key: storageKey,
        original_name: data.originalName,
        mime_type: type,
        width: image.width,
        height: image.height,
        bytes: bytes.length,
        alt: data.alt ?? null,
        caption: data.caption ?? null,
        credit: data.credit ?? null,
        variants: JSON.stringify(variants),
        uploaded_by: data.uploadedBy,
        created_at: createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toMedia(row)
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    throw error
  }
}

export async function getMedia(db: Db, id: number): Promise<Media> {
  const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no image with this id in the media library.')
  return toMedia(row)
}

const pageRequest = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(100),
})

export type MediaPage = { items: Media[]; page: number; hasNext: boolean }

/** Newest uploads first. */
export async function listMedia(db: Db, request: { page: number; pageSize: number }): Promise<MediaPage> {
  const { page, pageSize } = parseInput(pageRequest, request, 'page')
  const rows = await db
    .selectFrom('media')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    // One extra row tells whether a next page exists without counting the library.
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  return { items: rows.slice(0, pageSize).map(toMedia), page, hasNext: rows.length > pageSize }
}

/** Sets the fields given; `null` or an empty string clears one, a missing field is left as it is. */
export async function updateMediaText(db: Db, id: number, input: MediaTextInput): Promise<Media> {
  const data = parseInput(mediaText, input, 'image text')
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined))
  if (Object.keys(changes).length === 0) return getMedia(db, id)
  const row = await db.updateTable('media').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
  if (!row) throw new NotFoundError('There is no image with this id in the media library.')
  return toMedia(row)
}

/**
 * Removes the row, then the files: if removing the files fails, what is left is an unreferenced folder,
 * never a library entry whose images are gone.
 */
export async function deleteMedia(db: Db, id: number, storage: MediaStorage): Promise<void> {
  const row = await db.deleteFrom('media').where('id', '=', id).returning('storage_key').executeTakeFirst()
  if (!row) throw new NotFoundError('There is no image with this id in the media library.')
  if (!storageKeyPattern.test(row.storage_key)) throw new Error(`Refusing to delete files for storage key ${row.storage_key}`)
  await rm(join(storage.mediaDir, row.storage_key), { recursive: true, force: true })
}

function toMedia(row: MediaRow): Media {
  return { ...row, variants: variantList.parse(JSON.parse(row.variants)) }
}

/**
 * Writes every file into a private temporary folder and renames it into place: the folder appears
 * whole or not at all. The temporary folder sits under the media root because a rename cannot cross
 * file systems.
 */
async function writeFolder(mediaDir: string, folder: string, image: RenderedImage): Promise<void> {
  const temp = join(mediaDir, '.uploading', randomBytes(16).toString('hex'))
  await mkdir(temp, { recursive: true })
  try {
    for (const variant of image.variants) {
      const file = await open(join(temp, variant.file), 'wx')
      try {
        await file.writeFile(variant.data)
        // Without this a power cut can leave the renamed folder holding empty files.
        await file.sync()
      } finally {
        await file.close()
      }
    }
    await mkdir(dirname(folder), { recursive: true })
    await rename(temp, folder)
  } catch (error) {
    await rm(temp, { recursive: true, force: true })
    throw error
  }
}

/** Browsers send a bare name, old ones a full client path; control characters have no place in either. */
function cleanFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return cleaned.slice(0, 255) || 'image'
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024)
  return megabytes >= 1 ? String(Number(megabytes.toFixed(1))) : String(Number(megabytes.toPrecision(2)))
}

/**
 * Removes upload folders a crash left half-written. Only old ones: another server sharing the media
 * folder may be writing a fresh one right now.
 */
export async function sweepAbandonedUploads(mediaDir: string, olderThanMs = 60 * 60 * 1000, now = Date.now()): Promise<string[]> {
  const uploading = join(mediaDir, '.uploading')
  let entries: string[]
  try {
    entries = await readdir(uploading)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const removed: string[] = []
  for (const entry of entries) {
    const path = join(uploading, entry)
    const info = await stat(path).catch(() => null)
    if (!info || now - info.mtimeMs < olderThanMs) continue
    await rm(path, { recursive: true, force: true })
    removed.push(entry)
  }
  return removed
}
