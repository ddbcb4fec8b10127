import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'

export type TestS3Server = {
  endpoint: string
  bucket: string
  /** The variables that point Gazette at this bucket. */
  env: Record<string, string>
  close(): Promise<void>
}

/** s3rver, an S3 emulator written in Node, on a random local port with one empty bucket. */
export async function startS3Server(bucket = 'gazette-media'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'gazette-s3-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    bucket,
    // s3rver accepts these fixed credentials only.
    env: { MEDIA_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    async close() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
