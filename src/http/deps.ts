import type { Context } from 'hono'
import type { Config } from '../config.ts'
import type { ChangeBus } from '../content/changes/index.ts'
import type { WorkQueue, MediaStorage } from '../content/media/index.ts'
import type { ViewCounter, MonthStats } from '../content/published/index.ts'
import type { Database } from '../db/connection.ts'
import type { Logger } from '../logger.ts'
import type { SiteChrome } from './site-chrome.ts'
import type { ThemeOverrides } from './theme/overrides.ts'
import type { RenderCache } from './render-cache.ts'
import type { TaggedMemo } from './tagged-memo.ts'

/** What an HTML error page says. */
export type ErrorPageProps = { status: number; message: string; details: string[] }

/** Everything the HTTP layer needs, built once by the server and handed to each router. */
export type AppDeps = {
  config: Config
  database: Database
  logger: Logger
  views: ViewCounter
  /** Masthead, navigation and footer data for public pages. */
  chrome(): Promise<SiteChrome>
  /** The HTML page for an error (the site's look, drawn by src/site); JSON clients never get it. */
  errorPage(c: Context, page: ErrorPageProps): Promise<Response>
  /** Where media library files live and are served from (`MEDIA_STORAGE`). */
  mediaStorage: MediaStorage
  /** Decoding and encoding of uploaded images: IMAGE_JOBS at a time, IMAGE_QUEUE_LENGTH waiting, then 503. */
  imageQueue: WorkQueue
  /** Components from the theme folder that replace built-in parts of public pages. */
  theme: ThemeOverrides
  /** Rendered public pages; null when RENDER_CACHE_MB is 0. */
  renderCache: RenderCache | null
  /** The sitemap index's per-month figures; null when RENDER_CACHE_MB is 0. */
  sitemapMonths: TaggedMemo<MonthStats> | null
  /** Content API counts by their query, until the next change (content-api-browse.ts `CountMemo`). */
  apiCounts: TaggedMemo<unknown>
  /** This server's change bus (committed writes through its connection, and relayed ones). */
  changes: ChangeBus
}
