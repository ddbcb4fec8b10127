import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { isMediaFileName, isStorageKey, type MediaStorage } from '../content/media/index.ts'
import { etagMatches } from './send.ts'
import { immutableCache } from './responses.ts'


/**
 * `GET|HEAD /media/<key>/<file>` from whichever storage holds the files, streamed as it is read (an S3
 * object is proxied, so pages keep one origin and the bucket can stay private). A key is random and
 * its files never change, so they are cached for a year, and the ETag needs no hash of the bytes.
 * Anything that is not a key and file name the library could have made is a 404 before any lookup,
 * which also rules out `..` and encoded slashes.
 */
export function mediaFiles(storage: MediaStorage) {
  return async function serveMediaFile(c: Context) {
    const path = c.req.path.replace(/^\/media\//, '')
    const slash = path.lastIndexOf('/')
    const key = path.slice(0, slash)
    const name = path.slice(slash + 1)
    if (slash < 0 || !isStorageKey(key) || !isMediaFileName(name)) return c.notFound()
    const file = await storage.get(key, name)
    if (!file) return c.notFound()
    const etag = `"${createHash('sha1').update(`${key}/${name}:${file.size}`).digest('base64url')}"`
    const headers = { 'Cache-Control': immutableCache, ETag: etag }
    const fresh = etagMatches(c.req.header('if-none-match'), etag)
    if (fresh || c.req.method === 'HEAD') {
      // Nothing will read the body: let go of the file handle or connection now.
      if (file.body instanceof ReadableStream) await file.body.cancel()
      if (fresh) return c.body(null, 304, headers)
    }
    const fileHeaders = { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.size) }
    if (c.req.method === 'HEAD') return c.body(null, 200, fileHeaders)
    return c.body(file.body, 200, fileHeaders)
  }
}
