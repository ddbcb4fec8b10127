import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { checkMediaNames, isMediaFileName, isStorageKey, type MediaFile, type MediaStorage, type StoredMediaFile } from './storage.ts'

export type S3Settings = {
  /** Unset for AWS itself; `https://…` of MinIO, Garage, R2, … otherwise. */
  endpoint?: string | undefined
  region: string
  bucket: string
  /** Both or neither: without them the SDK's usual chain (instance role, ~/.aws) applies. */
  accessKeyId?: string | undefined
  secretAccessKey?: string | undefined
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`; most self-hosted stores need it. */
  forcePathStyle: boolean
}

/**
 * Objects `<key>/<name>` in an S3-compatible bucket. The bucket can stay private: Gazette streams each
 * object through `/media`, so pages keep one origin. S3 has no multi-object transaction, so `put`
 * writes every object and, if any fails, deletes them all again; the row that makes them reachable is
 * inserted only afterwards. A crash between the two leaves objects no row points to.
 */
export function s3MediaStorage(settings: S3Settings): MediaStorage & { client: S3Client } {
  const { bucket } = settings
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // Checksums only where S3 demands them: many compatible stores reject the newer default headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })

  async function deleteObjects(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000)
      const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }))
      if (result.Errors?.length) throw new Error(`S3 could not delete ${result.Errors.map((e) => `${e.Key}: ${e.Code}`).join(', ')}`)
    }
  }

  return {
    kind: 's3',
    client,
    async put(key: string, files: MediaFile[]) {
      checkMediaNames(key, files.map((file) => file.name))
      const results = await Promise.allSettled(
        // async, so a file that fails before its request is sent still waits for the others to settle.
        files.map(async (file) =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}/${file.name}`, Body: file.bytes, ContentType: file.contentType, ContentLength: file.bytes.length })),
        ),
      )
      const failed = results.find((result) => result.status === 'rejected')
      if (failed) {
        await deleteObjects(files.map((file) => `${key}/${file.name}`)).catch(() => {})
        throw failed.reason
      }
    },
    async get(key: string, name: string): Promise<StoredMediaFile | null> {
      if (!isStorageKey(key) || !isMediaFileName(name)) return null
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}/${name}` }))
        if (!object.Body) return null
        return {
          contentType: object.ContentType ?? 'application/octet-stream',
          size: object.ContentLength ?? 0,
          body: object.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        }
      } catch (error) {
        if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return null
        throw error
      }
    },
    async delete(key: string) {
      checkMediaNames(key)
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${key}/`, ContinuationToken: token }))
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []))
        if (keys.length) await deleteObjects(keys)
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
    },
  }
}
