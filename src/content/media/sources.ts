import type { Media } from './media.ts'

export type ImageSources = {
  /** A fallback file for `<img src>`: the widest no wider than 1280 px, the article column at 2x. */
  src: string
  /** WebP files as `url 320w, …`, for `<source type="image/webp">`. */
  srcset: string
  /** The same widths in a format every browser decodes (JPEG or PNG), for `<img srcset>`. */
  fallbackSrcset: string
  /** Of the original as displayed: for `width`/`height` attributes, so the page does not jump on load. */
  width: number
  height: number
}

const preferredSrcWidth = 1280

/** Turns a library entry into the attributes of a `<picture>` or an `<img srcset sizes>`. */
export function imageSources(media: Pick<Media, 'storage_key' | 'variants' | 'width' | 'height'>, baseUrl = '/media'): ImageSources {
  const base = `${baseUrl.replace(/\/+$/, '')}/${media.storage_key}`
  const byWidth = [...media.variants].sort((a, b) => a.width - b.width)
  const webp = byWidth.filter((variant) => variant.format === 'webp')
  const fallback = byWidth.filter((variant) => variant.format !== 'webp')
  const srcset = (list: typeof byWidth) => list.map((variant) => `${base}/${variant.file} ${variant.width}w`).join(', ')
  const chosen = fallback.filter((variant) => variant.width <= preferredSrcWidth).at(-1) ?? fallback[0] ?? webp[0]
  return {
    src: chosen ? `${base}/${chosen.file}` : '',
    srcset: srcset(webp),
    fallbackSrcset: srcset(fallback),
    width: media.width,
    height: media.height,
  }
}

/** The smallest rendition, for thumbnails and author photos. */
export function smallestImageSource(media: Pick<Media, 'storage_key' | 'variants'>, baseUrl = '/media'): string {
  const smallest = [...media.variants].sort((a, b) => a.width - b.width || (a.format === 'webp' ? -1 : 1))[0]
  return smallest ? `${baseUrl.replace(/\/+$/, '')}/${media.storage_key}/${smallest.file}` : ''
}
