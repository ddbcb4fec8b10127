import sharp, { type Metadata, type Sharp } from 'sharp'
import { ValidationError } from '../../errors.ts'
import type { ImageType } from './sniff.ts'

export type VariantFormat = 'webp' | 'jpeg' | 'png'

export type MediaVariant = { file: string; width: number; height: number; format: VariantFormat; bytes: number }

export type RenderedImage = {
  /** Of the original after auto-orientation, i.e. as a reader sees it. */
  width: number
  height: number
  variants: (MediaVariant & { data: Buffer })[]
}

/** Widths for `srcset`: a phone at 1x up to a wide desktop column at 2x. */
export const variantWidths = [320, 640, 960, 1280, 1920] as const
const maxVariantWidth = 1920

/**
 * The default limit on an upload's pixels (MAX_IMAGE_PIXELS). Decoding costs memory and CPU by the
 * pixel, whatever the file weighs: a 10000×10000 image takes 1.5 s of a core and ~170 MB for six at
 * once, and a decompression bomb (a few KB of PNG that inflates to gigapixels) far more. 40 megapixels
 * holds most newsroom cameras' photos; 45–61 MP bodies need the limit raised.
 */
export const defaultMaxImagePixels = 40_000_000

const notAnImage = 'This file is not a supported image (JPEG, PNG, WebP, AVIF or GIF).'

/** What sharp calls each format in `metadata().format`; a mismatch means the magic bytes lied. */
const sharpFormat: Record<ImageType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'heif',
  'image/gif': 'gif',
}

/** The widths to generate for an image this wide: never wider than the original, the original's own width included. */
export function widthsFor(originalWidth: number): number[] {
  const top = Math.min(originalWidth, maxVariantWidth)
  return [...variantWidths.filter((width) => width < top), top]
}

/** An upload whose header was read and checked: what renderVariants decodes. */
export type CheckedImage = { input: Buffer; type: ImageType; metadata: Metadata; maxPixels: number }

/**
 * Reads the image's header only (no pixel is decoded), so a file of the wrong type or with more pixels
 * than `maxPixels` is refused before any real work. The header read itself has no pixel limit: sharp's
 * would make a large image look like a broken one.
 */
export async function checkImage(bytes: Uint8Array, type: ImageType, maxPixels = defaultMaxImagePixels): Promise<CheckedImage> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let metadata: Metadata
  try {
    metadata = await sharp(input, { failOn: 'truncated', limitInputPixels: false }).metadata()
  } catch (error) {
    throw new ValidationError(notAnImage, [], { cause: error })
  }
  if (metadata.format !== sharpFormat[type] || (type === 'image/avif' && metadata.compression !== 'av1')) {
    throw new ValidationError(notAnImage)
  }
  const pixels = metadata.width * metadata.height
  if (!(pixels <= maxPixels)) {
    throw new ValidationError(`This image is too large: ${metadata.width}×${metadata.height} pixels is ${formatMegapixels(pixels)}, and the limit is ${formatMegapixels(maxPixels)}.`, [
      `image: at most ${maxPixels} pixels (width × height)`,
    ])
  }
  return { input, type, metadata, maxPixels }
}

/**
 * Decodes the upload and renders every variant in memory, so an undecodable file fails before anything
 * touches the disk. Each width comes twice: WebP for `srcset`, and a fallback every browser decodes —
 * JPEG, or PNG for PNGs, GIFs and images with transparency. A GIF keeps only its first frame
 * (as PNG, which holds its palette colours losslessly): the library serves stills, and re-encoding
 * animations at five widths would cost far more than a newsroom gains.
 * Nothing of the original's metadata is copied: sharp drops EXIF (camera serial, GPS location), XMP
 * and IPTC unless asked to keep them, and converts colour to sRGB.
 */
export async function renderVariants(image: CheckedImage): Promise<RenderedImage> {
  const { input, type, metadata } = image
  // 'truncated' rather than sharp's default 'warning': cameras write files with harmless warnings,
  // but a cut-off upload must not be stored with a grey lower half. The pixel limit is checkImage's,
  // enforced again by sharp while decoding.
  const open = () => sharp(input, { failOn: 'truncated', limitInputPixels: image.maxPixels })
  const { width, height } = metadata.autoOrient
  const fallback = await fallbackFormat(type, metadata, open)

  const variants: RenderedImage['variants'] = []
  try {
    // One file at a time keeps memory to one decoded image; sharp shrinks JPEGs while decoding, so the
    // small widths cost little.
    for (const target of widthsFor(width)) {
      const resized = () => open().rotate().resize({ width: target, withoutEnlargement: true })
      variants.push(await encode(resized().webp({ quality: 80 }), target, 'webp'))
      const encoder = fallback === 'png' ? resized().png({ compressionLevel: 9 }) : resized().jpeg({ quality: 82, progressive: true, mozjpeg: true })
      variants.push(await encode(encoder, target, fallback))
    }
  } catch (error) {
    // The header read fine but the pixels did not: truncated or corrupt data.
    throw new ValidationError(notAnImage, [], { cause: error })
  }
  return { width, height, variants }
}

function formatMegapixels(pixels: number): string {
  const megapixels = Number((pixels / 1_000_000).toPrecision(3))
  return `${megapixels} megapixel${megapixels === 1 ? '' : 's'}`
}

/**
 * PNG keeps what JPEG would lose: a PNG or GIF's sharp edges and flat colours, and transparency. Many
 * encoders give WebP and AVIF an alpha channel that is fully opaque; those photos go to JPEG.
 */
async function fallbackFormat(type: ImageType, metadata: Metadata, open: () => Sharp): Promise<VariantFormat> {
  if (type === 'image/png' || type === 'image/gif') return 'png'
  if (type === 'image/jpeg' || !metadata.hasAlpha) return 'jpeg'
  try {
    return (await open().stats()).isOpaque ? 'jpeg' : 'png'
  } catch (error) {
    throw new ValidationError(notAnImage, [], { cause: error })
  }
}

async function encode(pipeline: Sharp, target: number, format: VariantFormat): Promise<RenderedImage['variants'][number]> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
  const extension = format === 'jpeg' ? 'jpg' : format
  return { file: `${target}.${extension}`, width: info.width, height: info.height, format, bytes: data.length, data }
}
