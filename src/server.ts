import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http'
import { serve, type ServerType } from '@hono/node-server'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { islandAssetRoutes, requireIslandBuild } from './admin/island-assets.ts'
import type { Config } from './config.ts'
import { findDemoStoryFile, loadDemoContent } from './content/seed/index.ts'
import { hasStoredSettings } from './content/settings/index.ts'
import { createViewCounter, type ViewCounter } from './content/published/index.ts'
import { openDatabase, type Database } from './db/connection.ts'
import { migrateToLatest } from './db/migrate.ts'
import { adminRoutes } from './admin/routes.ts'
import { adminApiRoutes } from './api/admin/routes.ts'
import { contentApiRoutes } from './api/content/routes.ts'
import { startWebhookDispatcher } from './content/webhooks/index.ts'
import { publishDueArticles } from './content/articles/index.ts'
import { deleteExpiredSessions } from './content/accounts/index.ts'
import { feedRoutes } from './feeds/routes.ts'
import type { AppDeps } from './http/deps.ts'
import { createErrorHandler, sendError } from './http/error-handler.ts'
import { sendErrorPage } from './site/error-pages.tsx'
import { adminCspOverride, securityHeaderList, securityHeaders } from './http/security-headers.ts'
import { PayloadTooLargeError } from './errors.ts'
import { createLogger, type Logger } from './logger.ts'
import { assetRoutes } from './http/assets.ts'
import { loadSiteChrome, siteChromeCache } from './http/site-chrome.ts'
import { createWorkQueue, sweepAbandonedUploads, createMediaStorage, mediaDirOf } from './content/media/index.ts'
import { attachChangeBus, changeTags, createChangeBus, type ChangeBus, type ChangeOrigin } from './content/changes/index.ts'
import { startChangeRelay } from './db/change-relay.ts'
import { RenderCache, renderCacheLookup, type CachedPage } from './http/render-cache.ts'
import { startCdnPurge } from './http/cdn-purge.ts'
import { TaggedMemo } from './http/tagged-memo.ts'
import { withCachedPageLane } from './http/cached-page-lane.ts'
import { applyServerTimeouts, serverTimeoutOptions } from './http/server-timeouts.ts'
import type { MonthStats } from './content/published/index.ts'
import { mediaFiles } from './http/media-files.ts'
import { loadThemeOverrides } from './http/theme/overrides.ts'
import { siteRoutes } from './site/routes.tsx'
import { paths } from './http/paths.ts'

/** Public pages only: the newsroom, the APIs and static files never go through the render cache. */
function isCacheablePath(path: string): boolean {
  return !/^\/(admin|api|ghost|media|assets)(\/|$)/.test(path)
}

/** A story served from memory, by the app or the cached-page lane, is still a read: Trending counts it. */
function countCachedRead(views: ViewCounter, page: CachedPage, userAgent: string | undefined): void {
  if (page.articleId !== null) views.record(page.articleId, userAgent)
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  app.use(securityHeaders({ hsts: deps.config.siteUrl.startsWith('https:'), cspOverrides: [adminCspOverride] }))
  if (deps.renderCache) {
    const countRead = (c: Context, page: CachedPage) => countCachedRead(deps.views, page, c.req.header('user-agent'))
    app.use(renderCacheLookup(deps.renderCache, isCacheablePath, countRead))
  }
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
  app.get('/media/*', mediaFiles(deps.mediaStorage))
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
  /** Sends pending cache purges (PURGE_URLS) now and waits for the caches' answers. */
  flushPurges(): Promise<void>
  renderCache: RenderCache | null
  /** This server's change bus: what its writes announce, and what the relay brings from other servers. */
  changes: ChangeBus
  close(): Promise<void>
}

/**
 * Every page's footer shows the archive's years ("2018–2026"). A publish or unpublish can move them;
 * when it does, every cached page is stale.
 */
function watchCopyrightYears(database: Database, config: Config, changes: ChangeBus, invalidate: (tags: string[]) => void, logger: Logger): () => void {
  let shown: string | null = null
  const check = async () => {
    const { copyright } = await loadSiteChrome(database.db, config.siteUrl)
    if (shown !== null && copyright !== shown) invalidate([changeTags.site])
    shown = copyright
  }
  void check().catch((err: unknown) => logger.error({ err }, 'copyright years not read'))
  return changes.on((tags) => {
    if (tags.includes(changeTags.allLists)) void check().catch((err: unknown) => logger.error({ err }, 'copyright years not read'))
  })
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
  const mediaStorage = await createMediaStorage(config.mediaStorage, { db: database.db, dataDir: config.dataDir })
  if (mediaStorage.kind === 'local') {
    const abandoned = await sweepAbandonedUploads(mediaDirOf(config.dataDir))
    if (abandoned.length) logger.warn({ folders: abandoned.length }, 'removed upload folders left by an interrupted upload')
  }
  try {
    const applied = await migrateToLatest(database)
    if (applied.length) logger.info({ migrations: applied }, 'database migrated')
    if (config.demoContent && !(await hasStoredSettings(database.db))) {
      const { slug } = await loadDemoContent(database.db, { storyFile: findDemoStoryFile(config.seedArticlePath), mediaStorage })
      logger.info({ slug }, 'demo content loaded')
    }
  } catch (error) {
    await database.destroy()
    throw error
  }

  const views = createViewCounter(database.db, { onError: (err) => logger.error({ err }, 'view counts not saved') })
  const renderCache = config.renderCacheBytes > 0 ? new RenderCache(config.renderCacheBytes) : null
  const sitemapMonths = renderCache ? new TaggedMemo<MonthStats>() : null
  // Content API counts: any announced change may move one, so each drops them all.
  const apiCounts = new TaggedMemo<unknown>(1000)
  // Caches in front (Varnish, a CDN) drop what a change touched, like the render cache.
  const cdnPurge = config.purgeUrls.length ? startCdnPurge({ urls: config.purgeUrls, logger }) : null
  const invalidate = (tags: readonly string[], origin: ChangeOrigin = 'local') => {
    renderCache?.invalidate(tags)
    sitemapMonths?.invalidate(tags)
    apiCounts.invalidate([changeTags.site])
    // The server that made a change purges every cache in front; the others would only repeat it.
    if (origin === 'local') cdnPurge?.purge(tags)
  }
  // This server's change bus: the writes made through its connection, and (relayed) other servers'.
  const changes = createChangeBus()
  const detachChanges = attachChangeBus(database.db, changes)
  const stopInvalidating = changes.on(invalidate)
  const stopWatchingYears = renderCache || cdnPurge ? watchCopyrightYears(database, config, changes, invalidate, logger) : () => {}
  // Several servers on one PostgreSQL database: each tells the others what its changes touched.
  const relay = await startChangeRelay(database, { url: config.databaseUrl, logger, everything: [changeTags.site], onRemoteChange: (tags) => changes.emit(tags, 'remote') })
  const stopRelaying = changes.on((tags, origin) => {
    if (origin === 'local') relay.publish(tags)
  })
  const chrome = siteChromeCache(database.db, config.siteUrl, changes)
  const imageQueue = createWorkQueue({
    concurrency: config.images.concurrency,
    maxWaiting: config.images.maxWaiting,
    busyMessage: 'The server is processing as many images as it can. Try the upload again in a moment.',
    retryAfterSeconds: 10,
  })
  const deps: AppDeps = {
    config,
    database,
    logger,
    views,
    mediaStorage,
    imageQueue,
    theme: theme.overrides,
    renderCache,
    sitemapMonths,
    apiCounts,
    changes,
    chrome: chrome.load,
    errorPage: (c, page) => sendErrorPage(c, deps, page),
  }
  const app = createApp(deps)
  const scheduler = startScheduler(database, logger)
  const webhooks = startWebhookDispatcher({
    db: database.db,
    logger,
    retryDelaysMs: config.webhookRetryDelaysMs,
    timeoutMs: config.webhookTimeoutMs,
    allowPrivateAddresses: config.webhookAllowPrivate,
    articleUrl: (slug) => `${config.siteUrl}${paths.article(slug)}`,
  })
  const lane = renderCache
    ? (listener: RequestListener) =>
        withCachedPageLane(
          {
            cache: renderCache,
            isPublicPath: isCacheablePath,
            securityHeaders: securityHeaderList(config.siteUrl.startsWith('https:')),
            onHit: (page, userAgent) => countCachedRead(views, page, userAgent),
          },
          listener,
        )
    : undefined
  const sessionSweep = startSessionSweep(database, logger)
  // Everything started above belongs to this server: stopped with it, and also when it cannot listen.
  const stopWorkers = async () => {
    await scheduler.stop()
    await sessionSweep.stop()
    await cdnPurge?.flush()
    await webhooks.stop()
    await views.stop()
    stopRelaying()
    await relay.close()
    await database.destroy()
  }
  const stopWatching = () => {
    stopInvalidating()
    detachChanges()
    stopWatchingYears()
    chrome.stop()
  }
  let server: ServerType
  try {
    server = await listen(app, config, lane)
  } catch (error) {
    stopWatching()
    await stopWorkers()
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info({ port, database: database.dialect, media: mediaStorage.kind }, 'gazette is serving')
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    logger,
    flushViews: () => views.flush(),
    flushPurges: async () => cdnPurge?.flush(),
    renderCache,
    changes,
    async close() {
      stopWatching()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await stopWorkers()
    },
  }
}

/**
 * Publishes scheduled stories. It runs once at start, so a story due while the server was down goes
 * out immediately, then every second: a story goes live within about a second of its time.
 */
function startScheduler(database: Database, logger: Logger, intervalMs = 1000) {
  return repeatEvery(intervalMs, async () => {
    try {
      const ids = await publishDueArticles(database.db)
      if (ids.length) logger.info({ articles: ids }, 'scheduled articles published')
    } catch (err) {
      logger.error({ err }, 'scheduled publishing failed')
    }
  })
}

/**
 * Deletes sessions past their expiry, at start and then hourly: findSession already refuses them, so
 * this only keeps the table from growing with every sign-in.
 */
function startSessionSweep(database: Database, logger: Logger, intervalMs = 60 * 60 * 1000) {
  return repeatEvery(intervalMs, () => deleteExpiredSessions(database.db).catch((err: unknown) => logger.error({ err }, 'expired sessions not deleted')))
}

/** Runs `work` now and then every `intervalMs`, one run at a time; `stop` waits for the run in progress. */
function repeatEvery(intervalMs: number, work: () => Promise<void>) {
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = running.then(work)
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

function listen(app: Hono, config: Config, lane?: (listener: RequestListener) => RequestListener): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const createServer = lane ? (options: ServerOptions, listener: RequestListener) => createHttpServer(options, lane(listener)) : undefined
    const server = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: serverTimeoutOptions(config.timeouts),
        ...(createServer ? { createServer: createServer as typeof createHttpServer } : {}),
      },
      () => resolve(server),
    )
    applyServerTimeouts(server as Server, config.timeouts)
    server.once('error', reject)
  })
}
