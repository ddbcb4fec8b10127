import type { Db } from '../../../db/connection.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { checkMediaNames, isMediaFileName, isStorageKey, type MediaFile, type MediaStorage, type StoredMediaFile } from './storage.ts'

/**
 * Files as rows of `media_files` (bytes in a BLOB/bytea column), for servers that share a database but
 * no file system or object store. `put` joins the transaction that writes the `media` row, so the row
 * and its files commit or roll back together. A file is read whole: renditions are tens to hundreds of
 * kilobytes.
 */
export function databaseMediaStorage(database: Db): MediaStorage {
  return {
    kind: 'database',
    async put(key: string, files: MediaFile[], db: Db = database) {
      checkMediaNames(key, files.map((file) => file.name))
      if (!files.length) return
      await inTransaction(db, async (trx) => {
        // One row at a time keeps each statement's parameters to one file, however large.
        for (const file of files) {
          await trx
            .insertInto('media_files')
            .values({ storage_key: key, name: file.name, content_type: file.contentType, size: file.bytes.length, bytes: toBuffer(file.bytes) })
            .execute()
        }
      })
    },
    async get(key: string, name: string): Promise<StoredMediaFile | null> {
      if (!isStorageKey(key) || !isMediaFileName(name)) return null
      const row = await database
        .selectFrom('media_files')
        .select(['content_type', 'size', 'bytes'])
        .where('storage_key', '=', key)
        .where('name', '=', name)
        .executeTakeFirst()
      if (!row) return null
      return { contentType: row.content_type, size: Number(row.size), body: new Uint8Array(row.bytes) }
    },
    async delete(key: string, db: Db = database) {
      checkMediaNames(key)
      await db.deleteFrom('media_files').where('storage_key', '=', key).execute()
    },
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
