import { createHmac } from 'node:crypto'
import type { Db } from '../db/connection.ts'
import type { Logger } from '../logger.ts'
import { claimDueDeliveries, nextDeliveryDueAt, recordDeliveryAttempt, type ClaimedDelivery, type DeliveryOutcome } from './webhook-deliveries.ts'

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
}

export type WebhookDispatcher = { stop(): Promise<void> }

const userAgent = 'Gazette-Webhooks/1'

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
    const log = { delivery: delivery.uuid, event: delivery.event, url: delivery.url, attempt: delivery.attempt, status: outcome.statusCode }
    if (outcome.ok) logger.debug(log, 'webhook delivered')
    else logger.warn({ ...log, error: outcome.error }, 'webhook delivery failed')
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

/** One attempt. Redirects are not followed: a receiver that moved must be updated by an admin. */
async function send(delivery: ClaimedDelivery, options: WebhookDispatcherOptions, stopping: AbortSignal): Promise<DeliveryOutcome> {
  const body = deliveryBody(delivery, options.articleUrl)
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.any([timeout, stopping]),
      headers: {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'x-gazette-event': delivery.event,
        'x-gazette-delivery': delivery.uuid,
        'x-gazette-signature': signBody(delivery.secret, body),
      },
    })
    // The answer's body is of no use; cancelling it frees the connection.
    await response.body?.cancel().catch(() => {})
    const ok = response.status >= 200 && response.status < 300
    return { ok, statusCode: response.status, error: ok ? null : `The receiver answered HTTP ${response.status}.` }
  } catch (error) {
    if (timeout.aborted) return { ok: false, statusCode: null, error: `No answer within ${options.timeoutMs} ms.` }
    return { ok: false, statusCode: null, error: describeNetworkError(error) }
  }
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  return `Could not reach the receiver: ${detail}.`
}
