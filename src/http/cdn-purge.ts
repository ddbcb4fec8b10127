import type { Logger } from '../logger.ts'

/**
 * Tells the HTTP caches in front of Gazette (Varnish, a CDN) which pages a committed change made
 * stale. Public pages carry their tags in `Surrogate-Key`; this sends the changed tags the same way,
 * as `PURGE <url>` with `Surrogate-Key: tag tag …`, to every configured URL
 * (deploy/varnish/gazette.vcl turns that into a ban). Changes a few milliseconds apart go out
 * together. A cache that is down or slow costs a log line, never a write: those pages then live out
 * their max-age.
 */
export type CdnPurgeOptions = {
  urls: readonly string[]
  logger: Logger
  /** How long one cache has to answer one purge. */
  timeoutMs?: number
  /** Tags announced within this window share one request per URL. */
  batchMs?: number
  /** Longest Surrogate-Key value in one request (Varnish refuses headers over 8 KB); more tags go in more requests. */
  maxKeysLength?: number
}

export type CdnPurge = {
  /** Queues tags to purge; returns at once and never throws. */
  purge(tags: readonly string[]): void
  /** Sends what is queued now and resolves when every purge under way has been answered or given up. */
  flush(): Promise<void>
}

/** Not BAN: Node's HTTP parser, and so any receiver written with it, refuses methods it does not know. */
export const purgeMethod = 'PURGE'

/** The tags as space-separated Surrogate-Key values, each at most `maxLength` characters (one longer tag goes alone). */
export function surrogateKeyValues(tags: Iterable<string>, maxLength: number): string[] {
  const values: string[] = []
  let current = ''
  for (const tag of tags) {
    if (current && current.length + 1 + tag.length > maxLength) {
      values.push(current)
      current = ''
    }
    current = current ? `${current} ${tag}` : tag
  }
  if (current) values.push(current)
  return values
}

/** One purge request; a refusal or no answer is logged with the URL and the keys, never thrown. */
export async function sendPurge(url: string, keys: string, options: { timeoutMs: number; logger: Logger }): Promise<void> {
  const { timeoutMs, logger } = options
  try {
    const response = await fetch(url, { method: purgeMethod, headers: { 'Surrogate-Key': keys }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    if (response.ok) logger.debug({ url, keys }, 'cache purged')
    else logger.warn({ url, status: response.status, keys }, 'a cache refused a purge; those pages stay until their max-age')
  } catch (err) {
    logger.warn({ err, url, keys, timeoutMs }, 'a cache did not take a purge; those pages stay until their max-age')
  }
}

export function startCdnPurge(options: CdnPurgeOptions): CdnPurge {
  const { urls, logger, timeoutMs = 5000, batchMs = 5, maxKeysLength = 4000 } = options
  const pending = new Set<string>()
  const inFlight = new Set<Promise<void>>()
  let timer: NodeJS.Timeout | null = null

  function sendPending() {
    if (timer) clearTimeout(timer)
    timer = null
    if (!pending.size) return
    const values = surrogateKeyValues(pending, maxKeysLength)
    pending.clear()
    for (const url of urls) {
      for (const keys of values) {
        const sent = sendPurge(url, keys, { timeoutMs, logger })
        inFlight.add(sent)
        void sent.finally(() => inFlight.delete(sent))
      }
    }
  }

  return {
    purge(tags) {
      for (const tag of tags) pending.add(tag)
      if (!pending.size || timer) return
      timer = setTimeout(sendPending, batchMs)
      timer.unref()
    },
    async flush() {
      sendPending()
      await Promise.all(inFlight)
    },
  }
}
