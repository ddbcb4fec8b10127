import sharp from 'sharp'
import { createUser } from '../../src/content/accounts/index.ts'
import { editorForm, signIn, testPassword, type Client } from './newsroom.ts'
import type { TestServer } from './server.ts'

/** What seedNewsroom wrote: an admin to sign in as, and every newsroom page (GET) that shows it. */
export type NewsroomPages = {
  /** An HTTP client signed in as an admin (the one that wrote everything). */
  admin: Client
  /** A second admin, for signing in from a browser. */
  browserAdmin: { email: string; password: string }
  articleId: number
  /** Every page a signed-in admin can open by address, each with something on it. */
  paths: string[]
}

const ok = (res: Response, what: string) => {
  if (res.status >= 400) throw new Error(`${what} answered ${res.status}`)
  return res
}

/**
 * Fills a fresh newsroom so that each of its pages has rows to show (a story with revisions, an image, a
 * token, a key, a webhook, a section, a tag and a label) and lists the pages. The routes are those of
 * src/admin/routes/*.tsx; the setup page (`/admin` before any user) is left to the caller, which must
 * open it before seeding.
 */
export async function seedNewsroom(server: TestServer): Promise<NewsroomPages> {
  const { db } = server.database
  const admin = await signIn(server, 'admin', 'Ada Admin')
  const browserAdmin = { email: 'csp.admin@newsroom.test', password: testPassword }
  await createUser(db, { ...browserAdmin, name: 'Cy Admin', role: 'admin' })

  for (const kind of ['sections', 'tags', 'labels']) ok(await admin.post(`/admin/taxonomy/${kind}`, { name: `Harbour ${kind}` }), kind)

  const photo = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer()
  const upload = new FormData()
  upload.set('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'ferry.jpg')
  upload.set('alt', 'The ferry at the harbour wall')
  ok(await admin.post('/admin/media', upload), 'upload')
  const media = await db.selectFrom('media').select('id').executeTakeFirstOrThrow()

  const created = ok(await admin.post('/admin/articles', { headline: 'Harbour ferry returns' }), 'new article')
  const articleId = Number(created.headers.get('location')?.split('/').pop())
  const section = await db.selectFrom('sections').select('id').executeTakeFirstOrThrow()
  for (const dek of ['The crossing runs twice a day.', 'The crossing runs three times a day.']) {
    const form = await editorForm(admin, articleId)
    const saved = await admin.post(`/admin/articles/${articleId}`, {
      ...form,
      dek,
      sectionId: String(section.id),
      featureMediaId: String(media.id),
      featureImageAlt: 'The ferry at the harbour wall',
      bodyHtml: '<p>The harbour ferry is back.</p><blockquote class="pull-quote"><p>At last.</p></blockquote>',
    })
    ok(saved, 'save')
  }
  const revision = await db.selectFrom('article_revisions').select('id').where('article_id', '=', articleId).orderBy('id').executeTakeFirstOrThrow()

  ok(await admin.post('/admin/tokens', { name: 'wire importer' }), 'token')
  ok(await admin.post('/admin/api-keys', { name: 'Mobile app' }), 'api key')
  const webhook = ok(await admin.post('/admin/webhooks', { url: 'https://hooks.example/gazette', events: ['article.published'] }), 'webhook')
  const authorId = admin.authorId ?? 0
  ok(await admin.post(`/admin/authors/${authorId}`, { name: 'Ada Admin', bio: 'Covers the harbour.', avatarMediaId: String(media.id), avatarUrl: '' }), 'author')

  const paths = [
    '/admin/articles',
    '/admin/articles?status=draft',
    `/admin/articles/${articleId}`,
    `/admin/articles/${articleId}?saved=1`,
    `/admin/articles/${articleId}/revisions`,
    `/admin/articles/${articleId}/revisions/${revision.id}`,
    '/admin/media',
    '/admin/users',
    '/admin/settings',
    '/admin/taxonomy',
    '/admin/tokens',
    '/admin/api-keys',
    '/admin/webhooks',
    webhook.headers.get('location') ?? '/admin/webhooks/0',
    '/admin/authors',
    `/admin/authors/${authorId}`,
    // A newsroom address that does not exist: the error page is served under the newsroom's policy.
    '/admin/articles/999999',
  ]
  return { admin, browserAdmin, articleId, paths }
}

/** Saves the article from another desk, so that a form holding the version before is now stale. */
export async function saveFromElsewhere(pages: NewsroomPages): Promise<void> {
  const form = await editorForm(pages.admin, pages.articleId)
  ok(await pages.admin.post(`/admin/articles/${pages.articleId}`, { ...form, dek: `Changed elsewhere at ${Date.now()}.` }), 'save from elsewhere')
}
