import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { MediaRow } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../../errors.ts'
import { sniffImageType } from './sniff.ts'
import { contentTypeOf, type MediaStorage } from './storage/storage.ts'
import type { WorkQueue } from './queue.ts'
import { checkImage, renderVariants, type MediaVariant } from './variants.ts'
import { nowTimestamp, parseInput } from '../shared/index.ts'


export type Media = Omit<MediaRow, 'variants'> & { variants: MediaVariant[] }

export type UploadLimits = {
  storage: MediaStorage
  maxBytes: number
  /** Width × height an upload may have (MAX_IMAGE_PIXELS); default 40 megapixels. */
  maxPixels?: number
  /** Where decoding and encoding wait their turn (the server's one queue); none: at once. */
  queue?: WorkQueue
}

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

/**
 * Checks, processes and stores an uploaded image: the row appears only once every file is in place, and
 * a failure leaves neither files nor row. The database backend writes the files in the transaction that
 * inserts the row; files elsewhere are put first and removed again when the insert fails. A caller's own
 * transaction that rolls back afterwards leaves unreferenced files outside the database (unreachable
 * from any page: their key is random).
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
  // The header check is cheap and needs no turn; the pixels wait for one.
  const checked = await checkImage(bytes, type, limits.maxPixels)
  const image = limits.queue ? await limits.queue.run(() => renderVariants(checked)) : await renderVariants(checked)

  const createdAt = nowTimestamp()
  const storageKey = `${createdAt.slice(0, 4)}/${createdAt.slice(5, 7)}/${randomBytes(16).toString('hex')}`
  const files = image.variants.map((variant) => ({ name: variant.file, bytes: variant.data, contentType: contentTypeOf(variant.file) }))
  const variants = image.variants.map(({ data: _data, ...variant }) => variant)
  const { storage } = limits
  const insertRow = async (handle: Db) => {
    const row = await handle
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
  }
  try {
    if (storage.kind === 'database') {
      return await inTransaction(db, async (trx) => {
        await storage.put(storageKey, files, trx)
        return insertRow(trx)
      })
    }
    // Files outside the database are written before any transaction opens: on SQLite an open
    // transaction holds the only connection, and pages would wait for the disk or the bucket.
    await storage.put(storageKey, files)
    return await insertRow(db)
  } catch (error) {
    // Files outside the database outlive a failed insert; the database backend's rows went with the
    // rollback (or, inside a caller's transaction that is still open, go now).
    await storage.delete(storageKey, db).catch(() => {})
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
 * Removes the row, then the files: if removing the files fails, what is left is unreferenced files,
 * never a library entry whose images are gone. The database backend deletes its rows through `db`, so
 * a caller's transaction covers both.
 */
export async function deleteMedia(db: Db, id: number, storage: MediaStorage): Promise<void> {
  const row = await db.deleteFrom('media').where('id', '=', id).returning('storage_key').executeTakeFirst()
  if (!row) throw new NotFoundError('There is no image with this id in the media library.')
  await storage.delete(row.storage_key, db)
}

function toMedia(row: MediaRow): Media {
  return { ...row, variants: variantList.parse(JSON.parse(row.variants)) }
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
