import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../src/content/accounts/index.ts'
import { createDraft, loadEditableArticle, saveArticle } from '../src/content/articles/index.ts'
import { listPublishedArticles, type ListPosition, getPublishedArticleBySlug } from '../src/content/published/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { getSiteSettings, updateSiteSettings } from '../src/content/settings/index.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { ConflictError, NotFoundError, ValidationError } from '../src/errors.ts'
import { buildArticle, publishStory, unpublishStory } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('content domain on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('migrates a fresh database and finds nothing to do the second time', async () => {
    expect(await migrateToLatest(server.database)).toEqual([])
  })

  it('derives unique slugs from headlines and refuses renaming to a taken slug', async () => {
    const { db } = server.database
    const a = await buildArticle(db, { headline: 'Mayor resigns!' })
    const b = await buildArticle(db, { headline: 'Mayor resigns' })
    expect(a.slug).toBe('mayor-resigns')
    expect(b.slug).toBe('mayor-resigns-2')
    // A new draft's slug is made free; renaming a story to a taken one is refused.
    const other = await buildArticle(db, { headline: 'Other' })
    const stored = await loadEditableArticle(db, other.id)
    await expect(saveArticle(db, systemActor, other.id, { ...stored, slug: 'mayor-resigns' }, { expectedVersion: stored.version })).rejects.toBeInstanceOf(ConflictError)
    await expect(buildArticle(db, { headline: 'Other', slug: 'Not a slug!' })).rejects.toBeInstanceOf(ValidationError)
  })

  it('writes an article with its relations in one transaction: a failure leaves nothing behind', async () => {
    const { db } = server.database
    const count = async () => Number((await db.selectFrom('articles').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    // Tag 999999 does not exist: refused inside the write's transaction, so no row is left.
    await expect(createDraft(db, systemActor, { headline: 'Half-written story', bodyHtml: '<p>x</p>', tagIds: [999_999] })).rejects.toBeInstanceOf(ValidationError)
    expect(await count()).toBe(before)
    const orphans = await db.selectFrom('articles').select('id').where('headline', '=', 'Half-written story').execute()
    expect(orphans).toEqual([])
  })

  it('rejects invalid input with every problem listed', async () => {
    const error = await createDraft(server.database.db, systemActor, {
      headline: 'x'.repeat(301),
      bodyHtml: '<p>x</p>',
      sources: [{ name: 'Wire', kind: 'rumour' as 'quoted', url: 'ftp://example.com' }],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const details = (error as ValidationError).details.join('\n')
    expect(details).toMatch(/headline/)
    expect(details).toMatch(/sources\.0\.kind/)
    expect(details).toMatch(/sources\.0\.url/)
  })

  it('keeps the first publication time on republish and hides unpublished stories', async () => {
    const { db, dialect } = server.database
    const section = await ensureSection(db, { name: 'Business' })
    const { id, slug } = await createDraft(db, systemActor, { headline: 'Bank rate held', bodyHtml: '<p>Rates stay.</p>', sectionId: section.id })
    await publishStory(db, id, new Date('2024-02-01T10:00:00Z'))
    await unpublishStory(db, id)
    await expect(getPublishedArticleBySlug(db, dialect, slug)).rejects.toBeInstanceOf(NotFoundError)
    await publishStory(db, id, new Date('2024-03-01T10:00:00Z'))
    const article = await getPublishedArticleBySlug(db, dialect, slug)
    expect(article.publishedAt).toBe('2024-02-01T10:00:00.000Z')
    expect(article.updatedAt).toBe('2024-03-01T10:00:00.000Z')
    await expect(publishStory(db, 987_654)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('pages through a listing newest first without gaps or repeats', async () => {
    const { db } = server.database
    const section = await ensureSection(db, { name: 'Paging' })
    for (let day = 1; day <= 7; day++) {
      await buildArticle(db, { headline: `Paging story ${day}`, section: 'Paging', publishedAt: `2023-01-0${day}T12:00:00Z` })
    }
    const seen: string[] = []
    let position: ListPosition = { page: 1 }
    for (let page = 1; page <= 3; page++) {
      const result = await listPublishedArticles(db, { sectionId: section.id }, { position, pageSize: 3 })
      seen.push(...result.items.map((a) => a.headline))
      expect(result.older !== null).toBe(page < 3)
      expect(result.newer !== null).toBe(page > 1)
      if (result.older) position = { before: result.older }
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((d) => `Paging story ${d}`))
    // Back up from the last page: the newer page ends just before it, newest first.
    const last = await listPublishedArticles(db, { sectionId: section.id }, { position, pageSize: 3 })
    const newer = await listPublishedArticles(db, { sectionId: section.id }, { position: { after: last.newer! }, pageSize: 3 })
    expect(newer.items.map((a) => a.headline)).toEqual([4, 3, 2].map((d) => `Paging story ${d}`))
    expect(newer.newer).not.toBeNull()
    // Old numbered links still read the same stories.
    const page2 = await listPublishedArticles(db, { sectionId: section.id }, { position: { page: 2 }, pageSize: 3 })
    expect(page2.items.map((a) => a.headline)).toEqual([4, 3, 2].map((d) => `Paging story ${d}`))
  })

  it('validates settings and keeps stored values across reads', async () => {
    const { db } = server.database
    await expect(updateSiteSettings(db, { timezone: 'Mars/Olympus' })).rejects.toBeInstanceOf(ValidationError)
    await expect(updateSiteSettings(db, { socialLinks: [{ network: 'x', url: 'javascript:alert(1)' }] })).rejects.toBeInstanceOf(ValidationError)
    await updateSiteSettings(db, { name: 'Harbour Herald', timezone: 'Europe/Lisbon' })
    const settings = await getSiteSettings(db)
    expect(settings.name).toBe('Harbour Herald')
    expect(settings.timezone).toBe('Europe/Lisbon')
    expect(settings.language).toBe('en')
  })
})
