import type { ArticleStatus, Role } from '../db/schema.ts'

/**
 * Who may do what, as pure functions of the actor and the article. The domain functions call these
 * before every write; the admin UI uses the same functions only to decide which buttons to show.
 */
export type Actor = { id: number; role: Role; authorId: number | null }

export type ArticleAccess = { status: ArticleStatus; createdBy: number | null; authorIds: number[] }

const rank: Record<Role, number> = { contributor: 0, author: 1, editor: 2, admin: 3 }

export function atLeast(actor: Actor, role: Role): boolean {
  return rank[actor.role] >= rank[role]
}

/** Own = created it, or is one of its bylines. */
export function ownsArticle(actor: Actor, article: ArticleAccess): boolean {
  return article.createdBy === actor.id || (actor.authorId !== null && article.authorIds.includes(actor.authorId))
}

export function canCreateArticle(actor: Actor): boolean {
  return atLeast(actor, 'contributor')
}

/** Contributors edit their own drafts only; once submitted, the desk has it. Authors edit their own. */
export function canEditArticle(actor: Actor, article: ArticleAccess): boolean {
  if (atLeast(actor, 'editor')) return true
  if (!ownsArticle(actor, article)) return false
  if (actor.role === 'contributor') return article.status === 'draft'
  return true
}

export function canSubmitForReview(actor: Actor, article: ArticleAccess): boolean {
  return atLeast(actor, 'editor') || ownsArticle(actor, article)
}

/** Publishing, scheduling and unpublishing: authors for their own stories, editors for anyone's. */
export function canPublish(actor: Actor, article: ArticleAccess): boolean {
  if (atLeast(actor, 'editor')) return true
  return actor.role === 'author' && ownsArticle(actor, article)
}

export function canReturnToDraft(actor: Actor, article: ArticleAccess): boolean {
  return canPublish(actor, article) || (article.status === 'in_review' && ownsArticle(actor, article))
}

export function canManageTaxonomy(actor: Actor): boolean {
  return atLeast(actor, 'editor')
}

export function canManageUsers(actor: Actor): boolean {
  return actor.role === 'admin'
}

export function canManageSettings(actor: Actor): boolean {
  return actor.role === 'admin'
}

export function canUploadMedia(actor: Actor): boolean {
  return atLeast(actor, 'contributor')
}

export function canDeleteMedia(actor: Actor, uploadedBy: number | null): boolean {
  return atLeast(actor, 'editor') || uploadedBy === actor.id
}

/** Corrections are a standards decision: the desk issues them, not the writer. */
export function canIssueCorrection(actor: Actor): boolean {
  return atLeast(actor, 'editor')
}

/** Editors keep every byline's profile; anyone may keep their own. */
export function canEditAuthorProfile(actor: Actor, authorId: number): boolean {
  return atLeast(actor, 'editor') || actor.authorId === authorId
}

/** Deleting is final (unlike unpublishing): the desk may delete any story, a writer only an own draft. */
export function canDeleteArticle(actor: Actor, article: ArticleAccess): boolean {
  if (atLeast(actor, 'editor')) return true
  return ownsArticle(actor, article) && article.status === 'draft'
}

/** Webhooks send stories to other systems, so only administrators set them up. */
export function canManageWebhooks(actor: Actor): boolean {
  return actor.role === 'admin'
}

/** Content API keys let other sites and apps read the archive, so only administrators issue them. */
export function canManageApiKeys(actor: Actor): boolean {
  return actor.role === 'admin'
}
