import type { Db } from '../../db/connection.ts'
import { ConflictError, ForbiddenError } from '../../errors.ts'
import { announceChange, changeTags } from '../changes/index.ts'
import { smallestImageSource, imageSources } from './sources.ts'
import { deleteMedia, getMedia, listMedia, storeImageUpload, updateMediaText, type ImageUpload, type Media, type MediaTextInput, type UploadLimits } from './media.ts'
import type { MediaStorage } from './storage/storage.ts'
import { canDeleteMedia, canUploadMedia, type Actor } from '../accounts/index.ts'

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
  const updated = await updateMediaText(db, id, input)
  // Alt text, caption and credit show wherever the image is a story's feature image.
  announceChange(db, [changeTags.media(id)])
  return updated
}

export async function removeMedia(db: Db, actor: Actor, id: number, storage: MediaStorage): Promise<void> {
  const media = await getMedia(db, id)
  if (!canDeleteMedia(actor, media.uploaded_by)) throw new ForbiddenError('You can only delete images you uploaded.')
  const usage = await listMediaUsage(db, media)
  if (usage.length) throw new ConflictError(`This image is still in use, so deleting it would break ${usage.length === 1 ? 'a page' : 'pages'}: ${usage.join('; ')}.`)
  await deleteMedia(db, id, storage)
}

/**
 * Where an image is shown: as a story's feature image, inside a story's body, as an author photo or
 * as the site logo. The body and address checks look for the image's folder in the stored HTML/URLs.
 */
export async function listMediaUsage(db: Db, media: Pick<Media, 'id' | 'storage_key'>): Promise<string[]> {
  const folder = `/media/${media.storage_key}/`
  const [featured, inBodies, authors, logo] = await Promise.all([
    db.selectFrom('articles').select('headline').where('feature_media_id', '=', media.id).limit(5).execute(),
    db.selectFrom('articles').select('headline').where('body_html', 'like', `%${folder}%`).limit(5).execute(),
    db.selectFrom('authors').select('name').where('avatar_url', 'like', `${folder}%`).limit(5).execute(),
    db.selectFrom('site_settings').select('value').where('key', '=', 'logoUrl').executeTakeFirst(),
  ])
  return [
    ...featured.map((a) => `feature image of “${a.headline}”`),
    ...inBodies.map((a) => `in the text of “${a.headline}”`),
    ...authors.map((a) => `photo of ${a.name}`),
    ...(logo?.value.includes(folder) ? ['the site logo'] : []),
  ]
}

/** The address of a library image's smallest rendition: what an author photo needs. */
export async function libraryThumbnailUrl(db: Db, id: number): Promise<string> {
  return smallestImageSource(await getMedia(db, id))
}
