import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { hourBucket } from '../shared/index.ts'
import { listArticlesByIds, type ArticleTeaser } from './queries.ts'

/**
 * Crawlers, link previews and scripted clients are not readers. Matching is on the User-Agent only:
 * nothing that identifies a person (cookie, IP address) is read or stored.
 */
const botPattern =
  /bot|crawl|spider|slurp|fetch|preview|scan|monitor|headless|lighthouse|facebookexternalhit|embedly|curl|wget|python|java\/|go-http|node-fetch|axios|okhttp|httpclient|libwww|undici|^node$|^$/i

export function isLikelyBot(userAgent: string | undefined): boolean {
  return botPattern.test(userAgent ?? '')
}

export type ViewCounter = {
  /** Counts one reader view; cheap and synchronous, so it never slows a page. */
  record(articleId: number, userAgent: string | undefined): void
  /** Writes the pending counts; called on a timer and on shutdown. */
  flush(): Promise<void>
  stop(): Promise<void>
}

/**
 * Views are summed in memory and written once every `flushMs` as one upsert per (article, hour), so a
 * popular story costs a map increment per request instead of a database write.
 */
export function createViewCounter(db: Db, { flushMs = 5000, onError }: { flushMs?: number; onError?: (error: unknown) => void } = {}): ViewCounter {
  let pending = new Map<string, number>()
  let flushing: Promise<void> = Promise.resolve()

  const flush = () => {
    if (pending.size === 0) return flushing
    const batch = pending
    pending = new Map()
    flushing = flushing.then(() => writeViews(db, batch)).catch((error: unknown) => onError?.(error))
    return flushing
  }

  const timer = setInterval(() => void flush(), flushMs)
  timer.unref()

  return {
    record(articleId, userAgent) {
      if (isLikelyBot(userAgent)) return
      const key = `${articleId}|${hourBucket(new Date())}`
      pending.set(key, (pending.get(key) ?? 0) + 1)
    },
    flush,
    async stop() {
      clearInterval(timer)
      await flush()
    },
  }
}

async function writeViews(db: Db, batch: Map<string, number>): Promise<void> {
  const rows = [...batch].map(([key, views]) => {
    const [articleId, hour] = key.split('|') as [string, string]
    return { article_id: Number(articleId), hour, views }
  })
  // Views of an article deleted since they were counted are dropped rather than failing the batch.
  const existing = new Set(
    (await db.selectFrom('articles').select('id').where('id', 'in', [...new Set(rows.map((r) => r.article_id))]).execute()).map((r) => r.id),
  )
  const live = rows.filter((r) => existing.has(r.article_id))
  if (!live.length) return
  await db
    .insertInto('article_views')
    .values(live)
    .onConflict((oc) => oc.columns(['article_id', 'hour']).doUpdateSet({ views: sql`article_views.views + excluded.views` }))
    .execute()
}

/** The rolling windows readers see: the last day and the last week. */
export const trendingWindows = { day: 24 * 60 * 60 * 1000, week: 7 * 24 * 60 * 60 * 1000 } as const
export type TrendingWindow = keyof typeof trendingWindows

export type TrendingArticle = ArticleTeaser & { views: number }

/**
 * The SQL of the most-read list: the window's rows of `article_views`, a range of
 * `article_views_hour_idx` (hour, article_id, views) that answers the sum from the index alone. Its
 * cost follows the window's traffic, not the size of the archive. Whether each story is still
 * published is checked afterwards, by key: joining `articles` into this query let SQLite's planner
 * walk every published story instead.
 */
export function trendingQuery(db: Db, since: Date, limit: number) {
  return db
    .selectFrom('article_views')
    .select(['article_views.article_id', (eb) => eb.fn.sum<number | string>('article_views.views').as('total')])
    .where('article_views.hour', '>=', hourBucket(since))
    .groupBy('article_views.article_id')
    .orderBy('total', 'desc')
    .orderBy('article_views.article_id', 'desc')
    .limit(limit)
}

/** Most-read published stories in a rolling window, with their view counts, most read first. */
export async function listTrendingArticles(db: Db, window: TrendingWindow, limit: number, now = new Date()): Promise<TrendingArticle[]> {
  const since = new Date(now.getTime() - trendingWindows[window])
  // Ranked a few more than shown: some of the most read may have been unpublished since.
  const rows = await trendingQuery(db, since, limit * 3).execute()
  const views = new Map(rows.map((r) => [r.article_id, Number(r.total)]))
  const teasers = await listArticlesByIds(db, rows.map((r) => r.article_id))
  return teasers.slice(0, limit).map((t) => ({ ...t, views: views.get(t.id) ?? 0 }))
}

/** The front page's block: the day's most read, topped up from the week when the day is quiet. */
export async function listFrontPageTrending(db: Db, limit: number, now = new Date()): Promise<TrendingArticle[]> {
  const day = await listTrendingArticles(db, 'day', limit, now)
  if (day.length >= limit) return day
  const week = await listTrendingArticles(db, 'week', limit, now)
  const seen = new Set(day.map((a) => a.id))
  return [...day, ...week.filter((a) => !seen.has(a.id))].slice(0, limit)
}
