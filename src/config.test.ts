import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config.ts'

describe('readConfig', () => {
  it('defaults to port 3000 and a SQLite file under data/', () => {
    const config = readConfig({})
    expect(config.port).toBe(3000)
    expect(config.databaseUrl).toBe(resolve('data/gazette.sqlite'))
    expect(config.siteUrl).toBe('http://localhost:3000')
    expect(config.demoContent).toBe(true)
  })

  it('reads PORT, DATABASE_URL and SITE_URL', () => {
    const config = readConfig({ PORT: '8080', DATABASE_URL: 'postgres://db/news', SITE_URL: 'https://news.example/', GAZETTE_DEMO: '0' })
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://db/news', siteUrl: 'https://news.example', demoContent: false })
  })

  it('refuses invalid values with a message naming them', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => readConfig({ SITE_URL: 'not a url' })).toThrow(/SITE_URL/)
  })
  it('reads TRUST_PROXY as hops or proxy addresses, ignores X-Forwarded-For without it, and refuses anything else', () => {
    expect(readConfig({}).trustProxy).toEqual({ kind: 'none' })
    expect(readConfig({ TRUST_PROXY: '0' }).trustProxy).toEqual({ kind: 'none' })
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toEqual({ kind: 'hops', hops: 1 })
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 })
    expect(readConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toMatchObject({ kind: 'addresses', listed: ['127.0.0.1', '10.0.0.0/8'] })
    expect(() => readConfig({ TRUST_PROXY: 'varnish' })).toThrow(/TRUST_PROXY.*"varnish" is none of these/)
  })

  it('reads the image limits: pixels, jobs at once and uploads waiting', () => {
    expect(readConfig({}).images).toEqual({ maxPixels: 40_000_000, concurrency: 2, maxWaiting: 8 })
    expect(readConfig({ MAX_IMAGE_PIXELS: '60000000', IMAGE_JOBS: '4', IMAGE_QUEUE_LENGTH: '0' }).images).toEqual({ maxPixels: 60_000_000, concurrency: 4, maxWaiting: 0 })
    expect(() => readConfig({ IMAGE_JOBS: '0' })).toThrow(/IMAGE_JOBS/)
    expect(() => readConfig({ MAX_IMAGE_PIXELS: '40MP' })).toThrow(/MAX_IMAGE_PIXELS/)
  })

  it('bounds how long a client may take over its request headers, the request and an idle connection', () => {
    expect(readConfig({}).timeouts).toEqual({ headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000, socketIdleMs: 60_000 })
    const env = { HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '5000', KEEP_ALIVE_TIMEOUT_MS: '1000', SOCKET_TIMEOUT_MS: '0' }
    expect(readConfig(env).timeouts).toEqual({ headersMs: 2000, requestMs: 5000, keepAliveMs: 1000, socketIdleMs: 0 })
    expect(() => readConfig({ HEADERS_TIMEOUT_MS: '0' })).toThrow(/HEADERS_TIMEOUT_MS/)
    expect(() => readConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })).toThrow(/HEADERS_TIMEOUT_MS \(20000\) must not be longer than REQUEST_TIMEOUT_MS/)
  })

  it('reads PURGE_URLS as a comma-separated list of http(s) URLs, and refuses anything else', () => {
    expect(readConfig({}).purgeUrls).toEqual([])
    expect(readConfig({ PURGE_URLS: ' ' }).purgeUrls).toEqual([])
    expect(readConfig({ PURGE_URLS: 'http://127.0.0.1:6081/, https://cache.internal/purge' }).purgeUrls).toEqual(['http://127.0.0.1:6081/', 'https://cache.internal/purge'])
    expect(() => readConfig({ PURGE_URLS: 'varnish:6081' })).toThrow(/PURGE_URLS.*http\(s\) URLs separated by commas/)
    expect(() => readConfig({ PURGE_URLS: 'http://127.0.0.1:6081/,' })).toThrow(ConfigError)
  })

  it('keeps media on local disk unless MEDIA_STORAGE says otherwise, and reads the S3 settings', () => {
    expect(readConfig({}).mediaStorage).toEqual({ kind: 'local' })
    expect(readConfig({ MEDIA_STORAGE: 'database' }).mediaStorage).toEqual({ kind: 'database' })
    const s3 = { MEDIA_STORAGE: 's3', S3_ENDPOINT: 'http://minio.internal:9000/', S3_BUCKET: 'news-media', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' }
    expect(readConfig(s3).mediaStorage).toEqual({
      kind: 's3', endpoint: 'http://minio.internal:9000', region: 'us-east-1', bucket: 'news-media', accessKeyId: 'id', secretAccessKey: 'secret', forcePathStyle: true,
    })
    expect(readConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'news-media', S3_REGION: 'eu-west-1' }).mediaStorage).toMatchObject({ region: 'eu-west-1', forcePathStyle: false })
    expect(readConfig({ ...s3, S3_FORCE_PATH_STYLE: '0' }).mediaStorage).toMatchObject({ forcePathStyle: false })
    expect(readConfig({ S3_BUCKET: '', S3_ENDPOINT: ' ' }).mediaStorage).toEqual({ kind: 'local' })
  })

  it('refuses media storage settings that do not go together, naming what to fix', () => {
    expect(() => readConfig({ MEDIA_STORAGE: 'disk' })).toThrow(/MEDIA_STORAGE/)
    expect(() => readConfig({ MEDIA_STORAGE: 's3' })).toThrow(/MEDIA_STORAGE=s3 needs S3_BUCKET/)
    expect(() => readConfig({ S3_BUCKET: 'news-media' })).toThrow(/S3_BUCKET is set but MEDIA_STORAGE is local/)
    expect(() => readConfig({ MEDIA_STORAGE: 'database', S3_ENDPOINT: 'http://x:9000' })).toThrow(ConfigError)
    expect(() => readConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'news-media', S3_ACCESS_KEY_ID: 'id' })).toThrow(/both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/)
    expect(() => readConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'News_Media' })).toThrow(/S3_BUCKET/)
    expect(() => readConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'news-media', S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT/)
  })
})
