import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiClient, type ApiClient } from './helpers/admin-api.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { freePort } from './helpers/free-port.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'
import { checkVarnish, startVarnish, type RunningVarnish } from './helpers/varnish.ts'
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts'

const hasVarnish = checkVarnish('Varnish suite')

/**
 * Gazette behind Debian's Varnish with the shipped VCL (deploy/varnish/gazette.vcl) and PURGE_URLS
 * pointing at it: a change drops the pages that show what changed, and only those.
 */
describe.skipIf(!hasVarnish).each(await databaseTargets())('Gazette behind Varnish on $name', (target) => {
  let server: TestServer
  let varnish: RunningVarnish
  /** The second PURGE_URLS entry: records every purge Gazette sends. */
  let purges: WebhookReceiver
  let editor: ApiClient
  const stories = {} as Record<'harbour' | 'budget', { id: number; path: string }>

  beforeAll(async () => {
    purges = await startWebhookReceiver()
    const varnishPort = await freePort()
    server = await startTestServer(target, { demo: false, env: { PURGE_URLS: `http://127.0.0.1:${varnishPort}/,${purges.url}` } })
    varnish = await startVarnish({ port: varnishPort, backendPort: server.port })
    editor = await buildApiClient(server, 'editor')
    const { db } = server.database
    const story = ({ id, slug }: { id: number; slug: string }) => ({ id, path: `/articles/${slug}` })
    stories.harbour = story(await buildArticle(db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor', tags: ['Harbour'] }))
    stories.budget = story(await buildArticle(db, { headline: 'Budget vote delayed', section: 'Politics', author: 'Tom Lindqvist', tags: ['Budget'] }))
  })
  afterAll(async () => {
    try {
      await server?.close()
    } finally {
      await varnish?.stop()
      await purges?.close()
    }
  })

  async function throughVarnish(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(varnish.url + path, { headers })
    return { cache: res.headers.get('x-cache'), ids: res.headers.get('x-varnish')?.split(' ') ?? [], html: await res.text(), res }
  }
  /** Loads each page twice through Varnish, and checks the second answer came from its store. */
  async function warm(paths: string[]) {
    for (const path of paths) {
      expect((await throughVarnish(path)).res.status, path).toBe(200)
      const second = await throughVarnish(path)
      expect(second.cache, path).toBe('HIT')
      expect(second.ids, `${path}: X-Varnish names the request and the one that stored the page`).toHaveLength(2)
    }
  }
  /** The tags each page declares, read from Gazette itself (the VCL keeps them from readers). */
  async function surrogateKeys(paths: string[]): Promise<Map<string, string[]>> {
    const keys = new Map<string, string[]>()
    for (const path of paths) {
      const res = await server.get(path)
      await res.body?.cancel()
      keys.set(path, res.headers.get('surrogate-key')?.split(' ') ?? [])
    }
    return keys
  }
  /** Waits for the purges a write sent, and returns the tags they carried. */
  async function sentPurgeTags(): Promise<string[]> {
    await server.flushPurges()
    return purges.received.splice(0).flatMap((r) => String(r.headers['surrogate-key']).split(' '))
  }
  /** Pages declaring one of the purged tags come fresh from Gazette with `text`; every other page is still a hit. */
  async function expectOnlyPurged(keys: Map<string, string[]>, purged: string[], text: string) {
    for (const [path, tags] of keys) {
      const page = await throughVarnish(path)
      if (tags.some((tag) => purged.includes(tag))) {
        expect(page.cache, `${path} shows what changed`).toBe('MISS')
        expect(page.html, path).toContain(text)
      } else {
        expect(page.cache, `${path} shows nothing that changed`).toBe('HIT')
      }
    }
  }
  const sectionId = async (slug: string) => (await server.database.db.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id

  it('drops the pages that show an edited story, and keeps the rest', async () => {
    const { harbour, budget } = stories
    const pages = ['/', harbour.path, budget.path, '/section/local', '/section/politics', '/tag/harbour', '/tag/budget', '/author/tom-lindqvist', '/sitemap']
    await sentPurgeTags()
    await warm(pages)
    const keys = await surrogateKeys(pages)
    const stored = (await (await editor.request('GET', `/api/admin/articles/${harbour.id}`)).json()) as { version: number }
    const edit = await editor.request('PATCH', `/api/admin/articles/${harbour.id}`, { version: stored.version, headline: 'Harbour wall repaired at last' })
    expect(edit.status).toBe(200)
    const purged = await sentPurgeTags()
    expect(purged).toContain(`article:${harbour.id}`)
    // A headline edit moves the story in no list.
    expect(purged.filter((tag) => tag.startsWith('list:'))).toEqual([])
    // The story, the front page and its section and topic show it; the other story's pages don't.
    const affected = pages.filter((path) => keys.get(path)!.includes(`article:${harbour.id}`))
    expect(affected).toEqual(expect.arrayContaining([harbour.path, '/', '/section/local', '/tag/harbour']))
    for (const path of [budget.path, '/section/politics', '/tag/budget', '/author/tom-lindqvist']) expect(affected).not.toContain(path)
    await expectOnlyPurged(keys, purged, 'Harbour wall repaired at last')
  })

  it('sends no purge for a draft no reader sees, and drops the lists a story joins when it is published', async () => {
    const { harbour, budget } = stories
    const pages = ['/', harbour.path, budget.path, '/section/local', '/section/politics', '/tag/budget']
    await sentPurgeTags()
    await warm(pages)
    const keys = await surrogateKeys(pages)
    const created = await editor.request('POST', '/api/admin/articles', { headline: 'Ferry timetable changes', body_html: '<p>Winter sailings start.</p>', section_id: await sectionId('local') })
    expect(created.status).toBe(201)
    const draft = (await created.json()) as { id: number; version: number }
    expect((await editor.request('PATCH', `/api/admin/articles/${draft.id}`, { version: draft.version, dek: 'Fewer boats in winter' })).status).toBe(200)
    expect(await sentPurgeTags()).toEqual([])
    for (const path of pages) expect((await throughVarnish(path)).cache, path).toBe('HIT')

    expect((await editor.request('POST', `/api/admin/articles/${draft.id}/publish`)).status).toBe(200)
    const purged = await sentPurgeTags()
    expect(purged).toEqual(expect.arrayContaining([`article:${draft.id}`, 'list:all', `list:section:${await sectionId('local')}`]))
    expect(purged).not.toContain(`list:section:${await sectionId('politics')}`)
    const listing = (path: string) => keys.get(path)!.some((tag) => purged.includes(tag))
    expect(['/', '/section/local'].every(listing)).toBe(true)
    expect([budget.path, '/section/politics', '/tag/budget'].some(listing)).toBe(false)
    await expectOnlyPurged(keys, purged, 'Ferry timetable changes')
  })

  it('bans whole tags only, and lets an operator purge one address', async () => {
    const { harbour, budget } = stories
    // The harbour story's section page shows it, not the budget story.
    await warm([harbour.path, budget.path, '/section/local'])
    // `article` is the start of every story's tag, but not a tag: nothing goes.
    expect((await fetch(`${varnish.url}/`, { method: 'PURGE', headers: { 'surrogate-key': 'article' } })).status).toBe(200)
    expect((await fetch(`${varnish.url}/`, { method: 'BAN', headers: { 'surrogate-key': `article:${budget.id}` } })).status).toBe(200)
    expect((await throughVarnish(harbour.path)).cache).toBe('HIT')
    expect((await throughVarnish(budget.path)).cache).toBe('MISS')
    expect((await fetch(varnish.url + harbour.path, { method: 'PURGE' })).status).toBe(200)
    expect((await throughVarnish(harbour.path)).cache).toBe('MISS')
    expect((await throughVarnish('/section/local')).cache).toBe('HIT')
    // A regular expression is not a tag.
    expect((await fetch(`${varnish.url}/`, { method: 'PURGE', headers: { 'surrogate-key': '.*' } })).status).toBe(400)
    expect((await fetch(`${varnish.url}/`, { method: 'BAN' })).status).toBe(400)
    expect((await throughVarnish('/section/local')).cache).toBe('HIT')
  })

  it('never stores the newsroom, error pages or a signed-in visit, and shares pages across other cookies', async () => {
    await warm(['/'])
    expect((await throughVarnish('/', { cookie: '_ga=GA1.2.3' })).cache).toBe('HIT')
    expect((await throughVarnish('/', { cookie: 'theme=dark; gazette_session=abc' })).cache).toBe('PASS')
    for (const path of ['/admin/login', '/admin/login', '/articles/no-such-story', '/articles/no-such-story']) {
      const page = await throughVarnish(path)
      expect(page.cache, path).not.toBe('HIT')
    }
    const login = await throughVarnish('/admin/login')
    expect(login.res.headers.get('set-cookie')).toContain('gazette_form=')
    expect((await throughVarnish(stories.budget.path)).res.headers.get('surrogate-key')).toBeNull()
  })
})
