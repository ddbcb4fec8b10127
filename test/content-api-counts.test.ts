import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../src/content/accounts/index.ts'
import { buildArticle, publishStory, unpublishStory } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/**
 * A Content API page's `meta.pagination.total` is counted once and kept until a change is announced
 * (`CountMemo` in src/content/content-api-posts.ts): counting a million posts for every page a client
 * asks for costs more than the page.
 */
describe.each(await databaseTargets())('Content API totals on $name', (target) => {
  let server: TestServer
  let key: string

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    for (const tags of [['Ferries'], ['Ferries', 'Weather'], ['Weather']]) await buildArticle(db, { tags })
    key = (await createApiKey(db, { name: 'Totals' })).key
  })
  afterAll(async () => {
    await server?.close()
  })

  const total = async (filter?: string) => {
    const query = new URLSearchParams({ key, limit: '1', ...(filter ? { filter } : {}) })
    const res = await server.get(`/ghost/api/content/posts/?${query}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total
  }

  it('keeps a total between changes and counts again after a publish or unpublish', async () => {
    const { db } = server.database
    expect([await total(), await total('tag:ferries'), await total('tag:-ferries')]).toEqual([3, 2, 1])

    // A write no server announced (another process's import, say) is not seen until the next change.
    const quiet = await buildArticle(db, { tags: ['Ferries'], draft: true })
    await db.updateTable('articles').set({ status: 'published', published_at: new Date().toISOString() }).where('id', '=', quiet.id).execute()
    expect(await total('tag:ferries')).toBe(2)

    const story = await buildArticle(db, { tags: ['Weather'], draft: true })
    await publishStory(db, story.id)
    expect([await total(), await total('tag:ferries'), await total('tag:-ferries'), await total('tag:weather')]).toEqual([5, 3, 2, 3])
    await unpublishStory(db, story.id)
    expect([await total(), await total('tag:weather')]).toEqual([4, 2])
  })

  it('keeps topic and author post counts between changes', async () => {
    const { db } = server.database
    const countsOf = async (resource: 'tags' | 'authors') => {
      const res = await server.get(`/ghost/api/content/${resource}/?${new URLSearchParams({ key, include: 'count.posts', limit: 'all' })}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as Record<string, { slug: string; count: { posts: number } }[]>
      return Object.fromEntries((body[resource] ?? []).map((item) => [item.slug, item.count.posts]))
    }
    // A new byline is itself a change: made before the counts are taken.
    const story = await buildArticle(db, { tags: ['Ferries'], author: 'Counted Author', draft: true })
    const tags = await countsOf('tags')
    const authors = await countsOf('authors')
    // Not announced: the kept counts stand.
    await db.updateTable('articles').set({ status: 'published', published_at: new Date().toISOString() }).where('id', '=', story.id).execute()
    expect((await countsOf('tags')).ferries).toBe(tags.ferries)
    await unpublishStory(db, story.id)
    await publishStory(db, story.id)
    expect((await countsOf('tags')).ferries).toBe((tags.ferries ?? 0) + 1)
    expect(authors['counted-author']).toBe(0)
    expect(await countsOf('authors')).toMatchObject({ ...authors, 'counted-author': 1 })
  })

  it('counts a relative date again on every request', async () => {
    const { db } = server.database
    const recent = await total('published_at:>now-1h')
    const story = await buildArticle(db, { draft: true })
    // Published half an hour ago, without an announcement: only a count made now can include it.
    await db.updateTable('articles').set({ status: 'published', published_at: new Date(Date.now() - 30 * 60_000).toISOString() }).where('id', '=', story.id).execute()
    expect(await total('published_at:>now-1h')).toBe(recent + 1)
  })
})
