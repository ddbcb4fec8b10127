import type { Db } from '../db/connection.ts'
import { ForbiddenError } from '../errors.ts'
import { smallestImageSource } from './media-sources.ts'
import { deleteMedia, getMedia, imageSources, listMedia, storeImageUpload, updateMediaText, type ImageUpload, type Media, type MediaTextInput, type UploadLimits } from './media.ts'
import { canDeleteMedia, canUploadMedia, type Actor } from './policies.ts'

/** The newest library images, as choices for an article's feature image. */
export async function listMediaOptions(db: Db, limit = 100): Promise<{ id: number; name: string; thumb: string }[]> {
  const { items } = await listMedia(db, { page: 1, pageSize: limit })
  return items.map((m) => ({ id: m.id, name: m.alt ? `${m.original_name} — ${m.alt}` : m.original_name, thumb: imageSources(m).src }))
}

export async function uploadMedia(db: Db, actor: Actor, upload: Omit<ImageUpload, 'uploadedBy'>, limits: UploadLimits): Promise<Media> {
  if (!canUploadMedia(actor)) throw new ForbiddenError('You cannot upload media.')
  return storeImageUpload(db, { ...upload, uploadedBy: actor.id }, limits)
}

export async function describeMedia(db: Db, actor: Actor, id: number, input: MediaTextInput): Promise<Media> {
  const media = await getMedia(db, id)
  if (!canDeleteMedia(actor, media.uploaded_by)) throw new ForbiddenError('You can only describe images you uploaded.')
  return updateMediaText(db, id, input)
}

export async function removeMedia(db: Db, actor: Actor, id: number, storage: { mediaDir: string }): Promise<void> {
  const media = await getMedia(db, id)
  if (!canDeleteMedia(actor, media.uploaded_by)) throw new ForbiddenError('You can only delete images you uploaded.')
  await deleteMedia(db, id, storage)
}

/** The address of a library image's smallest rendition: what an author photo needs. */
export async function libraryThumbnailUrl(db: Db, id: number): Promise<string> {
  return smallestImageSource(await getMedia(db, id))
}
