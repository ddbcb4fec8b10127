import { createHmac } from 'node:crypto'
import type { Db } from '../../db/connection.ts'
import type { Logger } from '../../logger.ts'
import { redactedUrl } from './address.ts'
import { claimDueDeliveries, nextDeliveryDueAt, recordDeliveryAttempt, type ClaimedDelivery, type DeliveryOutcome } from './deliveries.ts'
import { postWebhook, type WebhookSendPolicy } from './request.ts'

/**
 * Sends the webhook outbox. Each tick claims the due deliveries, POSTs them concurrently with a
 * timeout, and records each result; then it sleeps until the next one falls due (at most `pollMs`, so
 * rows written by other servers or requests are picked up within about a second).
 */
export type WebhookDispatcherOptions = {
  db: Db
  logger: Logger
  /** Delay before each retry: attempt n + 1 waits `retryDelaysMs[n - 1]`; attempts = delays + 1. */
  retryDelaysMs: readonly number[]
  timeoutMs: number
  /** The public address of an article, for the payload. */
  articleUrl(slug: string): string
  pollMs?: number
  /** WEBHOOK_ALLOW_PRIVATE: required, so every dispatcher started says which receivers it may reach. */
  allowPrivateAddresses: boolean
} & WebhookSendPolicy

export type WebhookDispatcher = { stop(): Promise<void> }

const userAgent = 'Gazette-Webhooks/1'

/**
 * What the delivery log says for every attempt that got no HTTP answer. Refused, reset, timed out, not
 * found, bad certificate and "internal address" all read the same, so the log cannot be used to map
 * which hosts and ports exist; the reason goes to the server log, for operators only.
 */
export const unreachableError = 'The receiver was unreachable.'

/** The exact bytes sent and signed: the same for every attempt of a delivery. */
export function deliveryBody(delivery: Pick<ClaimedDelivery, 'event' | 'occurredAt' | 'article'>, articleUrl: (slug: string) => string): string {
  const { id, slug, headline, status, published_at, updated_at } = delivery.article
  return JSON.stringify({
    event: delivery.event,
    occurred_at: delivery.occurredAt,
    article: { id, slug, headline, url: articleUrl(slug), status, published_at, updated_at },
  })
}

/** `sha256=` and the hex HMAC-SHA256 of the raw body under the webhook's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { db, logger, pollMs = 1000 } = options
  // A claim outlives the slowest possible attempt, so no other server takes over a send in flight.
  const leaseMs = options.timeoutMs + 30_000
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  async function tick(): Promise<void> {
    const claimed = await claimDueDeliveries(db, { leaseMs })
    await Promise.all(claimed.map((delivery) => deliverOne(delivery)))
  }

  async function deliverOne(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await send(delivery, options, stopping.signal)
    // Shutting down mid-send: leave the claim to lapse, and the delivery is retried later.
    if (stopping.signal.aborted) return
    await recordDeliveryAttempt(db, delivery, outcome, { retryDelaysMs: options.retryDelaysMs })
    // The query string may carry a receiver's token: the log gets origin and path only.
    const log = { delivery: delivery.uuid, event: delivery.event, url: redactedUrl(delivery.url), attempt: delivery.attempt, status: outcome.statusCode }
    if (outcome.ok) logger.debug(log, 'webhook delivered')
    else logger.warn({ ...log, error: outcome.error, reason: outcome.reason }, 'webhook delivery failed')
  }

  async function sleepUntilNextDue(): Promise<number> {
    const due = await nextDeliveryDueAt(db)
    if (!due) return pollMs
    return Math.min(pollMs, Math.max(20, due.getTime() - Date.now()))
  }

  function schedule(delayMs: number) {
    if (stopping.signal.aborted) return
    timer = setTimeout(() => {
      running = tick()
        .then(sleepUntilNextDue, (err: unknown) => {
          logger.error({ err }, 'webhook dispatch failed')
          return pollMs
        })
        .then(schedule)
    }, delayMs)
    timer.unref()
  }

  schedule(0)
  return {
    async stop() {
      stopping.abort()
      clearTimeout(timer)
      await running.catch(() => {})
    },
  }
}

/** One attempt; `reason` says why there was no answer, for the server log only. */
async function send(delivery: ClaimedDelivery, options: WebhookDispatcherOptions, stopping: AbortSignal): Promise<DeliveryOutcome & { reason?: string }> {
  const body = deliveryBody(delivery, options.articleUrl)
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    const status = await postWebhook(
      {
        url: delivery.url,
        body,
        signal: AbortSignal.any([timeout, stopping]),
        headers: {
          'content-type': 'application/json',
          'user-agent': userAgent,
          'x-gazette-event': delivery.event,
          'x-gazette-delivery': delivery.uuid,
          'x-gazette-signature': signBody(delivery.secret, body),
        },
      },
      options,
    )
    const ok = status >= 200 && status < 300
    return { ok, statusCode: status, error: ok ? null : `The receiver answered HTTP ${status}.` }
  } catch (error) {
    return { ok: false, statusCode: null, error: unreachableError, reason: timeout.aborted ? 'timeout' : errorCode(error) }
  }
}

/** A short, address-free name for a failure: node's messages name the host and port it tried. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code
  return error instanceof Error ? error.name : 'unknown'
}
