import { diffWords } from 'diff'
import type { Db } from '../../db/connection.ts'
import { NotFoundError } from '../../errors.ts'
import { loadArticleFor, parseArticleDraft, saveArticle, type ArticleDraft, type EditableArticle } from './editing.ts'
import { htmlToText } from '../shared/index.ts'
import { canSetFeatured, type Actor } from '../accounts/index.ts'

export type RevisionSummary = { id: number; version: number; createdAt: string; userName: string | null }
export type Revision = RevisionSummary & { draft: ArticleDraft }

/** A story's history is as private as the story: someone who may not read it gets a 404. */
export async function listRevisions(db: Db, actor: Actor, articleId: number): Promise<RevisionSummary[]> {
  await loadArticleFor(db, actor, articleId)
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select(['article_revisions.id', 'article_revisions.version', 'article_revisions.created_at', 'users.name'])
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, version: r.version, createdAt: r.created_at, userName: r.name }))
}

export async function getRevision(db: Db, actor: Actor, articleId: number, revisionId: number): Promise<Revision> {
  await loadArticleFor(db, actor, articleId)
  const row = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select(['article_revisions.id', 'article_revisions.version', 'article_revisions.created_at', 'article_revisions.snapshot', 'users.name'])
    .where('article_revisions.article_id', '=', articleId)
    .where('article_revisions.id', '=', revisionId)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('There is no such revision.')
  // Revisions are sanitized when stored (and migration 0011 cleaned older ones); sanitizing again on
  // read keeps a restore or a comparison safe whatever the row holds.
  const draft = parseArticleDraft(JSON.parse(row.snapshot))
  return { id: row.id, version: row.version, createdAt: row.created_at, userName: row.name, draft }
}

export type DiffPart = { value: string; added: boolean; removed: boolean }
export type FieldDiff = { field: string; parts: DiffPart[]; changed: boolean }

const comparedFields: { field: string; read: (d: ArticleDraft) => string }[] = [
  { field: 'Headline', read: (d) => d.headline },
  { field: 'Dek', read: (d) => d.dek },
  { field: 'Slug', read: (d) => d.slug },
  { field: 'Body', read: (d) => htmlToText(d.bodyHtml) },
  { field: 'Dateline', read: (d) => d.dateline },
  { field: 'Label', read: (d) => d.label },
  { field: 'Feature image alt text', read: (d) => d.featureImageAlt },
  { field: 'Caption', read: (d) => d.featureImageCaption },
  { field: 'Sources', read: (d) => d.sources.map((s) => `${s.kind}: ${s.name} ${s.url}`.trim()).join('\n') },
  { field: 'SEO title', read: (d) => d.seoTitle },
  { field: 'SEO description', read: (d) => d.seoDescription },
]

/** Word-level differences, field by field, from `before` to `after`. */
export function diffDrafts(before: ArticleDraft, after: ArticleDraft): FieldDiff[] {
  return comparedFields.map(({ field, read }) => {
    const parts = diffWords(read(before), read(after)).map((p) => ({ value: p.value, added: Boolean(p.added), removed: Boolean(p.removed) }))
    return { field, parts, changed: parts.some((p) => p.added || p.removed) }
  })
}

/**
 * Restoring saves the old text as a new version, so the restore itself is in the history. Whether the
 * story is featured is the desk's call: a writer's restore leaves the flag as it is now.
 */
export async function restoreRevision(db: Db, actor: Actor, articleId: number, revisionId: number, expectedVersion: number): Promise<EditableArticle> {
  const revision = await getRevision(db, actor, articleId, revisionId)
  const draft = canSetFeatured(actor) ? revision.draft : { ...revision.draft, featured: undefined }
  return saveArticle(db, actor, articleId, draft, { expectedVersion })
}
