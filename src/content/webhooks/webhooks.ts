import { randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { ArticleStatus, WebhookTable } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import { canManageWebhooks, type Actor } from '../accounts/index.ts'
import { nowTimestamp, toTimestamp, parseInput } from '../shared/index.ts'
import { webhookUrlProblem, type WebhookAddressPolicy } from './address.ts'

/**
 * Webhooks tell other systems when public content changes. Delivery uses an outbox: the write that
 * publishes, updates, unpublishes or deletes a story calls `enqueueArticleEvent` inside its own
 * transaction, so a delivery exists exactly when the change was committed. The dispatcher
 * (webhook-dispatcher.ts) sends the rows later.
 */
export const webhookEvents = ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'] as const
export type WebhookEvent = (typeof webhookEvents)[number]

export type Webhook = { id: number; url: string; events: WebhookEvent[]; secret: string; createdAt: string; enabled: boolean }

/** What a delivery says about the article, as it was at the write. The dispatcher adds its `url`. */
export type ArticleSnapshot = { id: number; slug: string; headline: string; status: ArticleStatus; published_at: string | null; updated_at: string }

export const webhookInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' })),
  events: z.array(z.enum(webhookEvents)).min(1, 'choose at least one event').max(webhookEvents.length),
})
export type WebhookInput = z.input<typeof webhookInputSchema>

function requireWebhookManager(actor: Actor): void {
  if (!canManageWebhooks(actor)) throw new ForbiddenError('Only administrators can manage webhooks.')
}

function toWebhook(row: Omit<WebhookTable, 'id' | 'created_by'> & { id: number }): Webhook {
  const events = z.array(z.enum(webhookEvents)).catch([]).parse(JSON.parse(row.events))
  return { id: row.id, url: row.url, events, secret: row.secret, createdAt: row.created_at, enabled: row.disabled_at === null }
}

const webhookColumns = ['id', 'url', 'events', 'secret', 'created_at', 'disabled_at'] as const

/**
 * Registers a receiver with a new random signing secret. Its address must be public unless the policy
 * (WEBHOOK_ALLOW_PRIVATE) allows internal ones; the dispatcher checks again after resolving the name.
 */
export async function createWebhook(db: Db, actor: Actor, input: WebhookInput | { url: string; events: readonly string[] }, policy: WebhookAddressPolicy = {}): Promise<Webhook> {
  requireWebhookManager(actor)
  const data = parseInput(webhookInputSchema, input, 'webhook')
  const problem = webhookUrlProblem(data.url, policy)
  if (problem) throw new ValidationError('Invalid webhook.', [`url: ${problem}`])
  const events = webhookEvents.filter((e) => data.events.includes(e))
  const row = await db
    .insertInto('webhooks')
    .values({ url: data.url, events: JSON.stringify(events), secret: randomBytes(32).toString('hex'), created_by: actor.id, created_at: nowTimestamp(), disabled_at: null })
    .returning(webhookColumns)
    .executeTakeFirstOrThrow()
  return toWebhook(row)
}

export async function listWebhooks(db: Db, actor: Actor): Promise<Webhook[]> {
  requireWebhookManager(actor)
  const rows = await db.selectFrom('webhooks').select(webhookColumns).orderBy('id').execute()
  return rows.map(toWebhook)
}

export async function getWebhook(db: Db, actor: Actor, id: number): Promise<Webhook> {
  requireWebhookManager(actor)
  const row = await db.selectFrom('webhooks').select(webhookColumns).where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no such webhook.')
  return toWebhook(row)
}

/**
 * Disabling also gives up the deliveries still waiting, so enabling it again a week later does not
 * replay a week of stale events.
 */
export async function setWebhookEnabled(db: Db, actor: Actor, id: number, enabled: boolean): Promise<void> {
  requireWebhookManager(actor)
  await inTransaction(db, async (trx) => {
    const now = nowTimestamp()
    const result = await trx.updateTable('webhooks').set({ disabled_at: enabled ? null : now }).where('id', '=', id).executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new NotFoundError('There is no such webhook.')
    if (enabled) return
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: 'The webhook was disabled before this was delivered.', completed_at: now })
      .where('webhook_id', '=', id)
      .where('status', '=', 'pending')
      .execute()
  })
}

/** Deletes the webhook and its delivery log. */
export async function deleteWebhook(db: Db, actor: Actor, id: number): Promise<void> {
  requireWebhookManager(actor)
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst()
  if (result.numDeletedRows === 0n) throw new NotFoundError('There is no such webhook.')
}

/**
 * Queues `event` for every enabled webhook subscribed to it. Call it with the transaction of the write
 * it reports (and, for article.deleted, before the row is deleted): a rolled-back write then sends
 * nothing. An article.updated that has not been tried yet is replaced rather than repeated, so a
 * story autosaved every few seconds sends its latest state once, not one delivery per keystroke pause.
 */
export async function enqueueArticleEvent(db: Db, event: WebhookEvent, articleId: number, now = new Date()): Promise<void> {
  const hooks = await db.selectFrom('webhooks').select(['id', 'events']).where('disabled_at', 'is', null).execute()
  const subscribed = hooks.filter((hook) => toEvents(hook.events).includes(event))
  if (!subscribed.length) return
  const row = await db.selectFrom('articles').select(['id', 'slug', 'headline', 'status', 'published_at', 'updated_at']).where('id', '=', articleId).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no such article.')
  const article = JSON.stringify(row satisfies ArticleSnapshot)
  const at = toTimestamp(now)
  for (const hook of subscribed) {
    if (event === 'article.updated') {
      const replaced = await db
        .updateTable('webhook_deliveries')
        .set({ article, created_at: at })
        .where('webhook_id', '=', hook.id)
        .where('article_id', '=', articleId)
        .where('event', '=', event)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .executeTakeFirst()
      if (replaced.numUpdatedRows > 0n) continue
    }
    await db
      .insertInto('webhook_deliveries')
      .values({ uuid: randomUUID(), webhook_id: hook.id, event, article_id: articleId, article, status: 'pending', next_attempt_at: at, created_at: at, last_attempt_at: null, last_status_code: null, last_error: null, completed_at: null })
      .execute()
  }
}

function toEvents(json: string): string[] {
  const parsed: unknown = JSON.parse(json)
  return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : []
}
