import type { Db } from '../../db/connection.ts'
import type { WebhookDeliveryStatus } from '../../db/schema.ts'
import { ForbiddenError } from '../../errors.ts'
import { canManageWebhooks, type Actor } from '../accounts/index.ts'
import { toTimestamp } from '../shared/index.ts'
import type { ArticleSnapshot, WebhookEvent } from './webhooks.ts'

/**
 * The outbox side of webhooks: claiming due deliveries, recording each attempt, and the delivery log.
 * A claim is a conditional update on the attempt count, so when several servers share the database
 * only one of them sends a given attempt.
 */
export type ClaimedDelivery = {
  id: number
  uuid: string
  event: WebhookEvent
  /** This attempt's number, counting from 1. */
  attempt: number
  article: ArticleSnapshot
  occurredAt: string
  url: string
  secret: string
}

export type DeliveryOutcome = { ok: boolean; statusCode: number | null; error: string | null }

export type DeliveryLogEntry = {
  id: number
  uuid: string
  event: string
  articleId: number
  headline: string
  status: WebhookDeliveryStatus
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  createdAt: string
  lastAttemptAt: string | null
  nextAttemptAt: string | null
  completedAt: string | null
}

/**
 * Claims up to `limit` due deliveries of enabled webhooks. Claiming counts the attempt and pushes
 * `next_attempt_at` out by `leaseMs`: should this server die mid-send, the delivery becomes due again
 * when the lease lapses (so a receiver may, rarely, see a delivery id twice; never two servers at once).
 */
export async function claimDueDeliveries(db: Db, options: { now?: Date; leaseMs: number; limit?: number }): Promise<ClaimedDelivery[]> {
  const now = options.now ?? new Date()
  const due = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.attempts', 'webhook_deliveries.next_attempt_at'])
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', toTimestamp(now))
    .where('webhooks.disabled_at', 'is', null)
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(options.limit ?? 20)
    .execute()
  const claimed: ClaimedDelivery[] = []
  for (const row of due) {
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ attempts: row.attempts + 1, next_attempt_at: toTimestamp(new Date(now.getTime() + options.leaseMs)), last_attempt_at: toTimestamp(now) })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) continue
    // Read after the claim: an article.updated replaced just before it is sent in its latest form.
    const delivery = await db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select(['webhook_deliveries.uuid', 'webhook_deliveries.event', 'webhook_deliveries.article', 'webhook_deliveries.created_at', 'webhooks.url', 'webhooks.secret'])
      .where('webhook_deliveries.id', '=', row.id)
      .executeTakeFirst()
    if (!delivery) continue
    claimed.push({
      id: row.id,
      uuid: delivery.uuid,
      event: delivery.event as WebhookEvent,
      attempt: row.attempts + 1,
      article: JSON.parse(delivery.article) as ArticleSnapshot,
      occurredAt: delivery.created_at,
      url: delivery.url,
      secret: delivery.secret,
    })
  }
  return claimed
}

/**
 * Records an attempt: delivered on a 2xx; otherwise due again after the schedule's delay for this
 * attempt, or failed for good once the schedule is used up (attempts = delays + 1). Only the server
 * holding the claim (the same attempt number) may record it.
 */
export async function recordDeliveryAttempt(db: Db, delivery: Pick<ClaimedDelivery, 'id' | 'attempt'>, outcome: DeliveryOutcome, options: { retryDelaysMs: readonly number[]; now?: Date }): Promise<void> {
  const now = options.now ?? new Date()
  const delay = options.retryDelaysMs[delivery.attempt - 1]
  const finished = outcome.ok || delay === undefined
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.ok ? 'delivered' : finished ? 'failed' : 'pending',
      last_status_code: outcome.statusCode,
      last_error: outcome.ok ? null : (outcome.error ?? 'unknown error').slice(0, 500),
      next_attempt_at: toTimestamp(new Date(now.getTime() + (finished ? 0 : (delay ?? 0)))),
      completed_at: finished ? toTimestamp(now) : null,
    })
    .where('id', '=', delivery.id)
    .where('attempts', '=', delivery.attempt)
    .where('status', '=', 'pending')
    .execute()
}

/** When the next pending delivery falls due, so the dispatcher can sleep until then. */
export async function nextDeliveryDueAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select((eb) => eb.fn.min('webhook_deliveries.next_attempt_at').as('due'))
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhooks.disabled_at', 'is', null)
    .executeTakeFirst()
  return row?.due ? new Date(row.due) : null
}

/** One webhook's deliveries, newest first, for the admin's delivery log. */
export async function listDeliveries(db: Db, actor: Actor, webhookId: number, { page = 1, pageSize = 50 } = {}): Promise<{ items: DeliveryLogEntry[]; hasNext: boolean }> {
  if (!canManageWebhooks(actor)) throw new ForbiddenError('Only administrators can manage webhooks.')
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  const items = rows.slice(0, pageSize).map((r) => ({
    id: r.id,
    uuid: r.uuid,
    event: r.event,
    articleId: r.article_id,
    headline: (JSON.parse(r.article) as Partial<ArticleSnapshot>).headline ?? '',
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    completedAt: r.completed_at,
  }))
  return { items, hasNext: rows.length > pageSize }
}
