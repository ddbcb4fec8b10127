import type { Db } from '../../db/connection.ts'
import { afterCommit, connectionOf } from '../../db/transaction.ts'

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

/**
 * One server's change bus: its caches, purge, relay and watchers listen on it. Each server creates its
 * own (`createChangeBus`) and attaches it to its connection, so two servers in one process (tests,
 * or two sites) never hear each other's changes except through the relay.
 */
export type ChangeBus = {
  /** Subscribes to committed changes; returns the unsubscribe function. */
  on(listener: ChangeListener): () => void
  /** Hands tags to every listener: a committed local change, or (origin `remote`) one another server relayed. */
  emit(tags: readonly string[], origin: ChangeOrigin): void
}

export function createChangeBus(): ChangeBus {
  const listeners = new Set<ChangeListener>()
  return {
    on(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    emit(tags, origin) {
      const unique = [...new Set(tags)]
      if (!unique.length) return
      for (const listener of listeners) listener(unique, origin)
    },
  }
}

// Which bus hears the writes made through a connection (and the transactions inTransaction opens on it).
const busesByConnection = new WeakMap<Db, ChangeBus>()

/**
 * Domain writes announce through the `db` they receive: a server attaches its bus to its connection
 * once, and every write through it (or a transaction on it) reaches that bus and no other. Returns
 * the detach function.
 */
export function attachChangeBus(db: Db, bus: ChangeBus): () => void {
  busesByConnection.set(db, bus)
  return () => {
    if (busesByConnection.get(db) === bus) busesByConnection.delete(db)
  }
}

/** Announces tags on the bus of `db`'s connection once its transaction commits; a connection without one has no listeners. */
export function announceChange(db: Db, tags: Iterable<string>): void {
  const unique = [...new Set(tags)]
  if (!unique.length) return
  const bus = busesByConnection.get(connectionOf(db))
  if (!bus) return
  afterCommit(db, () => bus.emit(unique, 'local'))
}

/** Where a story shows: what decides which pages change when it does. */
export type ArticleScope = { id: number; visible: boolean; publishedAt: string | null; sectionId: number | null; tagIds: number[]; authorIds: number[]; mediaId: number | null }

/** What a scope is made of: the story's row and the ids of its topics and bylines, in any order. */
export type ArticleScopeSource = {
  id: number
  status: string
  published_at: string | null
  section_id: number | null
  feature_media_id: number | null
  tagIds: readonly number[]
  authorIds: readonly number[]
}

/**
 * Where a story shows, from what was read of it. The article page builds its cache tags from the story
 * it has just read with this, instead of reading the row and its links a second time.
 */
export function articleScopeOf(story: ArticleScopeSource): ArticleScope {
  return {
    id: story.id,
    visible: story.status === 'published',
    publishedAt: story.published_at,
    sectionId: story.section_id,
    tagIds: [...story.tagIds].sort((a, b) => a - b),
    authorIds: [...story.authorIds].sort((a, b) => a - b),
    mediaId: story.feature_media_id,
  }
}

/** The scope as stored now: what a write compares before and after. */
export async function loadArticleScope(db: Db, id: number): Promise<ArticleScope | null> {
  const [row, tags, authors] = await Promise.all([
    db.selectFrom('articles').select(['id', 'status', 'published_at', 'section_id', 'feature_media_id']).where('id', '=', id).executeTakeFirst(),
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute(),
    db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).execute(),
  ])
  if (!row) return null
  return articleScopeOf({ ...row, tagIds: tags.map((t) => t.tag_id), authorIds: authors.map((a) => a.author_id) })
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
