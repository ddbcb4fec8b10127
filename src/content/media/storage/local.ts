import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { checkMediaNames, contentTypeOf, isMediaFileName, isStorageKey, type MediaFile, type MediaStorage, type StoredMediaFile } from './storage.ts'

/**
 * Files under `<mediaDir>/<key>/<name>`, the default. An image's folder is written in a private
 * temporary folder under `<mediaDir>/.uploading` and renamed into place, so it appears whole or not at
 * all (the temporary folder sits under the media root because a rename cannot cross file systems).
 * Servers share these files only through a shared file system.
 */
export function localMediaStorage(mediaDir: string): MediaStorage {
  return {
    kind: 'local',
    async put(key: string, files: MediaFile[]) {
      checkMediaNames(key, files.map((file) => file.name))
      const temp = join(mediaDir, '.uploading', randomBytes(16).toString('hex'))
      await mkdir(temp, { recursive: true })
      try {
        for (const { name, bytes } of files) {
          const file = await open(join(temp, name), 'wx')
          try {
            await file.writeFile(bytes)
            // Without this a power cut can leave the renamed folder holding empty files.
            await file.sync()
          } finally {
            await file.close()
          }
        }
        const folder = join(mediaDir, key)
        await mkdir(dirname(folder), { recursive: true })
        await rename(temp, folder)
      } catch (error) {
        await rm(temp, { recursive: true, force: true })
        throw error
      }
    },
    async get(key: string, name: string): Promise<StoredMediaFile | null> {
      if (!isStorageKey(key) || !isMediaFileName(name)) return null
      const path = join(mediaDir, key, name)
      const info = await stat(path).catch(() => null)
      if (!info?.isFile()) return null
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>
      return { contentType: contentTypeOf(name), size: info.size, body }
    },
    async delete(key: string) {
      // Only keys this module made are ever turned into a path that gets deleted.
      checkMediaNames(key)
      await rm(join(mediaDir, key), { recursive: true, force: true })
    },
  }
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
