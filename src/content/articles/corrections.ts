import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { inTransaction } from '../../db/transaction.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts'
import { recordedUserId, canIssueCorrection, type Actor } from '../accounts/index.ts'
import { toTimestamp, parseInput } from '../shared/index.ts'
import { announceArticleChange, announceChange, changeTags } from '../changes/index.ts'
import { enqueueArticleEvent } from '../webhooks/index.ts'

/**
 * Corrections: a dated note on a published story saying what was wrong. They are appended, shown to
 * readers above the story, and mark the story as updated.
 */
export type Correction = { id: number; body: string; createdAt: string }

const correctionInput = z.object({ body: z.string().trim().min(1, 'Write what was corrected.').max(2000) })

export function listCorrections(db: Db, articleId: number): Promise<Correction[]> {
  return db
    .selectFrom('article_corrections')
    .select(['id', 'body', 'created_at as createdAt'])
    .where('article_id', '=', articleId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function issueCorrection(db: Db, actor: Actor, articleId: number, input: { body: string }, at = new Date()): Promise<Correction> {
  if (!canIssueCorrection(actor)) throw new ForbiddenError('Only editors can issue corrections.')
  const { body } = parseInput(correctionInput, input, 'correction')
  const now = toTimestamp(at)
  return inTransaction(db, async (trx) => {
    const article = await trx.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirst()
    if (!article) throw new NotFoundError('There is no such article.')
    if (article.status !== 'published') throw new ConflictError('Corrections are for published stories: edit the draft instead.')
    // A correction changes what readers see, down to the story's last-change time (which sitemaps
    // show): caches and subscribers hear of it like any other edit.
    await announceArticleChange(trx, articleId, () => trx.updateTable('articles').set({ updated_at: now }).where('id', '=', articleId).execute())
    await enqueueArticleEvent(trx, 'article.updated', articleId, at)
    const row = await trx
      .insertInto('article_corrections')
      .values({ article_id: articleId, body, created_by: recordedUserId(actor), created_at: now })
      .returning(['id', 'body', 'created_at as createdAt'])
      .executeTakeFirstOrThrow()
    return row
  })
}

/** Withdraws a correction issued by mistake (a wrong story, a typo in the note itself). */
export async function withdrawCorrection(db: Db, actor: Actor, articleId: number, correctionId: number): Promise<void> {
  if (!canIssueCorrection(actor)) throw new ForbiddenError('Only editors can withdraw corrections.')
  const result = await db.deleteFrom('article_corrections').where('id', '=', correctionId).where('article_id', '=', articleId).executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('There is no such correction.')
  announceChange(db, [changeTags.article(articleId)])
}
