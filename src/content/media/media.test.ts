import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, testSchemaName } from '../../../test/helpers/databases.ts'
import { type Database, openDatabase } from '../../db/connection.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../../errors.ts'
import { deleteMedia, getMedia, imageSources, listMedia, type Media, sniffImageType, storeImageUpload, updateMediaText } from './index.ts'
import { localMediaStorage } from './storage/local.ts'
import { widthsFor } from './variants.ts'

type Fill = { width: number; height: number; alpha?: boolean }

/** A picture with structure (a gradient), so every encoder has real pixels to compress. */
function picture({ width, height, alpha = false }: Fill) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/><stop offset="1" stop-color="#fc3"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)" ${alpha ? 'fill-opacity="0.5"' : ''}/></svg>`
  return sharp(Buffer.from(svg))
}

const gpsExif = { IFD0: { Make: 'Gazette test camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } }

/** Whether an EXIF block holds a GPS IFD pointer (tag 0x8825), in either byte order. */
function hasGpsPointer(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25])))
}

const images = {
  /** Landscape pixels that the camera says to turn a quarter (EXIF orientation 6), with a location. */
  cameraJpeg: () => picture({ width: 1200, height: 800 }).jpeg().withExif(gpsExif).withMetadata({ orientation: 6 }).toBuffer(),
  widePng: () => picture({ width: 2400, height: 1200 }).png().toBuffer(),
  webp: () => picture({ width: 700, height: 400 }).webp().toBuffer(),
  transparentWebp: () => picture({ width: 500, height: 300, alpha: true }).webp().toBuffer(),
  avif: () => picture({ width: 660, height: 440 }).avif({ effort: 0 }).toBuffer(),
  tinyGif: () => picture({ width: 200, height: 120 }).gif().toBuffer(),
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort()
}

describe('sniffImageType', () => {
  it('knows each supported format by its bytes alone', async () => {
    expect(sniffImageType(await images.cameraJpeg())).toBe('image/jpeg')
    expect(sniffImageType(await images.widePng())).toBe('image/png')
    expect(sniffImageType(await images.webp())).toBe('image/webp')
    expect(sniffImageType(await images.avif())).toBe('image/avif')
    expect(sniffImageType(await images.tinyGif())).toBe('image/gif')
  })

  it('finds AVIF among the compatible brands and refuses other ISO BMFF files', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const size = 16 + 4 * compatible.length
      const box = Buffer.alloc(size + 8)
      box.writeUInt32BE(size, 0)
      box.write(`ftyp${major}\0\0\0\0${compatible.join('')}`, 4, 'latin1')
      return box
    }
    expect(sniffImageType(ftyp('mif1', 'miaf', 'avif'))).toBe('image/avif')
    expect(sniffImageType(ftyp('avis', 'msf1'))).toBe('image/avif')
    expect(sniffImageType(ftyp('heic', 'mif1', 'heic'))).toBeNull()
    expect(sniffImageType(ftyp('isom', 'mp41'))).toBeNull()
    // A box that claims to be longer than the file is not trusted.
    expect(sniffImageType(ftyp('mif1', 'avif').subarray(0, 18))).toBeNull()
  })

  it('refuses text, empty input and near misses', () => {
    expect(sniffImageType(Buffer.from('<?php echo "hello"; ?> pretending to be photo.jpg'))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull()
    expect(sniffImageType(Buffer.from('GIF88a'))).toBeNull()
  })
})

describe('widthsFor', () => {
  it('never goes past the original or 1920 px and always includes the top width', () => {
    expect(widthsFor(200)).toEqual([200])
    expect(widthsFor(640)).toEqual([320, 640])
    expect(widthsFor(1500)).toEqual([320, 640, 960, 1280, 1500])
    expect(widthsFor(6000)).toEqual([320, 640, 960, 1280, 1920])
  })
})

describe('imageSources', () => {
  const media = {
    storage_key: '2026/11/abc',
    width: 1500,
    height: 1000,
    variants: [640, 320, 1500, 960, 1280].flatMap((width) => [
      { file: `${width}.webp`, width, height: Math.round(width / 1.5), format: 'webp' as const, bytes: 1 },
      { file: `${width}.jpg`, width, height: Math.round(width / 1.5), format: 'jpeg' as const, bytes: 1 },
    ]),
  }

  it('lists WebP and fallback files by width under the public media path', () => {
    const sources = imageSources(media)
    expect(sources.srcset).toBe(
      '/media/2026/11/abc/320.webp 320w, /media/2026/11/abc/640.webp 640w, /media/2026/11/abc/960.webp 960w, /media/2026/11/abc/1280.webp 1280w, /media/2026/11/abc/1500.webp 1500w',
    )
    expect(sources.fallbackSrcset).toBe(sources.srcset.replaceAll('.webp', '.jpg'))
    expect(sources.src).toBe('/media/2026/11/abc/1280.jpg')
    expect([sources.width, sources.height]).toEqual([1500, 1000])
  })

  it('takes another base URL, with or without a trailing slash, and falls back to the narrowest file', () => {
    const small = { ...media, variants: media.variants.filter((variant) => variant.width === 1500) }
    expect(imageSources(small, 'https://cdn.example.com/m/').src).toBe('https://cdn.example.com/m/2026/11/abc/1500.jpg')
  })
})

describe.each(await databaseTargets())('media library on $name', (target) => {
  let database: Database
  let dir: string
  let mediaDir: string
  const schema = testSchemaName('media')
  const limits = () => ({ storage: localMediaStorage(mediaDir), maxBytes: 5 * 1024 * 1024 })
  const upload = (bytes: Uint8Array, originalName: string) => storeImageUpload(database.db, { bytes, originalName, uploadedBy: null }, limits())
  const rowCount = async () =>
    Number((await database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  /** Runs `attempt`, expects it to fail with `errorClass`, and checks that it left no row and no file. */
  async function expectNothingLeft(attempt: () => Promise<unknown>, errorClass: new (...args: never[]) => Error): Promise<Error> {
    const [rowsBefore, filesBefore] = [await rowCount(), await filesUnder(mediaDir)]
    const error = await attempt().then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(error).toBeInstanceOf(errorClass)
    expect(await rowCount()).toBe(rowsBefore)
    expect(await filesUnder(mediaDir)).toEqual(filesBefore)
    return error as Error
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gazette-media-'))
    mediaDir = join(dir, 'media')
    database = target.url ? await openDatabase(target.url, { schema }) : await openDatabase(join(dir, 'gazette.sqlite'))
    await migrateToLatest(database)
  })

  afterAll(async () => {
    await database?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  it('turns a camera JPEG upright, writes every width in WebP and JPEG, and strips EXIF with the GPS location', async () => {
    const bytes = await images.cameraJpeg()
    const input = await sharp(bytes).metadata()
    expect(hasGpsPointer(input.exif)).toBe(true)
    expect(input.orientation).toBe(6)

    const media = await upload(bytes, 'C:\\fakepath\\IMG_0042.JPG')
    expect(media).toMatchObject({ mime_type: 'image/jpeg', width: 800, height: 1200, bytes: bytes.length, original_name: 'IMG_0042.JPG' })
    expect(media.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}$/)
    expect(media.variants.map((v) => `${v.format} ${v.width}x${v.height}`)).toEqual([
      'webp 320x480', 'jpeg 320x480', 'webp 640x960', 'jpeg 640x960', 'webp 800x1200', 'jpeg 800x1200',
    ])
    for (const variant of media.variants) {
      const file = join(mediaDir, media.storage_key, variant.file)
      const output = await sharp(file).metadata()
      expect(output.format, variant.file).toBe(variant.format)
      expect([output.width, output.height], variant.file).toEqual([variant.width, variant.height])
      expect(output.exif, variant.file).toBeUndefined()
      expect(output.orientation, variant.file).toBeUndefined()
    }
    expect((await filesUnder(join(mediaDir, media.storage_key))).length).toBe(6)
    expect(await getMedia(database.db, media.id)).toEqual(media)
  })

  it('caps wide images at 1920 px and keeps PNGs lossless', async () => {
    const media = await upload(await images.widePng(), 'chart.png')
    expect(media).toMatchObject({ mime_type: 'image/png', width: 2400, height: 1200 })
    expect(media.variants.filter((v) => v.format === 'webp').map((v) => v.width)).toEqual([320, 640, 960, 1280, 1920])
    expect(media.variants.filter((v) => v.format === 'png').map((v) => v.width)).toEqual([320, 640, 960, 1280, 1920])
    const widest = await sharp(join(mediaDir, media.storage_key, '1920.png')).metadata()
    expect([widest.width, widest.height]).toEqual([1920, 960])
  })

  it('believes the bytes, not the file name, and never upscales a small image', async () => {
    const gif = await upload(await images.tinyGif(), 'holiday.jpg')
    expect(gif).toMatchObject({ mime_type: 'image/gif', width: 200, height: 120 })
    expect(gif.variants.map((v) => v.file)).toEqual(['200.webp', '200.png'])

    const webp = await upload(await images.webp(), 'scan.png')
    expect(webp.mime_type).toBe('image/webp')
    expect(webp.variants.map((v) => v.file)).toEqual(['320.webp', '320.jpg', '640.webp', '640.jpg', '700.webp', '700.jpg'])

    const avif = await upload(await images.avif(), 'photo.gif')
    expect(avif).toMatchObject({ mime_type: 'image/avif', width: 660, height: 440 })
    expect(avif.variants.map((v) => v.file)).toEqual(['320.webp', '320.jpg', '640.webp', '640.jpg', '660.webp', '660.jpg'])

    const transparent = await upload(await images.transparentWebp(), 'logo.webp')
    expect(transparent.variants.filter((v) => v.format !== 'webp').map((v) => v.file)).toEqual(['320.png', '500.png'])
    expect((await sharp(join(mediaDir, transparent.storage_key, '500.png')).metadata()).hasAlpha).toBe(true)
  })

  it('refuses an oversized upload with a 413 that names the limit, before touching disk or table', async () => {
    const bytes = await images.widePng()
    const error = await expectNothingLeft(
      () => storeImageUpload(database.db, { bytes, originalName: 'big.png', uploadedBy: null }, { storage: localMediaStorage(mediaDir), maxBytes: bytes.length - 1 }),
      PayloadTooLargeError,
    )
    expect(error).toMatchObject({ status: 413 })
    const huge = new Uint8Array(3 * 1024 * 1024 + 1)
    const limited = await expectNothingLeft(
      () => storeImageUpload(database.db, { bytes: huge, originalName: 'huge.jpg', uploadedBy: null }, { storage: localMediaStorage(mediaDir), maxBytes: 3 * 1024 * 1024 }),
      PayloadTooLargeError,
    )
    expect(limited.message).toMatch(/\b3 MB\b/)
  })

  it('refuses text dressed as a JPEG and truncated images with a 400, leaving nothing behind', async () => {
    const text = await expectNothingLeft(() => upload(Buffer.from('just some notes, renamed\n'), 'notes.jpg'), ValidationError)
    expect(text).toMatchObject({ status: 400, message: 'This file is not a supported image (JPEG, PNG, WebP, AVIF or GIF).' })

    const jpeg = await images.cameraJpeg()
    const truncated = await expectNothingLeft(() => upload(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg'), ValidationError)
    expect(truncated.message).toMatch(/not a supported image/)

    const png = await images.widePng()
    await expectNothingLeft(() => upload(png.subarray(0, Math.floor(png.length / 2)), 'cut.png'), ValidationError)
    // PNG magic followed by garbage: sniffed as PNG, but sharp cannot read it.
    await expectNothingLeft(() => upload(Buffer.concat([png.subarray(0, 8), randomBytes(2000)]), 'noise.png'), ValidationError)
  })

  it('removes the written files when the row cannot be inserted', async () => {
    // No user 999999: the uploaded_by foreign key fails after the files were renamed into place.
    const bytes = await images.tinyGif()
    await expectNothingLeft(() => storeImageUpload(database.db, { bytes, originalName: 'orphan.gif', uploadedBy: 999_999 }, limits()), Error)
  })

  it('cleans up its temporary folder when the files cannot be moved into place', async () => {
    const blocked = join(dir, 'blocked-media')
    // A plain file where the year folder should go makes the final mkdir fail after every file was written.
    await mkdir(blocked, { recursive: true })
    await writeFile(join(blocked, new Date().toISOString().slice(0, 4)), '')
    const before = await filesUnder(blocked)
    const rows = await rowCount()
    await expect(
      storeImageUpload(database.db, { bytes: await images.tinyGif(), originalName: 'x.gif', uploadedBy: null }, { storage: localMediaStorage(blocked), maxBytes: 1e6 }),
    ).rejects.toThrow()
    expect(await filesUnder(blocked)).toEqual(before)
    expect(await rowCount()).toBe(rows)
  })

  it('lists newest first, page by page, and edits alt text, caption and credit', async () => {
    const first = await upload(await images.tinyGif(), 'first.gif')
    const second = await upload(await images.tinyGif(), 'second.gif')
    const page1 = await listMedia(database.db, { page: 1, pageSize: 1 })
    expect(page1.items.map((m) => m.id)).toEqual([second.id])
    expect(page1.hasNext).toBe(true)
    const page2 = await listMedia(database.db, { page: 2, pageSize: 1 })
    expect(page2.items.map((m) => m.id)).toEqual([first.id])
    const all = await listMedia(database.db, { page: 1, pageSize: 100 })
    expect(all.hasNext).toBe(false)
    const ids = all.items.map((m: Media) => m.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    await expect(listMedia(database.db, { page: 0, pageSize: 10 })).rejects.toBeInstanceOf(ValidationError)

    const edited = await updateMediaText(database.db, first.id, { alt: '  A river at dusk ', caption: 'The Thames', credit: 'Jo Bloggs' })
    expect(edited).toMatchObject({ alt: 'A river at dusk', caption: 'The Thames', credit: 'Jo Bloggs' })
    const cleared = await updateMediaText(database.db, first.id, { caption: '', credit: null })
    expect(cleared).toMatchObject({ alt: 'A river at dusk', caption: null, credit: null })
    expect(await getMedia(database.db, first.id)).toEqual(cleared)
    await expect(updateMediaText(database.db, first.id, { alt: 'x'.repeat(501) })).rejects.toBeInstanceOf(ValidationError)
    await expect(updateMediaText(database.db, 999_999, { alt: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getMedia(database.db, 999_999)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('serves every srcset entry from a file that exists', async () => {
    const media = await upload(await images.widePng(), 'map.png')
    const sources = imageSources(media)
    const urls = [sources.src, ...`${sources.srcset}, ${sources.fallbackSrcset}`.split(', ').map((entry) => entry.split(' ')[0] ?? '')]
    expect(urls.length).toBe(11)
    for (const url of urls) {
      expect(url.startsWith(`/media/${media.storage_key}/`), url).toBe(true)
      expect(existsSync(join(mediaDir, url.replace(/^\/media\//, ''))), url).toBe(true)
    }
  })

  it('deletes the row and its files', async () => {
    const media = await upload(await images.webp(), 'gone.webp')
    const folder = join(mediaDir, media.storage_key)
    expect((await filesUnder(folder)).length).toBe(6)
    await deleteMedia(database.db, media.id, localMediaStorage(mediaDir))
    expect(existsSync(folder)).toBe(false)
    await expect(getMedia(database.db, media.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(deleteMedia(database.db, media.id, localMediaStorage(mediaDir))).rejects.toBeInstanceOf(NotFoundError)
  })
})
