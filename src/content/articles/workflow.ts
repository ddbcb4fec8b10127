import type { Db } from '../../db/connection.ts'
import type { ArticleStatus } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceArticleChange } from '../changes/index.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../../errors.ts'
import { accessOf, loadArticleFor, loadEditableArticle, type EditableArticle } from './editing.ts'
import { recordedUserId, canPublish, canReturnToDraft, canSubmitForReview, type Actor } from '../accounts/index.ts'
import { toTimestamp } from '../shared/index.ts'
import { enqueueArticleEvent } from '../webhooks/index.ts'

/**
 * The desk's workflow: draft → in review → scheduled → published → unpublished, and back to draft.
 * Every change is recorded with who and when.
 */
/** Every status a story can have, in workflow order (draft → … → unpublished). */
export const articleStatuses = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const satisfies readonly ArticleStatus[]

export const workflowActions = ['submit', 'return', 'schedule', 'unschedule', 'publish', 'unpublish'] as const
export type WorkflowAction = (typeof workflowActions)[number]

const moves: Record<WorkflowAction, { from: ArticleStatus[]; to: ArticleStatus }> = {
  submit: { from: ['draft'], to: 'in_review' },
  return: { from: ['in_review', 'unpublished'], to: 'draft' },
  schedule: { from: ['draft', 'in_review', 'unpublished'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'draft' },
  publish: { from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'published' },
  unpublish: { from: ['published'], to: 'unpublished' },
}

const statusNames: Record<ArticleStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  scheduled: 'scheduled',
  published: 'published',
  unpublished: 'unpublished',
}

/** What a story still lacks before it may go public; empty when it is ready. */
export function missingForPublication(article: EditableArticle): string[] {
  const missing: string[] = []
  if (!article.headline.trim()) missing.push('a headline')
  if (!article.sectionId) missing.push('a section')
  if (article.featureMediaId && !article.featureImageAlt.trim()) missing.push('alt text for the feature image')
  if (!article.bodyHtml.trim()) missing.push('a body')
  return missing
}

function allowed(actor: Actor, action: WorkflowAction, article: EditableArticle): boolean {
  const access = accessOf(article)
  switch (action) {
    case 'submit':
      return canSubmitForReview(actor, access)
    case 'return':
      return canReturnToDraft(actor, access)
    default:
      return canPublish(actor, access)
  }
}

export async function transitionArticle(
  db: Db,
  actor: Actor,
  id: number,
  action: WorkflowAction,
  options: { at?: Date; scheduledAt?: Date; note?: string; publishedAt?: Date } = {},
): Promise<EditableArticle> {
  const at = options.at ?? new Date()
  await inTransaction(db, (trx) => announceArticleChange(trx, id, async () => {
    const article = await loadArticleFor(trx, actor, id)
    if (!allowed(actor, action, article)) throw new ForbiddenError(`You cannot ${action} this article.`)
    const move = moves[action]
    if (!move.from.includes(article.status)) {
      throw new ConflictError(`This article is ${statusNames[article.status]}: it cannot be ${action === 'return' ? 'returned to draft' : `${action}ed`} now.`)
    }
    if (action === 'publish' || action === 'schedule') {
      const missing = missingForPublication(article)
      if (missing.length) throw new ValidationError(`This story cannot be published yet: it needs ${missing.join(', ')}.`, missing.map((m) => `missing ${m}`))
    }
    if (action === 'schedule' && (!options.scheduledAt || options.scheduledAt.getTime() <= at.getTime())) {
      throw new ValidationError('Choose a publication time in the future.')
    }
    const now = toTimestamp(at)
    const result = await trx
      .updateTable('articles')
      .set((eb) => ({
        status: move.to,
        scheduled_at: action === 'schedule' && options.scheduledAt ? toTimestamp(options.scheduledAt) : null,
        // The first publication time is kept: a republished story is not new.
        // An importer may bring a story's original publication time (`publishedAt`) for its first one.
        ...(action === 'publish' ? { published_at: eb.fn.coalesce('published_at', eb.val(options.publishedAt ? toTimestamp(options.publishedAt) : now)) } : {}),
        updated_at: now,
      }))
      .where('id', '=', id)
      // The status read above is checked again by the update itself: two concurrent transitions from
      // the same status (PostgreSQL runs them side by side) must not both win and record two moves.
      .where('status', '=', article.status)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new ConflictError('Someone changed the status of this article at the same moment: reload it and try again.')
    await trx
      .insertInto('article_transitions')
      .values({ article_id: id, from_status: article.status, to_status: move.to, user_id: recordedUserId(actor), at: now, note: options.note?.slice(0, 500) || null })
      .execute()
    // Webhook outbox: queued in this transaction, so only a committed change is announced.
    if (action === 'publish') await enqueueArticleEvent(trx, 'article.published', id, at)
    if (action === 'unpublish') await enqueueArticleEvent(trx, 'article.unpublished', id, at)
  }))
  return loadEditableArticle(db, id)
}

/**
 * Publishes every scheduled article whose time has come. Each is claimed with a conditional update
 * (`status = 'scheduled'`), so with several servers on one database each story is published once.
 */
export async function publishDueArticles(db: Db, now = new Date()): Promise<number[]> {
  const due = await db
    .selectFrom('articles')
    .select(['id', 'scheduled_at'])
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', toTimestamp(now))
    .orderBy('scheduled_at')
    .limit(100)
    .execute()
  const published: number[] = []
  for (const { id, scheduled_at } of due) {
    const claimed = await inTransaction(db, (trx) => announceArticleChange(trx, id, async () => {
      // Published as of the scheduled time, even when the server was down at that moment.
      const at = scheduled_at ?? toTimestamp(now)
      const result = await trx
        .updateTable('articles')
        .set((eb) => ({ status: 'published', published_at: eb.fn.coalesce('published_at', eb.val(at)), scheduled_at: null, updated_at: toTimestamp(now) }))
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) return false
      await trx
        .insertInto('article_transitions')
        .values({ article_id: id, from_status: 'scheduled', to_status: 'published', user_id: null, at: toTimestamp(now), note: 'published on schedule' })
        .execute()
      await enqueueArticleEvent(trx, 'article.published', id, now)
      return true
    }))
    if (claimed) published.push(id)
  }
  return published
}

export type Transition = { fromStatus: ArticleStatus | null; toStatus: ArticleStatus; at: string; userName: string | null; note: string | null }

export async function listTransitions(db: Db, articleId: number): Promise<Transition[]> {
  const rows = await db
    .selectFrom('article_transitions')
    .leftJoin('users', 'users.id', 'article_transitions.user_id')
    .select(['article_transitions.from_status', 'article_transitions.to_status', 'article_transitions.at', 'article_transitions.note', 'users.name'])
    .where('article_transitions.article_id', '=', articleId)
    .orderBy('article_transitions.id', 'desc')
    .execute()
  return rows.map((r) => ({ fromStatus: r.from_status, toStatus: r.to_status, at: r.at, userName: r.name, note: r.note }))
}

/** The workflow buttons this actor may press on this article now. */
export function availableActions(actor: Actor, article: EditableArticle): WorkflowAction[] {
  return workflowActions.filter((action) => moves[action].from.includes(article.status) && allowed(actor, action, article))
}
