import { join } from 'node:path'
import type { Db } from '../../../db/connection.ts'
import { databaseMediaStorage } from './database.ts'
import { localMediaStorage } from './local.ts'
import type { S3Settings } from './s3.ts'
import type { MediaStorage } from './storage.ts'

export type MediaStorageSettings = { kind: 'local' } | { kind: 'database' } | ({ kind: 's3' } & S3Settings)

/**
 * The configured backend (`MEDIA_STORAGE`); the local one keeps files under `<dataDir>/media`. The AWS
 * SDK is loaded only for `s3`: it takes about 0.3 s to import, which no other install should pay at start.
 */
export async function createMediaStorage(settings: MediaStorageSettings, deps: { db: Db; dataDir: string }): Promise<MediaStorage> {
  switch (settings.kind) {
    case 'local':
      return localMediaStorage(mediaDirOf(deps.dataDir))
    case 'database':
      return databaseMediaStorage(deps.db)
    case 's3': {
      const { s3MediaStorage } = await import('./s3.ts')
      return s3MediaStorage(settings)
    }
  }
}

export function mediaDirOf(dataDir: string): string {
  return join(dataDir, 'media')
}
