import type { Db } from '../../../db/connection.ts'

/** One rendition of an image, as a backend stores it. */
export type MediaFile = { name: string; bytes: Uint8Array; contentType: string }

/** A stored file as the `/media` route serves it: the body is read whole or streamed, as the backend prefers. */
export type StoredMediaFile = {
  contentType: string
  size: number
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>
}

export type MediaStorageKind = 'local' | 'database' | 's3'

/**
 * Where the files of the media library live. A storage key names one image's folder
 * (`yyyy/mm/<random hex>`, or `demo` for the demo story's illustration); each rendition is a file in it.
 *
 * `db` is the database handle the caller changes the `media` row with. The `database` backend writes
 * and deletes its rows there, so files and row commit or roll back together; backends outside the
 * database ignore it.
 */
export interface MediaStorage {
  readonly kind: MediaStorageKind
  /** Stores every file of one image, or none: a failure leaves nothing under `key`. */
  put(key: string, files: MediaFile[], db?: Db): Promise<void>
  /** `null` when there is no such file (or the names could not be ours). */
  get(key: string, name: string): Promise<StoredMediaFile | null>
  /** Removes every file under `key`; removing what is not there is no error. */
  delete(key: string, db?: Db): Promise<void>
}

/** A folder per upload (`2026/11/<32 hex>`) or a fixed name without dots, such as `demo`. */
const storageKeyPattern = /^(?:\d{4}\/\d{2}\/[0-9a-f]{32}|[a-z][a-z0-9-]{0,62})$/
/** `320.webp`, `war-concept.jpg`: no slash, no leading dot, so never a path out of the folder. */
const fileNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}\.[a-z0-9]{1,5}$/

export function isStorageKey(key: string): boolean {
  return storageKeyPattern.test(key)
}

export function isMediaFileName(name: string): boolean {
  return fileNamePattern.test(name)
}

/** Every backend refuses names it did not make before touching disk, database or bucket. */
export function checkMediaNames(key: string, names: string[] = []): void {
  if (!isStorageKey(key)) throw new Error(`Invalid media storage key: ${JSON.stringify(key)}`)
  for (const name of names) if (!isMediaFileName(name)) throw new Error(`Invalid media file name: ${JSON.stringify(name)}`)
  if (new Set(names).size !== names.length) throw new Error(`Duplicate media file names under ${key}`)
}

const typesByExtension: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  avif: 'image/avif',
  gif: 'image/gif',
}

/** For files whose backend keeps no type of its own (the local folder). */
export function contentTypeOf(name: string): string {
  return typesByExtension[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream'
}
