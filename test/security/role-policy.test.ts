import * as cheerio from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleListSchema, articleSchema, errorSchema } from '../../src/api/admin/schemas.ts'
import { createApiToken } from '../../src/content/accounts/index.ts'
import { createDraft, loadEditableArticle, saveArticle } from '../../src/content/articles/index.ts'
import type { Actor } from '../../src/content/accounts/index.ts'
import { ensureSection } from '../../src/content/taxonomy/index.ts'
import { toActor } from '../../src/content/accounts/index.ts'
import { transitionArticle } from '../../src/content/articles/index.ts'
import type { ArticleStatus, Role } from '../../src/db/schema.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { buildUser, editorForm, signIn, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * The read policy of docs/decisions/0008-read-policy.md, through both doors (the newsroom and the Admin
 * API) for every role: writers see and change only their own stories, someone else's is a 404 exactly
 * like a missing one, authors publish only under their own byline, only the desk features stories;
 * and every refused request leaves the stored story as it was.
 */
const roles: Role[] = ['contributor', 'author', 'editor', 'admin']
const writers: Role[] = ['contributor', 'author']
const desk: Role[] = ['editor', 'admin']

type Api = (method: string, path: string, body?: unknown) => Promise<Response>

describe.each(await databaseTargets())('role policy on $name', (target) => {
  let server: TestServer
  let sectionId: number
  const browsers = {} as Record<Role, Client>
  const apis = {} as Record<Role, Api>
  const actors = {} as Record<Role, Actor>
  let other: Actor
  let deskActor: Actor

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    sectionId = (await ensureSection(db, { name: 'Harbour' })).id
    for (const role of roles) {
      // One person per role, signed in to the newsroom and holding an Admin API token.
      browsers[role] = await signIn(server, role)
      actors[role] = { id: browsers[role].userId, role, authorId: browsers[role].authorId }
      const { token } = await createApiToken(db, actors[role], { name: `${role} policy test` })
      apis[role] = (method, path, body) =>
        server.get(path, {
          method,
          headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
    }
    other = toActor(await buildUser(server, 'author', 'Other Reporter'))
    deskActor = toActor(await buildUser(server, 'editor', 'Desk Editor'))
  })
  afterAll(async () => {
    await server?.close()
  })

  let n = 0
  /** A story in the given state, created by `by` with `authorIds` as its byline (by's own when left out). */
  async function story(by: Actor, status: ArticleStatus = 'draft', authorIds?: number[]) {
    const { db } = server.database
    const input = { headline: `Policy story ${++n}`, bodyHtml: '<p>Text.</p>', sectionId, ...(authorIds ? { authorIds } : {}) }
    const { id } = await createDraft(db, by, input)
    if (status === 'in_review') await transitionArticle(db, deskActor, id, 'submit')
    if (status === 'published' || status === 'unpublished') await transitionArticle(db, deskActor, id, 'publish')
    if (status === 'unpublished') await transitionArticle(db, deskActor, id, 'unpublish')
    if (status === 'scheduled') await transitionArticle(db, deskActor, id, 'schedule', { scheduledAt: new Date(Date.now() + 86_400_000) })
    return loadEditableArticle(db, id)
  }
  const othersStory = (status: ArticleStatus = 'draft') => story(other, status)
  const ownStory = (role: Role, status: ArticleStatus = 'draft') => story(actors[role], status)

  /** Everything a refused request must leave alone: the row, its bylines and tags, its history. */
  async function snapshot(id: number) {
    const { db } = server.database
    const [row, authors, tags, revisions, transitions, events] = await Promise.all([
      db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst(),
      db.selectFrom('article_authors').select(['author_id', 'position']).where('article_id', '=', id).orderBy('position').execute(),
      db.selectFrom('article_tags').select(['tag_id', 'position']).where('article_id', '=', id).orderBy('position').execute(),
      db.selectFrom('article_revisions').select('id').where('article_id', '=', id).orderBy('id').execute(),
      db.selectFrom('article_transitions').select('id').where('article_id', '=', id).orderBy('id').execute(),
      db.selectFrom('slug_redirects').select('old_slug').where('article_id', '=', id).execute(),
    ])
    expect(row).toBeDefined()
    return { row, authors, tags, revisions, transitions, events }
  }

  /** Runs a request that must be refused with `status`, and checks that nothing about the story changed. */
  async function refused(id: number, status: 403 | 404, send: () => Promise<Response>, label: string) {
    const before = await snapshot(id)
    const res = await send()
    expect(res.status, `${label}: ${await res.clone().text().then((t) => t.slice(0, 200))}`).toBe(status)
    expect(await snapshot(id), label).toEqual(before)
    return res
  }

  /** Every way of touching a story someone cannot read: the newsroom's pages and forms, and the Admin API. */
  async function everyDoor(role: Role, id: number) {
    const browser = browsers[role]
    const api = apis[role]
    const form = await editorForm(browsers.admin, id)
    const [revision] = await server.database.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).execute()
    const version = String(form.version)
    return [
      ['newsroom editor page', () => browser.get(`/admin/articles/${id}`)],
      ['newsroom revisions', () => browser.get(`/admin/articles/${id}/revisions`)],
      ['newsroom revision', () => browser.get(`/admin/articles/${id}/revisions/${revision!.id}`)],
      ['newsroom save', () => browser.post(`/admin/articles/${id}`, { ...form, headline: 'Taken over' })],
      ['newsroom save with an empty headline', () => browser.post(`/admin/articles/${id}`, { ...form, headline: '' })],
      ['newsroom autosave (form)', () => browser.post(`/admin/articles/${id}/autosave`, { ...form, headline: 'Taken over' })],
      ['newsroom autosave (JSON)', () => browser.post(`/admin/articles/${id}/autosave`, JSON.stringify({ version: Number(version), draft: { headline: 'Taken over' } }), { 'content-type': 'application/json', 'x-csrf-token': browser.csrf })],
      ['newsroom restore', () => browser.post(`/admin/articles/${id}/revisions/${revision!.id}/restore`, { version })],
      ['newsroom submit', () => browser.post(`/admin/articles/${id}/workflow`, { action: 'submit' })],
      ['newsroom publish', () => browser.post(`/admin/articles/${id}/workflow`, { action: 'publish' })],
      ['newsroom unpublish', () => browser.post(`/admin/articles/${id}/workflow`, { action: 'unpublish' })],
      ['API read', () => api('GET', `/api/admin/articles/${id}`)],
      ['API change', () => api('PATCH', `/api/admin/articles/${id}`, { version: Number(version), headline: 'Taken over' })],
      ['API change naming a missing section', () => api('PATCH', `/api/admin/articles/${id}`, { version: Number(version), section_id: 999_999 })],
      ['API publish', () => api('POST', `/api/admin/articles/${id}/publish`)],
      ['API unpublish', () => api('POST', `/api/admin/articles/${id}/unpublish`)],
      ['API delete', () => api('DELETE', `/api/admin/articles/${id}`)],
    ] as const
  }

  describe('lists', () => {
    it.each(roles)('the %s sees in both lists exactly the stories they may read', async (role) => {
      const own = await ownStory(role)
      const bylined = await story(deskActor, 'published', [actors[role].authorId!])
      const others = await othersStory('in_review')
      const othersPublished = await othersStory('published')
      const seesAll = desk.includes(role)

      const page = cheerio.load(await (await browsers[role].get('/admin/articles')).text())
      const listed = page('a[href^="/admin/articles/"]').map((_, a) => page(a).attr('href')).get()
      const inNewsroom = (id: number) => listed.includes(`/admin/articles/${id}`)
      expect(inNewsroom(own.id)).toBe(true)
      expect(inNewsroom(bylined.id)).toBe(true)
      expect(inNewsroom(others.id)).toBe(seesAll)
      expect(inNewsroom(othersPublished.id)).toBe(seesAll)

      const res = await apis[role]('GET', '/api/admin/articles')
      expect(res.status).toBe(200)
      const list = articleListSchema.parse(await res.json())
      const ids = list.articles.map((a) => a.id)
      expect(ids).toContain(own.id)
      expect(ids).toContain(bylined.id)
      expect(ids.includes(others.id)).toBe(seesAll)
      expect(ids.includes(othersPublished.id)).toBe(seesAll)

      // The total counts what the role may read, not the whole newsroom.
      const { db } = server.database
      const all = Number((await db.selectFrom('articles').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      if (seesAll) {
        expect(list.pagination.total).toBe(all)
      } else {
        const mine = await db
          .selectFrom('articles')
          .select('id')
          .where((eb) => eb.or([eb('created_by', '=', actors[role].id), eb('id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', actors[role].authorId!))]))
          .execute()
        expect(list.pagination.total).toBe(mine.length)
        expect(list.pagination.total).toBeLessThan(all)
        expect(ids.sort()).toEqual(mine.map((r) => r.id).sort())
      }

      // A status filter narrows within the same stories.
      const inReview = articleListSchema.parse(await (await apis[role]('GET', '/api/admin/articles?status=in_review')).json())
      expect(inReview.articles.map((a) => a.id).includes(others.id)).toBe(seesAll)
      const reviewPage = cheerio.load(await (await browsers[role].get('/admin/articles?status=in_review')).text())
      expect(reviewPage(`a[href="/admin/articles/${others.id}"]`).length > 0).toBe(seesAll)
    })
  })

  describe("someone else's story", () => {
    it.each(writers)('is a 404 for the %s through every door, like a missing one, and nothing changes', async (role) => {
      for (const status of ['draft', 'in_review', 'published'] as const) {
        const article = await othersStory(status)
        for (const [label, send] of await everyDoor(role, article.id)) {
          await refused(article.id, 404, send, `${status}: ${label}`)
        }
        // Indistinguishable from an id that was never used.
        const theirs = errorSchema.parse(await (await apis[role]('GET', `/api/admin/articles/${article.id}`)).json())
        const missing = errorSchema.parse(await (await apis[role]('GET', '/api/admin/articles/999999')).json())
        expect(theirs).toEqual(missing)
      }
    })

    it.each(desk)('is open to the %s: read, revisions, edit, autosave and workflow', async (role) => {
      const article = await othersStory('draft')
      const browser = browsers[role]
      expect((await browser.get(`/admin/articles/${article.id}`)).status).toBe(200)
      expect((await browser.get(`/admin/articles/${article.id}/revisions`)).status).toBe(200)
      expect((await apis[role]('GET', `/api/admin/articles/${article.id}`)).status).toBe(200)
      const form = await editorForm(browser, article.id)
      expect((await browser.post(`/admin/articles/${article.id}/autosave`, { ...form, headline: 'Desk autosave' })).status).toBe(200)
      const saved = await apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 2, headline: 'Desk edit' })
      expect(saved.status).toBe(200)
      expect(articleSchema.parse(await saved.json()).headline).toBe('Desk edit')
      expect((await browser.post(`/admin/articles/${article.id}/workflow`, { action: 'publish' })).status).toBe(303)
      expect((await loadEditableArticle(server.database.db, article.id)).status).toBe('published')
      expect((await apis[role]('POST', `/api/admin/articles/${article.id}/unpublish`)).status).toBe(200)
    })
  })

  describe('own stories', () => {
    it.each(roles)('the %s reads and edits an own draft through both doors', async (role) => {
      const article = await ownStory(role)
      const browser = browsers[role]
      expect((await browser.get(`/admin/articles/${article.id}`)).status).toBe(200)
      expect((await browser.get(`/admin/articles/${article.id}/revisions`)).status).toBe(200)
      const form = await editorForm(browser, article.id)
      expect((await browser.post(`/admin/articles/${article.id}`, { ...form, headline: 'Own edit' })).status).toBe(303)
      expect((await browser.post(`/admin/articles/${article.id}/autosave`, { ...(await editorForm(browser, article.id)), headline: 'Own autosave' })).status).toBe(200)
      const res = await apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 3, dek: 'Own dek' })
      expect(res.status).toBe(200)
      expect(articleSchema.parse(await res.json())).toMatchObject({ headline: 'Own autosave', dek: 'Own dek', version: 4 })
    })

    it('a story the contributor is only bylined on is theirs too; once submitted they read it but do not edit it', async () => {
      const bylined = await story(deskActor, 'draft', [actors.contributor.authorId!])
      expect((await apis.contributor('GET', `/api/admin/articles/${bylined.id}`)).status).toBe(200)
      expect((await apis.contributor('PATCH', `/api/admin/articles/${bylined.id}`, { version: 1, dek: 'Bylined edit' })).status).toBe(200)

      const submitted = await ownStory('contributor', 'in_review')
      expect((await browsers.contributor.get(`/admin/articles/${submitted.id}`)).status).toBe(200)
      expect((await apis.contributor('GET', `/api/admin/articles/${submitted.id}`)).status).toBe(200)
      const form = await editorForm(browsers.contributor, submitted.id)
      await refused(submitted.id, 403, () => browsers.contributor.post(`/admin/articles/${submitted.id}`, { ...form, headline: 'Late edit' }), 'newsroom save')
      await refused(submitted.id, 403, () => browsers.contributor.post(`/admin/articles/${submitted.id}/autosave`, { ...form, headline: 'Late edit' }), 'autosave')
      await refused(submitted.id, 403, () => apis.contributor('PATCH', `/api/admin/articles/${submitted.id}`, { version: 1, headline: 'Late edit' }), 'API change')
    })

    it('a contributor may not publish, schedule or delete anything but an own draft', async () => {
      const article = await ownStory('contributor')
      await refused(article.id, 403, () => browsers.contributor.post(`/admin/articles/${article.id}/workflow`, { action: 'publish' }), 'newsroom publish')
      await refused(article.id, 403, () => browsers.contributor.post(`/admin/articles/${article.id}/workflow`, { action: 'schedule', scheduledAt: '2099-01-01T09:00' }), 'newsroom schedule')
      await refused(article.id, 403, () => apis.contributor('POST', `/api/admin/articles/${article.id}/publish`), 'API publish')
      const published = await ownStory('contributor', 'published')
      await refused(published.id, 403, () => apis.contributor('POST', `/api/admin/articles/${published.id}/unpublish`), 'API unpublish')
      await refused(published.id, 403, () => apis.contributor('DELETE', `/api/admin/articles/${published.id}`), 'API delete')
      expect((await apis.contributor('DELETE', `/api/admin/articles/${article.id}`)).status).toBe(204)
    })
  })

  describe('publishing under a byline', () => {
    it('an author publishes, schedules and unpublishes a story carrying their byline, alone or with others', async () => {
      const own = await ownStory('author')
      expect((await browsers.author.post(`/admin/articles/${own.id}/workflow`, { action: 'publish' })).status).toBe(303)
      expect((await apis.author('POST', `/api/admin/articles/${own.id}/unpublish`)).status).toBe(200)
      const shared = await story(actors.author, 'draft', [other.authorId!, actors.author.authorId!])
      expect((await browsers.author.post(`/admin/articles/${shared.id}/workflow`, { action: 'schedule', scheduledAt: '2099-01-01T09:00' })).status).toBe(303)
      expect((await loadEditableArticle(server.database.db, shared.id)).status).toBe('scheduled')
      const bylinedOnly = await story(deskActor, 'draft', [actors.author.authorId!])
      expect((await apis.author('POST', `/api/admin/articles/${bylinedOnly.id}/publish`)).status).toBe(200)
    })

    it('an author may not publish a story they created for someone else’s byline, but may still edit its draft', async () => {
      const forOther = await story(actors.author, 'draft', [other.authorId!])
      expect((await apis.author('GET', `/api/admin/articles/${forOther.id}`)).status).toBe(200)
      await refused(forOther.id, 403, () => browsers.author.post(`/admin/articles/${forOther.id}/workflow`, { action: 'publish' }), 'newsroom publish')
      await refused(forOther.id, 403, () => browsers.author.post(`/admin/articles/${forOther.id}/workflow`, { action: 'schedule', scheduledAt: '2099-01-01T09:00' }), 'newsroom schedule')
      await refused(forOther.id, 403, () => apis.author('POST', `/api/admin/articles/${forOther.id}/publish`), 'API publish')
      expect((await browsers.author.get(`/admin/articles/${forOther.id}`)).status).toBe(200)
      const page = cheerio.load(await (await browsers.author.get(`/admin/articles/${forOther.id}`)).text())
      expect(page('input[name=action][value=publish]').length).toBe(0)
      expect((await apis.author('PATCH', `/api/admin/articles/${forOther.id}`, { version: 1, dek: 'Still a draft' })).status).toBe(200)

      // Once the desk has published it, it goes out without review: the author no longer edits it.
      await transitionArticle(server.database.db, deskActor, forOther.id, 'publish')
      await refused(forOther.id, 403, () => apis.author('PATCH', `/api/admin/articles/${forOther.id}`, { version: 2, headline: 'Live edit' }), 'API change of the live story')
      await refused(forOther.id, 403, () => apis.author('POST', `/api/admin/articles/${forOther.id}/unpublish`), 'API unpublish')
    })

    it('an author cannot take themselves off the byline of a published or scheduled story', async () => {
      for (const status of ['published', 'scheduled'] as const) {
        const article = await story(actors.author, 'draft', [actors.author.authorId!])
        if (status === 'published') expect((await apis.author('POST', `/api/admin/articles/${article.id}/publish`)).status).toBe(200)
        else expect((await browsers.author.post(`/admin/articles/${article.id}/workflow`, { action: 'schedule', scheduledAt: '2099-01-01T09:00' })).status).toBe(303)
        await refused(article.id, 403, () => apis.author('PATCH', `/api/admin/articles/${article.id}`, { version: 1, author_ids: [other.authorId!] }), `${status}: API byline swap`)
        await refused(article.id, 403, () => apis.author('PATCH', `/api/admin/articles/${article.id}`, { version: 1, author_ids: [] }), `${status}: API byline removed`)
        const form = await editorForm(browsers.author, article.id)
        await refused(article.id, 403, () => browsers.author.post(`/admin/articles/${article.id}`, { ...form, authorIds: String(other.authorId) }), `${status}: newsroom byline swap`)
        await refused(article.id, 403, () => browsers.author.post(`/admin/articles/${article.id}/autosave`, { ...form, authorIds: String(other.authorId) }), `${status}: autosave byline swap`)
        // Adding a co-author is fine: the author is still on it.
        expect((await apis.author('PATCH', `/api/admin/articles/${article.id}`, { version: 1, author_ids: [actors.author.authorId!, other.authorId!] })).status).toBe(200)
      }
    })

    it('the desk publishes anyone’s story and sets any byline', async () => {
      for (const role of desk) {
        const article = await othersStory('published')
        expect((await apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 1, author_ids: [actors.author.authorId!] })).status).toBe(200)
      }
    })
  })

  describe('featured', () => {
    it.each(writers)('the %s cannot feature a story: 403 and the flag stays as stored', async (role) => {
      const { db } = server.database
      const headline = `Featured by the ${role} ${++n}`
      const created = await apis[role]('POST', '/api/admin/articles', { headline, featured: true })
      expect(created.status).toBe(403)
      expect(await db.selectFrom('articles').select('id').where('headline', '=', headline).execute()).toEqual([])
      // Saying "not featured" on a new story is no change.
      expect((await apis[role]('POST', '/api/admin/articles', { headline, featured: false })).status).toBe(201)

      const article = await ownStory(role)
      await refused(article.id, 403, () => apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 1, featured: true }), 'API feature')
      const form = await editorForm(browsers[role], article.id)
      expect(form.featured).toBeUndefined()
      expect(form.featuredShown).toBeUndefined()
      await refused(article.id, 403, () => browsers[role].post(`/admin/articles/${article.id}`, { ...form, featuredShown: '1', featured: 'on' }), 'newsroom feature')
      await refused(article.id, 403, () => browsers[role].post(`/admin/articles/${article.id}/autosave`, { ...form, featuredShown: '1', featured: 'on' }), 'autosave feature')
      // Sending back the stored value (as a client that read the story does) is accepted.
      expect((await apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 1, featured: false, dek: 'Unfeatured still' })).status).toBe(200)
      expect((await loadEditableArticle(db, article.id)).featured).toBe(false)
    })

    it.each(writers)('the %s’s saves and restores leave a story the desk featured featured', async (role) => {
      const { db } = server.database
      const article = await ownStory(role)
      const firstRevision = (await db.selectFrom('article_revisions').select('id').where('article_id', '=', article.id).executeTakeFirstOrThrow()).id
      await saveArticle(db, deskActor, article.id, { ...article, featured: true }, { expectedVersion: 1 })
      const before = await snapshot(article.id)
      // Unfeaturing is refused like featuring.
      await refused(article.id, 403, () => apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 2, featured: false }), 'API unfeature')
      const form = await editorForm(browsers[role], article.id)
      expect(await snapshot(article.id)).toEqual(before)
      expect((await browsers[role].post(`/admin/articles/${article.id}`, { ...form, dek: 'Writer edit' })).status).toBe(303)
      expect((await browsers[role].post(`/admin/articles/${article.id}/autosave`, { ...(await editorForm(browsers[role], article.id)), dek: 'Writer autosave' })).status).toBe(200)
      expect((await browsers[role].post(`/admin/articles/${article.id}/revisions/${firstRevision}/restore`, { version: '4' })).status).toBe(303)
      const after = await loadEditableArticle(db, article.id)
      expect(after).toMatchObject({ featured: true, version: 5 })
    })

    it.each(desk)('the %s features and unfeatures through both doors', async (role) => {
      const article = await othersStory('draft')
      const res = await apis[role]('PATCH', `/api/admin/articles/${article.id}`, { version: 1, featured: true })
      expect(res.status).toBe(200)
      expect(articleSchema.parse(await res.json()).featured).toBe(true)
      const form = await editorForm(browsers[role], article.id)
      expect(form.featured).toBe('on')
      const { featured: _on, ...unchecked } = form
      expect((await browsers[role].post(`/admin/articles/${article.id}`, unchecked)).status).toBe(303)
      expect((await loadEditableArticle(server.database.db, article.id)).featured).toBe(false)
    })
  })
})
