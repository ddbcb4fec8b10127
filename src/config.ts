import { resolve } from 'node:path'
import { z } from 'zod'

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
  THEME_DIR: z.string().min(1).default('theme'),
  WEBHOOK_RETRY_DELAYS: z
    .string()
    .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, 'give seconds separated by commas, e.g. 10,60,300,1800')
    .default('10,60,300,1800'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
})

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
  /** Cookies get the Secure flag when the site is served over https. */
  secureCookies: boolean
  /** Where the SQLite file (by default) and uploaded media live. */
  dataDir: string
  /** Folder of theme components that replace built-in parts of the public pages (docs/theming.md). */
  themeDir: string
  /** Webhooks: the wait before each retry (attempts = retries + 1), and how long an attempt may take. */
  webhookRetryDelaysMs: number[]
  webhookTimeoutMs: number
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
    secureCookies: siteUrl.startsWith('https:'),
    dataDir,
    themeDir: resolve(e.THEME_DIR),
    webhookRetryDelaysMs: e.WEBHOOK_RETRY_DELAYS.split(',').map((seconds) => Math.round(Number(seconds) * 1000)),
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
  }
}
