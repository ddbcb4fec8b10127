import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, testSchemaName } from '../../../../test/helpers/databases.ts'
import { startS3Server, type TestS3Server } from '../../../../test/helpers/s3-server.ts'
import { openDatabase, type Database } from '../../../db/connection.ts'
import { migrateToLatest } from '../../../db/migrate.ts'
import { deleteMedia, storeImageUpload } from '../media.ts'
import { databaseMediaStorage } from './database.ts'
import { localMediaStorage } from './local.ts'
import { s3MediaStorage } from './s3.ts'
import type { MediaFile, MediaStorage } from './storage.ts'

/** A backend under test, with a way to see everything it holds, whatever the API says. */
type Backend = { storage: MediaStorage; everything(): Promise<string[]> }

type Setup = { name: string; open(db: Database['db'], dir: string): Promise<Backend>; close?(): Promise<void> }

let s3: TestS3Server | undefined

const setups: Setup[] = [
  {
    name: 'local',
    async open(_db, dir) {
      const mediaDir = join(dir, 'media')
      return {
        storage: localMediaStorage(mediaDir),
        async everything() {
          if (!existsSync(mediaDir)) return []
          const entries = await readdir(mediaDir, { recursive: true, withFileTypes: true })
          return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(mediaDir.length + 1)).sort()
        },
      }
    },
  },
  {
    name: 'database',
    async open(db) {
      return {
        storage: databaseMediaStorage(db),
        async everything() {
          const rows = await db.selectFrom('media_files').select(['storage_key', 'name']).orderBy('storage_key').orderBy('name').execute()
          return rows.map((row) => `${row.storage_key}/${row.name}`)
        },
      }
    },
  },
  {
    name: 's3',
    async open() {
      s3 ??= await startS3Server()
      const { bucket, endpoint } = s3
      const storage = s3MediaStorage({ endpoint, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true })
      return {
        storage,
        async everything() {
          const listing = await storage.client.send(new ListObjectsV2Command({ Bucket: bucket }))
          return (listing.Contents ?? []).map((object) => object.Key ?? '').sort()
        },
      }
    },
    async close() {
      await s3?.close()
      s3 = undefined
    },
  },
]

const key = () => `2026/11/${randomBytes(16).toString('hex')}`
const file = (name: string, size = 1000, contentType = 'image/webp'): MediaFile => ({ name, bytes: randomBytes(size), contentType })

async function read(body: Uint8Array | ReadableStream<Uint8Array>): Promise<Buffer> {
  return body instanceof ReadableStream ? Buffer.from(await new Response(body).arrayBuffer()) : Buffer.from(body)
}

const targets = await databaseTargets()
const cases = setups.flatMap((setup) => (setup.name === 'database' ? targets : [targets[0]!]).map((target) => ({ setup, target, label: setup.name === 'database' ? `database on ${target.name}` : setup.name })))

describe.each(cases)('media storage: $label', ({ setup, target }) => {
  let database: Database
  let dir: string
  let backend: Backend
  const schema = testSchemaName('media_storage')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gazette-storage-'))
    database = target.url ? await openDatabase(target.url, { schema }) : await openDatabase(join(dir, 'gazette.sqlite'))
    await migrateToLatest(database)
    backend = await setup.open(database.db, dir)
  })

  afterAll(async () => {
    await setup.close?.()
    await database?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  it('gives back what was put, byte for byte with its type and size, and null for anything else', async () => {
    const { storage } = backend
    const k = key()
    const files = [file('320.webp', 5000), file('320.jpg', 7000, 'image/jpeg'), file('1920.png', 300_000, 'image/png')]
    await storage.put(k, files)
    for (const expected of files) {
      const stored = await storage.get(k, expected.name)
      expect(stored, expected.name).not.toBeNull()
      expect(stored!.contentType).toBe(expected.contentType)
      expect(stored!.size).toBe(expected.bytes.length)
      expect((await read(stored!.body)).equals(Buffer.from(expected.bytes)), expected.name).toBe(true)
    }
    expect(await storage.get(k, '640.webp')).toBeNull()
    expect(await storage.get(key(), '320.webp')).toBeNull()
    for (const [badKey, badName] of [[`${k}/..`, '320.webp'], ['..', '320.webp'], [k, '../320.webp'], [`${k}/../..`, 'gazette.sqlite'], ['', '320.webp'], [k, '.uploading']]) {
      expect(await storage.get(badKey!, badName!), `${badKey} ${badName}`).toBeNull()
    }
  })

  it('deletes every file of a key and nothing else, and deleting twice is fine', async () => {
    const { storage } = backend
    const [gone, kept] = [key(), key()]
    await storage.put(gone, [file('320.webp'), file('320.jpg', 100, 'image/jpeg')])
    await storage.put(kept, [file('320.webp')])
    await storage.delete(gone)
    await storage.delete(gone)
    expect(await storage.get(gone, '320.webp')).toBeNull()
    expect(await storage.get(gone, '320.jpg')).toBeNull()
    expect(await storage.get(kept, '320.webp')).not.toBeNull()
    expect((await backend.everything()).filter((path) => path.startsWith(gone))).toEqual([])
    await expect(storage.delete('../outside')).rejects.toThrow(/Invalid media storage key/)
  })

  it('puts all files of an image or none: a file failing half way leaves nothing behind', async () => {
    const { storage } = backend
    const before = await backend.everything()
    const k = key()
    const broken = {
      name: '640.webp',
      contentType: 'image/webp',
      get bytes(): Uint8Array {
        throw new Error('the encoder died')
      },
    }
    await expect(storage.put(k, [file('320.webp'), file('320.jpg', 100, 'image/jpeg'), broken, file('960.webp')])).rejects.toThrow('the encoder died')
    expect(await backend.everything()).toEqual(before)
    await expect(storage.put(k, [file('320.webp'), file('../evil.webp')])).rejects.toThrow(/Invalid media file name/)
    await expect(storage.put('2026/11/../../x', [file('320.webp')])).rejects.toThrow(/Invalid media storage key/)
    expect(await backend.everything()).toEqual(before)
  })

  it('stores an upload with its row and removes both; a failing row insert leaves no file', async () => {
    const { storage } = backend
    const before = await backend.everything()
    const bytes = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#285' } }).jpeg().toBuffer()
    // No user 999999: the uploaded_by foreign key fails the insert after the image was rendered.
    await expect(storeImageUpload(database.db, { bytes, originalName: 'orphan.jpg', uploadedBy: 999_999 }, { storage, maxBytes: 1e7 })).rejects.toThrow()
    expect(await backend.everything()).toEqual(before)
    expect(await database.db.selectFrom('media').select('id').execute()).toEqual([])

    const media = await storeImageUpload(database.db, { bytes, originalName: 'field.jpg', uploadedBy: null }, { storage, maxBytes: 1e7 })
    for (const variant of media.variants) {
      const stored = await storage.get(media.storage_key, variant.file)
      expect(stored?.size, variant.file).toBe(variant.bytes)
      expect(stored?.contentType).toBe(variant.format === 'webp' ? 'image/webp' : 'image/jpeg')
      expect((await sharp(await read(stored!.body)).metadata()).width).toBe(variant.width)
    }
    await deleteMedia(database.db, media.id, storage)
    expect(await backend.everything()).toEqual(before)
  })
})
