import type { Db } from '../db/connection.ts'
import { afterCommit } from '../db/transaction.ts'

/**
 * What a write changed, as cache tags: every public page declares the tags it shows, every domain
 * write announces the tags it touched, once its transaction has committed. Caches listen here.
 */
export const changeTags = {
  /** Masthead, navigation, footer and theme: on every page. */
  site: 'site',
  /** Any list of the newest published stories (home, feeds, sitemaps, search). */
  allLists: 'list:all',
  article: (id: number) => `article:${id}`,
  sectionList: (id: number) => `list:section:${id}`,
  tagList: (id: number) => `list:tag:${id}`,
  authorList: (id: number) => `list:author:${id}`,
  authorProfile: (slug: string) => `author:${slug}`,
  /** The list of everyone with a byline (the HTML sitemap). */
  authors: 'authors',
  media: (id: number) => `media:${id}`,
  /** Any change to a story readers see, down to its last-change time (the sitemaps date their files by it). */
  archive: 'archive',
  /** The same, for stories first published in one UTC month (`2024-05`): that month's sitemap file. */
  archiveMonth: (month: string) => `archive:${month}`,
}

/** Where a change was committed: by this server, or by another one on the same database (src/db/change-relay.ts). */
export type ChangeOrigin = 'local' | 'remote'

export type ChangeListener = (tags: readonly string[], origin: ChangeOrigin) => void

const listeners = new Set<ChangeListener>()

/** Subscribes to committed changes; returns the unsubscribe function. */
export function onContentChange(listener: ChangeListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function announceChange(db: Db, tags: Iterable<string>): void {
  const unique = [...new Set(tags)]
  if (!unique.length) return
  afterCommit(db, () => {
    for (const listener of listeners) listener(unique, 'local')
  })
}

/** Hands a change another server committed, as relayed, to this server's listeners. */
export function receiveRemoteChange(tags: readonly string[]): void {
  const unique = [...new Set(tags)]
  if (!unique.length) return
  for (const listener of listeners) listener(unique, 'remote')
}

/** Where a story shows: what decides which pages change when it does. */
export type ArticleScope = { id: number; visible: boolean; publishedAt: string | null; sectionId: number | null; tagIds: number[]; authorIds: number[]; mediaId: number | null }

export async function loadArticleScope(db: Db, id: number): Promise<ArticleScope | null> {
  const [row, tags, authors] = await Promise.all([
    db.selectFrom('articles').select(['id', 'status', 'published_at', 'section_id', 'feature_media_id']).where('id', '=', id).executeTakeFirst(),
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute(),
    db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).execute(),
  ])
  if (!row) return null
  return {
    id,
    visible: row.status === 'published',
    publishedAt: row.published_at,
    sectionId: row.section_id,
    tagIds: tags.map((t) => t.tag_id).sort((a, b) => a - b),
    authorIds: authors.map((a) => a.author_id).sort((a, b) => a - b),
    mediaId: row.feature_media_id,
  }
}

/**
 * The tags a change to one story touches. A story readers never saw and still don't see touches
 * nothing; a visible one touches its own pages and the archive, its month included (sitemaps);
 * joining, leaving or moving between lists touches those lists, before and after.
 */
export function articleChangeTags(before: ArticleScope | null, after: ArticleScope | null): string[] {
  const visibleBefore = before?.visible ?? false
  const visibleAfter = after?.visible ?? false
  if (!visibleBefore && !visibleAfter) return []
  const id = (after ?? before)!.id
  const tags = [changeTags.article(id), changeTags.archive]
  for (const scope of [before, after]) {
    if (scope?.visible && scope.publishedAt) tags.push(changeTags.archiveMonth(scope.publishedAt.slice(0, 7)))
  }
  const moved =
    visibleBefore !== visibleAfter ||
    before?.publishedAt !== after?.publishedAt ||
    before?.sectionId !== after?.sectionId ||
    String(before?.tagIds) !== String(after?.tagIds) ||
    String(before?.authorIds) !== String(after?.authorIds)
  if (!moved) return tags
  tags.push(changeTags.allLists)
  for (const scope of [before, after]) {
    if (!scope) continue
    if (scope.sectionId !== null) tags.push(changeTags.sectionList(scope.sectionId))
    for (const tagId of scope.tagIds) tags.push(changeTags.tagList(tagId))
    for (const authorId of scope.authorIds) tags.push(changeTags.authorList(authorId))
  }
  return tags
}

/** Runs a write to one story and announces what it changed, comparing the story before and after. */
export async function announceArticleChange<T>(db: Db, id: number, write: () => Promise<T>): Promise<T> {
  const before = await loadArticleScope(db, id)
  const result = await write()
  announceChange(db, articleChangeTags(before, await loadArticleScope(db, id)))
  return result
}
