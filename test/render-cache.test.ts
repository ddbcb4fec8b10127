import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEditableArticle, saveArticle, transitionArticle } from '../src/content/articles/index.ts'
import { updateAuthorProfile, ensureSection } from '../src/content/taxonomy/index.ts'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { buildArticle, publishStory } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { buildUser } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('render cache on $name', (target) => {
  let server: TestServer
  let editor: { id: number; role: 'editor'; authorId: number | null }
  const stories: Record<string, { id: number; slug: string }> = {}

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    const user = await buildUser(server, 'editor')
    editor = { id: user.id, role: 'editor', authorId: user.author_id }
    stories.harbour = await buildArticle(db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor', tags: ['Harbour'] })
    stories.budget = await buildArticle(db, { headline: 'Budget vote delayed', section: 'Politics', author: 'Tom Lindqvist', tags: ['Budget'] })
  })
  afterAll(async () => {
    await server?.close()
  })

  async function fetchPage(path: string) {
    const res = await server.get(path)
    return { state: res.headers.get('x-render-cache'), html: await res.text(), etag: res.headers.get('etag'), res }
  }
  /** Loads each page twice so that it is cached, and checks it was. */
  async function warm(...paths: string[]) {
    for (const path of paths) {
      await fetchPage(path)
      expect((await fetchPage(path)).state, path).toBe('hit')
    }
  }

  it('renders a page once, then serves it from memory with its ETag, compressed as asked', async () => {
    const path = `/articles/${stories.harbour!.slug}`
    await server.renderCache?.clear()
    const first = await fetchPage(path)
    expect(first.state).toBe('miss')
    const second = await fetchPage(path)
    expect(second.state).toBe('hit')
    expect(second.html).toBe(first.html)
    expect(second.etag).toBe(first.etag)
    expect((await server.get(path, { headers: { 'if-none-match': first.etag ?? '' } })).status).toBe(304)
    const br = await server.get(path, { headers: { 'accept-encoding': 'br' } })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('surrogate-key')).toContain(`article:${stories.harbour!.id}`)
    expect(second.res.headers.get('content-security-policy')).toContain("script-src 'none'")
  })

  it('shows an edit on the next request and keeps unrelated pages cached', async () => {
    const { db } = server.database
    const harbour = `/articles/${stories.harbour!.slug}`
    const budget = `/articles/${stories.budget!.slug}`
    await warm(harbour, budget, '/', '/section/local', '/section/politics', '/tag/budget')
    const current = await loadEditableArticle(db, stories.harbour!.id)
    await saveArticle(db, editor, current.id, { ...current, headline: 'Harbour wall repaired at last' }, { expectedVersion: current.version })
    const after = await fetchPage(harbour)
    expect(after.state).toBe('miss')
    expect(after.html).toContain('Harbour wall repaired at last')
    // The front page and the story's section list it; the other story and section don't.
    expect((await fetchPage('/')).html).toContain('Harbour wall repaired at last')
    expect((await fetchPage('/section/local')).html).toContain('Harbour wall repaired at last')
    for (const path of [budget, '/section/politics', '/tag/budget']) expect((await fetchPage(path)).state, path).toBe('hit')
  })

  it('updates the lists a newly published story joins, and only those', async () => {
    const { db } = server.database
    await warm('/', '/section/local', '/section/politics', `/articles/${stories.budget!.slug}`)
    const draft = await buildArticle(db, { headline: 'Ferry timetable changes', section: 'Local', draft: true })
    // A draft is invisible: nothing changes.
    expect((await fetchPage('/section/local')).state).toBe('hit')
    await transitionArticle(db, editor, draft.id, 'publish')
    expect((await fetchPage('/section/local')).html).toContain('Ferry timetable changes')
    expect((await fetchPage('/')).html).toContain('Ferry timetable changes')
    expect((await fetchPage('/section/politics')).state).toBe('hit')
    expect((await fetchPage(`/articles/${stories.budget!.slug}`)).state).toBe('hit')
  })

  it('refreshes bylines when an author changes their profile, and every page when settings change', async () => {
    const { db } = server.database
    const harbour = `/articles/${stories.harbour!.slug}`
    const budget = `/articles/${stories.budget!.slug}`
    await warm(harbour, budget)
    const maria = await db.selectFrom('authors').select(['id']).where('slug', '=', 'maria-okafor').executeTakeFirstOrThrow()
    await updateAuthorProfile(db, { id: editor.id, role: 'editor', authorId: editor.authorId }, maria.id, { name: 'Maria O. Okafor', bio: '', avatarUrl: '' })
    expect((await fetchPage(harbour)).html).toContain('Maria O. Okafor')
    expect((await fetchPage(budget)).state).toBe('hit')
    await updateSiteSettings(db, { name: 'Harbour Herald' })
    const renamed = await fetchPage(budget)
    expect(renamed.state).toBe('miss')
    expect(renamed.html).toContain('Harbour Herald')
  })

  it('never caches the newsroom, the APIs or error pages', async () => {
    const missing = await server.get('/articles/no-such-story')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-render-cache')).toBeNull()
    expect((await server.get('/admin/login')).headers.get('x-render-cache')).toBeNull()
  })
})

describe.each(await databaseTargets())('render cache turned off on $name', (target) => {
  it('renders every request when RENDER_CACHE_MB is 0', async () => {
    const server = await startTestServer(target, { demo: false, env: { RENDER_CACHE_MB: '0' } })
    try {
      const story = await buildArticle(server.database.db)
      const res = await server.get(`/articles/${story.slug}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-render-cache')).toBeNull()
      // A CDN or Varnish in front still gets the tags to purge by.
      expect(res.headers.get('surrogate-key')?.split(' ')).toEqual(expect.arrayContaining(['site', `article:${story.id}`]))
      expect(server.renderCache).toBeNull()
    } finally {
      await server.close()
    }
  })

  it('keeps the masthead, navigation and footer years current though it reads them once', async () => {
    const server = await startTestServer(target, { demo: false, env: { RENDER_CACHE_MB: '0' } })
    try {
      const { db } = server.database
      const story = await buildArticle(db, { section: 'Harbour' })
      const page = async () => server.get(`/articles/${story.slug}`).then((res) => res.text())
      const year = new Date().getUTCFullYear()
      expect(await page()).toContain(`© ${year} `)
      await updateSiteSettings(db, { name: 'Quayside Courier' })
      expect(await page()).toContain('Quayside Courier')
      await ensureSection(db, { name: 'Lighthouses' })
      expect(await page()).toContain('href="/section/lighthouses"')
      // A story first published years ago widens the footer's span.
      const old = await buildArticle(db, { draft: true })
      await publishStory(db, old.id, new Date('2019-03-04T05:06:07Z'))
      expect(await page()).toContain(`© 2019–${year} `)
    } finally {
      await server.close()
    }
  })
})
