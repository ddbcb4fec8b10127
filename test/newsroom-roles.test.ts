import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, loadEditableArticle, saveArticle, transitionArticle } from '../src/content/articles/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { getSiteSettings } from '../src/content/settings/index.ts'
import { toActor } from '../src/content/accounts/index.ts'
import type { Role } from '../src/db/schema.ts'
import { databaseTargets } from './helpers/databases.ts'
import { buildUser, editorForm, signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

const roles: Role[] = ['contributor', 'author', 'editor', 'admin']

type Expectation = Record<Role, boolean>
const everyone: Expectation = { contributor: true, author: true, editor: true, admin: true }
const authorsUp: Expectation = { contributor: false, author: true, editor: true, admin: true }
const editorsUp: Expectation = { contributor: false, author: false, editor: true, admin: true }
const adminsOnly: Expectation = { contributor: false, author: false, editor: false, admin: true }

describe.each(await databaseTargets())('newsroom roles on $name', (target) => {
  let server: TestServer
  const clients = {} as Record<Role, Client>
  let sectionId: number
  let otherActor: ReturnType<typeof toActor>

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    for (const role of roles) clients[role] = await signIn(server, role)
    sectionId = (await ensureSection(server.database.db, { name: 'City' })).id
    otherActor = toActor(await buildUser(server, 'contributor', 'Other Reporter'))
  })
  afterAll(async () => {
    await server?.close()
  })

  /** A story owned by someone else, in the given state. */
  async function othersArticle(status: 'draft' | 'published') {
    const { db } = server.database
    const article = await createDraft(db, otherActor, { headline: `Someone else's story ${Math.random()}`, bodyHtml: '<p>Text.</p>', sectionId })
    if (status === 'published') await transitionArticle(db, toActor({ id: clients.admin.userId, role: 'admin', author_id: null }), article.id, 'publish')
    return loadEditableArticle(db, article.id)
  }

  async function ownArticle(role: Role) {
    const actor = { id: clients[role].userId, role, authorId: clients[role].authorId }
    return createDraft(server.database.db, actor, { headline: `Own story of the ${role} ${Math.random()}`, bodyHtml: '<p>Text.</p>', sectionId })
  }

  /** Refused: 403, or 404 for a story the role may not even read (it does not exist for them). */
  const matrix: { action: string; expect: Expectation; refusal?: 403 | 404; run: (role: Role) => Promise<{ res: Response; changed: () => Promise<boolean> }> }[] = [
    {
      action: 'create a draft',
      expect: everyone,
      run: async (role) => {
        const headline = `New by ${role} ${Math.random()}`
        const res = await clients[role].post('/admin/articles', { headline })
        return { res, changed: async () => (await server.database.db.selectFrom('articles').select('id').where('headline', '=', headline).execute()).length === 1 }
      },
    },
    {
      action: 'edit own draft',
      expect: everyone,
      run: async (role) => {
        const article = await ownArticle(role)
        const form = { ...(await editorForm(clients[role], article.id)), headline: 'Edited own' }
        const res = await clients[role].post(`/admin/articles/${article.id}`, form)
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).headline === 'Edited own' }
      },
    },
    {
      action: "edit someone else's draft",
      expect: editorsUp,
      refusal: 404,
      run: async (role) => {
        const article = await othersArticle('draft')
        const form = { ...(await editorForm(clients.admin, article.id)), headline: 'Edited by another' }
        const res = await clients[role].post(`/admin/articles/${article.id}`, form)
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).headline === 'Edited by another' }
      },
    },
    {
      action: 'submit own draft for review',
      expect: everyone,
      run: async (role) => {
        const article = await ownArticle(role)
        const res = await clients[role].post(`/admin/articles/${article.id}/workflow`, { action: 'submit' })
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).status === 'in_review' }
      },
    },
    {
      action: 'publish own story',
      expect: authorsUp,
      run: async (role) => {
        const article = await ownArticle(role)
        const res = await clients[role].post(`/admin/articles/${article.id}/workflow`, { action: 'publish' })
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).status === 'published' }
      },
    },
    {
      action: "publish someone else's story",
      expect: editorsUp,
      refusal: 404,
      run: async (role) => {
        const article = await othersArticle('draft')
        const res = await clients[role].post(`/admin/articles/${article.id}/workflow`, { action: 'publish' })
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).status === 'published' }
      },
    },
    {
      action: "unpublish someone else's story",
      expect: editorsUp,
      refusal: 404,
      run: async (role) => {
        const article = await othersArticle('published')
        const res = await clients[role].post(`/admin/articles/${article.id}/workflow`, { action: 'unpublish' })
        return { res, changed: async () => (await loadEditableArticle(server.database.db, article.id)).status === 'unpublished' }
      },
    },
    {
      action: 'add a section',
      expect: editorsUp,
      run: async (role) => {
        const name = `Desk ${role} ${Math.round(Math.random() * 1e9)}`
        const res = await clients[role].post('/admin/taxonomy/sections', { name })
        return { res, changed: async () => (await server.database.db.selectFrom('sections').select('id').where('name', '=', name).execute()).length === 1 }
      },
    },
    {
      action: 'change site settings',
      expect: adminsOnly,
      run: async (role) => {
        const name = `Herald of the ${role}`
        const res = await clients[role].post('/admin/settings', { name, description: '', logoUrl: '', language: 'en', timezone: 'UTC', copyrightHolder: '' })
        return { res, changed: async () => (await getSiteSettings(server.database.db)).name === name }
      },
    },
    {
      action: 'add a user',
      expect: adminsOnly,
      run: async (role) => {
        const email = `added-by-${role}@newsroom.test`
        const res = await clients[role].post('/admin/users', { name: 'New Person', email, role: 'contributor', password: 'a long enough password' })
        return { res, changed: async () => (await server.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).length === 1 }
      },
    },
  ]

  for (const { action, expect: expected, refusal = 403, run } of matrix) {
    for (const role of roles) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} ${action}`, async () => {
        const { res, changed } = await run(role)
        if (expected[role]) {
          expect(res.status, await res.clone().text()).toBe(303)
          expect(await changed()).toBe(true)
        } else {
          expect(res.status).toBe(refusal)
          expect(await changed()).toBe(false)
        }
      })
    }
  }

  it('refuses any state change without the form token, or from another site', async () => {
    const article = await ownArticle('editor')
    const noToken = await clients.editor.post(`/admin/articles/${article.id}/workflow`, { action: 'publish', _csrf: '' })
    expect(noToken.status).toBe(403)
    const crossSite = await clients.editor.post(`/admin/articles/${article.id}/workflow`, { action: 'publish' }, { origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    expect((await loadEditableArticle(server.database.db, article.id)).status).toBe('draft')
  })

  it('keeps contributors out of drafts they already submitted', async () => {
    const article = await ownArticle('contributor')
    const actor = { id: clients.contributor.userId, role: 'contributor' as const, authorId: clients.contributor.authorId }
    await transitionArticle(server.database.db, actor, article.id, 'submit')
    await expect(saveArticle(server.database.db, actor, article.id, { headline: 'Sneaky edit' }, { expectedVersion: 1 })).rejects.toThrow(/cannot edit/)
  })
})
