import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../src/content/accounts/index.ts'
import { createDraft } from '../src/content/articles/index.ts'
import { ensureAuthor, ensureTag } from '../src/content/taxonomy/index.ts'
import { loadArticleScope } from '../src/content/changes/index.ts'
import { getPublishedArticleBySlug } from '../src/content/published/index.ts'
import { openDatabase, type Database } from '../src/db/connection.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { buildArticle, buildImage } from './helpers/builders.ts'
import { databaseTargets, testSchemaName } from './helpers/databases.ts'

/**
 * The article page builds its cache tags from the story it has read (`PublishedArticle.scope`) instead
 * of reading the row and its links again with `loadArticleScope`, which the writes compare before and
 * after. Both must describe the story alike, or an edit would miss the page (or the page its lists).
 */
describe.each(await databaseTargets())('article scope on $name', (target) => {
  let database: Database
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gazette-scope-'))
    database = await openDatabase(target.url ?? join(dir, 'scope.sqlite'), { schema: target.url ? testSchemaName('scope') : undefined })
    await migrateToLatest(database)
  })
  afterAll(async () => {
    await database?.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  it('derives from the loaded story what loadArticleScope reads: section, bylines, topics, image, date', async () => {
    const { db, dialect } = database
    // Created in an order that differs from the editor's, so ids and positions disagree.
    const [later, earlier] = [await ensureTag(db, { name: 'Scope tides' }), await ensureTag(db, { name: 'Scope harbour' })]
    const second = await ensureAuthor(db, { name: 'Scope Second' })
    const first = await ensureAuthor(db, { name: 'Scope First' })
    const image = await buildImage(db, join(dir, 'media'), { width: 400, height: 300 })
    const { id, slug } = await buildArticle(db, {
      section: 'Scope',
      tags: ['Scope ferry', 'Scope harbour', 'Scope tides'],
      authorIds: [first.id, second.id],
      featureMedia: image,
      sources: [{ name: 'Harbour office', kind: 'document' }],
    })

    const article = await getPublishedArticleBySlug(db, dialect, slug)
    const stored = await loadArticleScope(db, id)
    expect(article.scope).toEqual(stored)
    expect(stored).toMatchObject({ id, visible: true, mediaId: image.id, authorIds: [second.id, first.id].sort((a, b) => a - b) })
    expect(stored?.tagIds).toHaveLength(3)
    expect(stored?.tagIds).toContain(later.id)
    expect(stored?.tagIds).toContain(earlier.id)
    // The page itself keeps the editor's order.
    expect(article.tags.map((tag) => tag.name)).toEqual(['Scope ferry', 'Scope harbour', 'Scope tides'])
    expect(article.authors.map((author) => author.name)).toEqual(['Scope First', 'Scope Second'])
    expect(article.sources).toEqual([{ name: 'Harbour office', url: null, kind: 'document' }])
  })

  it('derives the same for a story without section, bylines, topics or image', async () => {
    const { db, dialect } = database
    const { id, slug } = await createDraft(db, systemActor, { headline: 'Scope bare story', bodyHtml: '<p>Nothing else.</p>' })
    // The workflow publishes nothing without a section: this is a story published before that rule.
    const at = '2024-05-06T07:08:09.000Z'
    await db.updateTable('articles').set({ status: 'published', published_at: at, updated_at: at }).where('id', '=', id).execute()
    await db.deleteFrom('article_authors').where('article_id', '=', id).execute()
    const article = await getPublishedArticleBySlug(db, dialect, slug)
    expect(article.scope).toEqual(await loadArticleScope(db, id))
    expect(article.scope).toEqual({ id, visible: true, publishedAt: '2024-05-06T07:08:09.000Z', sectionId: null, tagIds: [], authorIds: [], mediaId: null })
  })
})
