import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/content/api-keys.ts'
import { buildArticle } from '../helpers/builders.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/** What a browser makes of HTML text: the entities Gazette writes, decoded. */
function decodeEntities(html: string): string {
  return html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&(lt|gt|quot|amp);/g, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] as string)
}

describe.each(await databaseTargets())('outside review, smaller findings, on $name', (target) => {
  let server: TestServer
  let key: string

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    key = (await createApiKey(server.database.db, { name: 'Theme' })).key
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
})
