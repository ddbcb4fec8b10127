import type { ArticleStatus, Role } from '../../db/schema.ts'

/**
 * Who may do what, as pure functions of the actor and the article. The domain functions call these
 * before every write; the admin UI uses the same functions only to decide which buttons to show.
 */
export type Actor = { id: number; role: Role; authorId: number | null }

/**
 * The actor for writes no person makes: the demo content, the test builders, importers and the
 * command line. It passes every policy (an administrator) and is recorded as nobody: created_by,
 * revisions and the transition log get a null user, as a scheduled publication does.
 */
export const systemActor: Actor = Object.freeze({ id: 0, role: 'admin', authorId: null })

/** The user a write is recorded under: null for the system actor. */
export function recordedUserId(actor: Actor): number | null {
  return actor.id > 0 ? actor.id : null
}

export type ArticleAccess = { status: ArticleStatus; createdBy: number | null; authorIds: number[] }

const rank: Record<Role, number> = { contributor: 0, author: 1, editor: 2, admin: 3 }

export function atLeast(actor: Actor, role: Role): boolean {
  return rank[actor.role] >= rank[role]
}

/** Own = created it, or is one of its bylines. */
export function ownsArticle(actor: Actor, article: ArticleAccess): boolean {
  return article.createdBy === actor.id || isBylined(actor, article)
}

/** The actor's own author profile is among the story's bylines. */
export function isBylined(actor: Actor, article: Pick<ArticleAccess, 'authorIds'>): boolean {
  return actor.authorId !== null && article.authorIds.includes(actor.authorId)
}

/**
 * Writers see their own stories only (any status); the desk sees everything. A story the actor may
 * not read does not exist for them: lists leave it out and opening it is a 404, like a missing one.
 * List queries apply the same rule in SQL (`readableBy` in article-visibility.ts).
 */
export function canReadArticle(actor: Actor, article: ArticleAccess): boolean {
  return atLeast(actor, 'editor') || ownsArticle(actor, article)
}

/** Featuring a story is a placement decision of the desk. */
export function canSetFeatured(actor: Actor): boolean {
  return atLeast(actor, 'editor')
}

export function canCreateArticle(actor: Actor): boolean {
  return atLeast(actor, 'contributor')
}

/** A story readers can see, or will see without anyone pressing a button again. */
function goesOut(article: ArticleAccess): boolean {
  return article.status === 'published' || article.status === 'scheduled'
}

/**
 * Contributors edit their own drafts only; once submitted, the desk has it. Authors edit their own,
 * but a published or scheduled one only while they may publish it (they are on its byline), since an
 * edit to such a story goes out without review.
 */
export function canEditArticle(actor: Actor, article: ArticleAccess): boolean {
  if (atLeast(actor, 'editor')) return true
  if (!ownsArticle(actor, article)) return false
  if (actor.role === 'contributor') return article.status === 'draft'
  return !goesOut(article) || canPublish(actor, article)
}

/**
 * A save must be allowed on the story as it is and as it will be: so a writer cannot take the story
 * out of their own reach, nor take themselves off the byline of a published or scheduled story
 * (which would publish it under someone else's name).
 */
export function canSaveArticle(actor: Actor, before: ArticleAccess, after: Pick<ArticleAccess, 'authorIds'>): boolean {
  return canEditArticle(actor, before) && canEditArticle(actor, { ...before, authorIds: after.authorIds })
}

export function canSubmitForReview(actor: Actor, article: ArticleAccess): boolean {
  return atLeast(actor, 'editor') || ownsArticle(actor, article)
}

/**
 * Publishing, scheduling and unpublishing: editors for anyone's stories, authors for stories that
 * carry their own byline. Having created a story is not enough: an author cannot publish a story
 * bylined only to someone else.
 */
export function canPublish(actor: Actor, article: ArticleAccess): boolean {
  if (atLeast(actor, 'editor')) return true
  return actor.role === 'author' && isBylined(actor, article)
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
