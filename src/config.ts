import { resolve } from 'node:path'
import { z } from 'zod'
import type { MediaStorageSettings } from './content/media/index.ts'
import { parseTrustProxy, type TrustProxy } from './http/client-address.ts'

/** `S3_BUCKET=` in a compose file or .env means "not set", not "an empty bucket name". */
function unsetWhenBlank<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  SITE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GAZETTE_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  GAZETTE_SEED_ARTICLE: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  DATA_DIR: z.string().min(1).default('data'),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(20),
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().max(1_000_000_000).default(40_000_000),
  IMAGE_JOBS: z.coerce.number().int().min(1).max(64).default(2),
  IMAGE_QUEUE_LENGTH: z.coerce.number().int().min(0).max(1000).default(8),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  SOCKET_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  THEME_DIR: z.string().min(1).default('theme'),
  RENDER_CACHE_MB: z.coerce.number().min(0).max(65536).default(64),
  WEBHOOK_RETRY_DELAYS: z
    .string()
    .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, 'give seconds separated by commas, e.g. 10,60,300,1800')
    .default('10,60,300,1800'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_ALLOW_PRIVATE: unsetWhenBlank(z.enum(['0', '1', 'true', 'false'])),
  MEDIA_STORAGE: z.enum(['local', 'database', 's3']).default('local'),
  S3_ENDPOINT: unsetWhenBlank(z.url({ protocol: /^https?$/ })),
  S3_REGION: unsetWhenBlank(z.string()),
  S3_BUCKET: unsetWhenBlank(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'give a bucket name: 3–63 lower-case letters, digits, dots and hyphens')),
  S3_ACCESS_KEY_ID: unsetWhenBlank(z.string()),
  S3_SECRET_ACCESS_KEY: unsetWhenBlank(z.string()),
  S3_FORCE_PATH_STYLE: unsetWhenBlank(z.enum(['0', '1', 'true', 'false'])),
  PURGE_URLS: unsetWhenBlank(
    z
      .string()
      .transform((list) => list.split(',').map((url) => url.trim()))
      .pipe(z.array(z.url({ protocol: /^https?$/, error: 'give http(s) URLs separated by commas, e.g. http://127.0.0.1:6081/' }))),
  ),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const trust = parseTrustProxy(value)
      if (typeof trust !== 'string') return trust
      ctx.addIssue({ code: 'custom', message: trust })
      return z.NEVER
    }),
})

/**
 * How long a client may hold a connection without finishing its request (applied in
 * src/http/server-timeouts.ts). Node's defaults let a client that sends a header byte now and then
 * keep a connection for minutes, so a few hundred such clients tie the server up.
 */
export type ServerTimeouts = {
  /** From the connection (or the previous response) until the last request header. */
  headersMs: number
  /** Until the whole request, body included, has arrived: a large upload on a slow link needs it all. */
  requestMs: number
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number
  /** A connection on which nothing moves either way, e.g. a reader that stopped reading a response; 0: no limit. */
  socketIdleMs: number
}

export type Config = {
  port: number
  host: string
  /** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
  databaseUrl: string
  /** Public origin without a trailing slash; every absolute URL (feeds, sitemaps, canonical) uses it. */
  siteUrl: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  /** Load the demo story into a fresh database. */
  demoContent: boolean
  seedArticlePath: string | undefined
  maxBodyBytes: number
  /** Largest accepted media upload. */
  maxUploadBytes: number
  /** Uploaded images: most pixels (width × height), images processed at once, and uploads that may wait for a turn. */
  images: { maxPixels: number; concurrency: number; maxWaiting: number }
  /** HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, SOCKET_TIMEOUT_MS. */
  timeouts: ServerTimeouts
  /** Cookies get the Secure flag when the site is served over https. */
  secureCookies: boolean
  /** Where the SQLite file (by default) and uploaded media live. */
  dataDir: string
  /** Memory for rendered public pages (compressed copies included); 0 turns the render cache off. */
  renderCacheBytes: number
  /** Folder of theme components that replace built-in parts of the public pages (docs/theming.md). */
  themeDir: string
  /** Webhooks: the wait before each retry (attempts = retries + 1), and how long an attempt may take. */
  webhookRetryDelaysMs: number[]
  webhookTimeoutMs: number
  /** Webhooks may go to loopback, private and link-local addresses (receivers on the internal network). */
  webhookAllowPrivate: boolean
  /** Where media library files live: `<dataDir>/media`, the database, or an S3-compatible bucket. */
  mediaStorage: MediaStorageSettings
  /** HTTP caches (Varnish, a CDN) told the tags of every committed change (src/http/cdn-purge.ts); empty: none. */
  purgeUrls: string[]
  /**
   * Which proxies in front may name the client in X-Forwarded-For (src/http/client-address.ts); by
   * default none, so a client cannot choose the address sign-in limits are counted against.
   */
  trustProxy: TrustProxy
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`)
  }
  const e = parsed.data
  const dataDir = resolve(e.DATA_DIR)
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || resolve(dataDir, 'gazette.sqlite'),
    siteUrl,
    logLevel: e.LOG_LEVEL,
    demoContent: e.GAZETTE_DEMO === undefined ? true : e.GAZETTE_DEMO === '1' || e.GAZETTE_DEMO === 'true',
    seedArticlePath: e.GAZETTE_SEED_ARTICLE,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    images: { maxPixels: e.MAX_IMAGE_PIXELS, concurrency: e.IMAGE_JOBS, maxWaiting: e.IMAGE_QUEUE_LENGTH },
    timeouts: serverTimeouts(e),
    secureCookies: siteUrl.startsWith('https:'),
    dataDir,
    themeDir: resolve(e.THEME_DIR),
    renderCacheBytes: Math.round(e.RENDER_CACHE_MB * 1024 * 1024),
    webhookRetryDelaysMs: e.WEBHOOK_RETRY_DELAYS.split(',').map((seconds) => Math.round(Number(seconds) * 1000)),
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1' || e.WEBHOOK_ALLOW_PRIVATE === 'true',
    mediaStorage: mediaStorageSettings(e),
    purgeUrls: e.PURGE_URLS ?? [],
    trustProxy: e.TRUST_PROXY,
  }
}

/** Node refuses a headers timeout longer than the request's: the headers are part of the request. */
function serverTimeouts(e: z.infer<typeof envSchema>): ServerTimeouts {
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(`Invalid environment: HEADERS_TIMEOUT_MS (${e.HEADERS_TIMEOUT_MS}) must not be longer than REQUEST_TIMEOUT_MS (${e.REQUEST_TIMEOUT_MS})`)
  }
  return { headersMs: e.HEADERS_TIMEOUT_MS, requestMs: e.REQUEST_TIMEOUT_MS, keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS, socketIdleMs: e.SOCKET_TIMEOUT_MS }
}

const s3Variables = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const

/** S3 settings only make sense together with MEDIA_STORAGE=s3, and then a bucket is required. */
function mediaStorageSettings(e: z.infer<typeof envSchema>): MediaStorageSettings {
  const given = s3Variables.filter((name) => e[name] !== undefined)
  if (e.MEDIA_STORAGE !== 's3') {
    if (given.length) throw new ConfigError(`Invalid environment: ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set but MEDIA_STORAGE is ${e.MEDIA_STORAGE}; set MEDIA_STORAGE=s3 to store media in a bucket`)
    return { kind: e.MEDIA_STORAGE }
  }
  if (!e.S3_BUCKET) throw new ConfigError('Invalid environment: MEDIA_STORAGE=s3 needs S3_BUCKET')
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError('Invalid environment: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither to use the AWS credential chain')
  }
  const pathStyle = e.S3_FORCE_PATH_STYLE
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT?.replace(/\/+$/, ''),
    region: e.S3_REGION ?? 'us-east-1',
    bucket: e.S3_BUCKET,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    // Self-hosted stores (MinIO, Garage, …) rarely have a DNS name per bucket.
    forcePathStyle: pathStyle === undefined ? e.S3_ENDPOINT !== undefined : pathStyle === '1' || pathStyle === 'true',
  }
}
