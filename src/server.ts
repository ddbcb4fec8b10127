import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { islandAssetRoutes, requireIslandBuild } from './admin/island-assets.ts'
import type { Config } from './config.ts'
import { findDemoStoryFile, loadDemoContent } from './content/demo-content.ts'
import { hasStoredSettings } from './content/settings.ts'
import { createViewCounter } from './content/trending.ts'
import { openDatabase, type Database } from './db/connection.ts'
import { migrateToLatest } from './db/migrate.ts'
import { adminRoutes } from './admin/routes.ts'
import { adminApiRoutes } from './api/admin/routes.ts'
import { contentApiRoutes } from './api/content/routes.ts'
import { startWebhookDispatcher } from './content/webhook-dispatcher.ts'
import { publishDueArticles } from './content/workflow.ts'
import { feedRoutes } from './feeds/routes.ts'
import type { AppDeps } from './http/deps.ts'
import { createErrorHandler, sendError } from './http/error-handler.tsx'
import { adminCspOverride, securityHeaders } from './http/security-headers.ts'
import { PayloadTooLargeError } from './errors.ts'
import { createLogger, type Logger } from './logger.ts'
import { assetRoutes } from './site/assets.ts'
import { fallbackChrome, loadSiteChrome } from './site/chrome.ts'
import { sweepAbandonedUploads } from './content/media.ts'
import { loadThemeOverrides } from './site/theme/overrides.ts'
import { siteRoutes } from './site/routes.tsx'
import { paths } from './site/views/format.ts'

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  app.use(securityHeaders({ hsts: deps.config.siteUrl.startsWith('https:'), cspOverrides: [adminCspOverride] }))
  // Only requests that carry a body pay for the size check; uploads get the upload limit.
  const uploadLimit = deps.config.maxUploadBytes + 64 * 1024
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    async function limitBody(c, next) {
      const upload = c.req.path === '/admin/media'
      const maxSize = upload ? uploadLimit : deps.config.maxBodyBytes
      return bodyLimit({
        maxSize,
        onError: () => {
          throw new PayloadTooLargeError(
            upload
              ? `This file is larger than the ${Math.round(deps.config.maxUploadBytes / 1024 / 1024)} MB upload limit.`
              : `The request body is larger than ${deps.config.maxBodyBytes} bytes.`,
          )
        },
      })(c, next)
    },
  )
  app.use('/media/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  app.use('/media/*', serveStatic({ root: deps.mediaDir, rewriteRequestPath: (path) => path.replace(/^\/media/, '') }))
  app.route('/', assetRoutes())
  app.route('/', islandAssetRoutes())
  app.route('/', adminRoutes(deps))
  app.route('/', adminApiRoutes(deps))
  app.route('/', contentApiRoutes(deps))
  app.route('/', feedRoutes(deps))
  app.route('/', siteRoutes(deps))
  app.notFound((c) => sendError(c, deps, 404, 'not_found', 'There is nothing at this address. It may have moved or been unpublished.'))
  app.onError(createErrorHandler(deps))
  return app
}

export type RunningServer = {
  url: string
  port: number
  database: Database
  logger: Logger
  /** Writes pending view counts now instead of at the next batch. */
  flushViews(): Promise<void>
  close(): Promise<void>
}

/**
 * Opens the database, brings its schema up to date, loads the demo story into a fresh install and
 * serves the site. Used by `npm start` and by the test suites, so tests exercise the real thing.
 */
export async function startServer(config: Config, options: { databaseSchema?: string; logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel)
  requireIslandBuild() // fail on a missing admin build before touching the database
  const theme = await loadThemeOverrides(config.themeDir)
  if (Object.keys(theme.overrides).length) logger.info({ dir: config.themeDir, parts: Object.keys(theme.overrides) }, 'theme overrides loaded')
  if (theme.ignored.length) logger.warn({ dir: config.themeDir, files: theme.ignored }, 'theme folder files that name no overridable part were ignored')
  const database = await openDatabase(config.databaseUrl, { schema: options.databaseSchema })
  const mediaDir = join(config.dataDir, 'media')
  const abandoned = await sweepAbandonedUploads(mediaDir)
  if (abandoned.length) logger.warn({ folders: abandoned.length }, 'removed upload folders left by an interrupted upload')
  try {
    const applied = await migrateToLatest(database)
    if (applied.length) logger.info({ migrations: applied }, 'database migrated')
    if (config.demoContent && !(await hasStoredSettings(database.db))) {
      const { slug } = await loadDemoContent(database.db, { storyFile: findDemoStoryFile(config.seedArticlePath), mediaDir })
      logger.info({ slug }, 'demo content loaded')
    }
  } catch (error) {
    await database.destroy()
    throw error
  }

  const views = createViewCounter(database.db, { onError: (err) => logger.error({ err }, 'view counts not saved') })
  const deps: AppDeps = {
    config,
    database,
    logger,
    views,
    mediaDir,
    theme: theme.overrides,
    chrome: () => loadSiteChrome(database.db, config.siteUrl),
    fallbackChrome: () => fallbackChrome(config.siteUrl),
  }
  const app = createApp(deps)
  const scheduler = startScheduler(database, logger)
  const webhooks = startWebhookDispatcher({
    db: database.db,
    logger,
    retryDelaysMs: config.webhookRetryDelaysMs,
    timeoutMs: config.webhookTimeoutMs,
    articleUrl: (slug) => `${config.siteUrl}${paths.article(slug)}`,
  })
  const server = await listen(app, config)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info({ port, database: database.dialect }, 'gazette is serving')
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    logger,
    flushViews: () => views.flush(),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await scheduler.stop()
      await webhooks.stop()
      await views.stop()
      await database.destroy()
    },
  }
}

/**
 * Publishes scheduled stories. It runs once at start, so a story due while the server was down goes
 * out immediately, then every second: a story goes live within about a second of its time.
 */
function startScheduler(database: Database, logger: Logger, intervalMs = 1000) {
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = running
      .then(() => publishDueArticles(database.db))
      .then((ids) => {
        if (ids.length) logger.info({ articles: ids }, 'scheduled articles published')
      })
      .catch((err: unknown) => logger.error({ err }, 'scheduled publishing failed'))
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}

function listen(app: Hono, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', reject)
  })
}
