import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey, systemActor } from '../../src/content/accounts/index.ts'
import { createDraft, setFeatureImageAddress } from '../../src/content/articles/index.ts'
import { ensureAuthor } from '../../src/content/taxonomy/index.ts'
import { getSiteSettings } from '../../src/content/settings/index.ts'
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
    // 2 megapixels stand in for the 40 of the default, so the images of the test stay small and quick.
    server = await startTestServer(target, { demo: false, env: { MAX_IMAGE_PIXELS: '2000000', IMAGE_JOBS: '2', IMAGE_QUEUE_LENGTH: '8' } })
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
      const draft = await createDraft(db, systemActor, { headline: 'Tricky image', bodyHtml: '<p>x</p>' })
      await expect(setFeatureImageAddress(db, systemActor, draft.id, { url: trick, width: null, height: null })).rejects.toThrow(ValidationError)
      await expect(createDraft(db, systemActor, { headline: 'Tricky source', bodyHtml: '<p>x</p>', sources: [{ name: 'Docs', url: trick, kind: 'document' }] })).rejects.toThrow(ValidationError)
    }
    const author = await db.selectFrom('authors').select('avatar_url').where('id', '=', me.authorId as number).executeTakeFirstOrThrow()
    expect(author.avatar_url).toBe('/media/2026/01/me/320.webp')
  })

  const photo = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#2a6f97' } })
      .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><circle cx="${width / 3}" cy="${height / 3}" r="${height / 5}" fill="#fbe7a1"/></svg>`) }])
      .jpeg({ quality: 80 })
      .toBuffer()
  const upload = (client: Client, bytes: Buffer, name: string) => {
    const form = new FormData()
    form.set('file', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }))
    return client.post('/admin/media', form, { accept: 'application/json' })
  }
  const mediaCount = async () => Number((await server.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const mediaFiles = async () => (await readdir(join(server.dataDir, 'media'), { recursive: true }).catch(() => [])).length

  it('refuses an image over MAX_IMAGE_PIXELS with a 400 naming the limit, and stores nothing', async () => {
    const editor = await signIn(server, 'editor')
    const [rowsBefore, filesBefore] = [await mediaCount(), await mediaFiles()]
    const res = await upload(editor, await photo(2000, 1500), 'too-big.jpg')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { message: string } }
    expect(body.error.message).toContain('2000×1500 pixels is 3 megapixels, and the limit is 2 megapixels')
    expect(await mediaCount()).toBe(rowsBefore)
    expect(await mediaFiles()).toBe(filesBefore)
  })

  it('takes six uploads at once under the limit, IMAGE_JOBS=2 at a time (the bound itself: media-queue.test.ts)', async () => {
    const editor = await signIn(server, 'editor')
    const rowsBefore = await mediaCount()
    const bytes = await photo(1600, 1000)
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(editor, bytes, `harbour-${i}.jpg`)))
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201, 201])
    expect(await mediaCount()).toBe(rowsBefore + 6)
  })
})
