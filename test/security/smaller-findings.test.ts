import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/content/api-keys.ts'
import { createArticle } from '../../src/content/articles.ts'
import { ensureAuthor } from '../../src/content/authors.ts'
import { getSiteSettings } from '../../src/content/settings.ts'
import { ValidationError } from '../../src/errors.ts'
import { buildArticle } from '../helpers/builders.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { signIn, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/** What a browser makes of HTML text: the entities Gazette writes, decoded. */
function decodeEntities(html: string): string {
  return html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&(lt|gt|quot|amp);/g, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] as string)
}

describe.each(await databaseTargets())('outside review, smaller findings, on $name', (target) => {
  let server: TestServer
  let key: string
  let admin: Client

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    key = (await createApiKey(server.database.db, { name: 'Theme' })).key
    admin = await signIn(server, 'admin')
  })
  afterAll(async () => {
    await server?.close()
  })

  const contentApi = async (path: string) => {
    const res = await server.get(`/ghost/api/content/${path}${path.includes('?') ? '&' : '?'}key=${key}`)
    expect(res.status).toBe(200)
    return (await res.json()) as Record<string, Record<string, unknown>[]>
  }

  it('sends feature_image_caption, a Ghost HTML field, as escaped HTML of the plain-text caption', async () => {
    const caption = '<img src=x onerror=alert(1)> Boats & "tides"'
    await buildArticle(server.database.db, {
      slug: 'caption-story',
      headline: 'Caption story',
      bodyHtml: '<p>Safe.</p><img src="x" onerror="alert(1)"><script>alert(2)</script>',
      featureImage: { url: '/media/2026/01/boat/1280.jpg', alt: 'A boat', caption },
    })
    const { posts } = await contentApi('posts/slug/caption-story/?formats=html')
    const post = posts?.[0] as Record<string, unknown>
    const sent = post.feature_image_caption as string
    expect(sent).not.toMatch(/[<>"]/)
    expect(sent.startsWith('&#60;img')).toBe(true)
    expect(decodeEntities(sent)).toBe(caption)
    // The other HTML fields: the body as the sanitizer wrote it, no code injection.
    expect(post.html).not.toMatch(/<script|onerror/i)
    expect(post.codeinjection_head).toBeNull()
    expect(post.codeinjection_foot).toBeNull()
  })

  /** Protocol-relative and backslash addresses: browsers load them from another origin. */
  const otherOrigins = ['//evil.example/logo.png', '/\\evil.example/logo.png', '\\\\evil.example/logo.png', '/\t/evil.example/logo.png']

  const settingsForm = (logoUrl: string, socialUrl = '') => ({
    name: 'Gazette',
    description: 'Independent news.',
    logoUrl,
    language: 'en',
    timezone: 'UTC',
    copyrightHolder: '',
    socialNetwork: socialUrl ? 'x' : '',
    socialUrl,
    accentColor: '#a4161a',
    font: 'system',
    frontLayout: 'newspaper',
    frontSectionRails: '4',
    showTrending: '1',
  })

  it('refuses a logo address another origin would serve, from the settings form, and keeps the one stored', async () => {
    expect((await admin.post('/admin/settings', settingsForm('/media/2026/01/logo/320.webp'))).status).toBe(303)
    for (const logoUrl of otherOrigins) {
      const res = await admin.post('/admin/settings', settingsForm(logoUrl))
      expect(res.status, JSON.stringify(logoUrl)).toBe(400)
      expect(await res.text()).toContain('path on this site starting with a single /')
      expect((await getSiteSettings(server.database.db)).logoUrl).toBe('/media/2026/01/logo/320.webp')
    }
    expect((await admin.post('/admin/settings', settingsForm('https://cdn.example/logo.png'))).status).toBe(303)
    // Social links were absolute http(s) addresses already (zod's URL check); a path is no social link.
    expect((await admin.post('/admin/settings', settingsForm('', '//x.com/gazette'))).status).toBe(400)
    expect((await getSiteSettings(server.database.db)).logoUrl).toBe('https://cdn.example/logo.png')
  })

  it('refuses the same tricks for author photos, feature images and source links', async () => {
    const { db } = server.database
    const me = await signIn(server, 'contributor')
    const profile = (avatarUrl: string) => me.post(`/admin/authors/${me.authorId}`, { name: 'Con Tributor', bio: '', avatarUrl, avatarMediaId: '' })
    expect((await profile('/media/2026/01/me/320.webp')).status).toBe(303)
    for (const trick of otherOrigins) {
      expect((await profile(trick)).status, JSON.stringify(trick)).toBe(400)
      await expect(ensureAuthor(db, { name: `Tricky ${trick.length}`, avatarUrl: trick })).rejects.toThrow(ValidationError)
      await expect(createArticle(db, { headline: 'Tricky image', bodyHtml: '<p>x</p>', featureImage: { url: trick } })).rejects.toThrow(ValidationError)
      await expect(createArticle(db, { headline: 'Tricky source', bodyHtml: '<p>x</p>', sources: [{ name: 'Docs', url: trick, kind: 'document' }] })).rejects.toThrow(ValidationError)
    }
    const author = await db.selectFrom('authors').select('avatar_url').where('id', '=', me.authorId as number).executeTakeFirstOrThrow()
    expect(author.avatar_url).toBe('/media/2026/01/me/320.webp')
  })
})
