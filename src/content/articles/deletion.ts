import type { Db } from '../../db/connection.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceArticleChange } from '../changes/index.ts'
import { ForbiddenError } from '../../errors.ts'
import { accessOf, loadArticleFor } from './editing.ts'
import { canDeleteArticle, type Actor } from '../accounts/index.ts'
import { enqueueArticleEvent } from '../webhooks/index.ts'

/**
 * Deletes an article with everything that hangs off it (bylines, tags, sources, revisions, history,
 * redirects, corrections, view counts: all `on delete cascade`). A story that was ever public is
 * announced as article.deleted, so subscribers can take down their copies; a draft nobody saw is not.
 */
export async function deleteArticle(db: Db, actor: Actor, id: number): Promise<void> {
  await inTransaction(db, (trx) => announceArticleChange(trx, id, async () => {
    const article = await loadArticleFor(trx, actor, id)
    if (!canDeleteArticle(actor, accessOf(article))) throw new ForbiddenError('You cannot delete this article.')
    // Queued before the delete: the delivery records the article as it was.
    if (article.publishedAt) await enqueueArticleEvent(trx, 'article.deleted', id)
    await trx.deleteFrom('articles').where('id', '=', id).execute()
  }))
}
