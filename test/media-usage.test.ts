import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smallestImageSource } from '../src/content/media/index.ts'
import { buildArticle, buildImage } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn, type Client } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

describe.each(await databaseTargets())('deleting library images on $name', (target) => {
  let server: TestServer
  let editor: Client
  const mediaDir = () => join(server.dataDir, 'media')

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    editor = await signIn(server, 'editor')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('refuses to delete an image a story, a byline or the logo still shows, and keeps its files', async () => {
    const { db } = server.database
    const feature = await buildImage(db, mediaDir())
    await buildArticle(db, { headline: 'Lock gates repaired', featureMedia: feature })
    const inBody = await buildImage(db, mediaDir())
    await buildArticle(db, { headline: 'Canal walk', bodyHtml: `<p>Along the towpath.</p><img src="/media/${inBody.storage_key}/w640.webp" alt="Towpath">` })
    const avatar = await buildImage(db, mediaDir())
    await db.updateTable('authors').set({ avatar_url: smallestImageSource(avatar) }).where('slug', '=', 'ada-reporter').execute()

    for (const [media, where] of [[feature, 'feature image of “Lock gates repaired”'], [inBody, 'in the text of “Canal walk”'], [avatar, 'photo of Ada Reporter']] as const) {
      const res = await editor.post(`/admin/media/${media.id}/delete`, {})
      expect(res.status).toBe(409)
      expect(await res.text()).toContain(where)
      expect(existsSync(join(mediaDir(), media.storage_key))).toBe(true)
      expect(await db.selectFrom('media').select('id').where('id', '=', media.id).executeTakeFirst()).toBeDefined()
    }
  })

  it('deletes an unused image with its files', async () => {
    const unused = await buildImage(server.database.db, mediaDir())
    const res = await editor.post(`/admin/media/${unused.id}/delete`, {})
    expect(res.status).toBe(303)
    expect(existsSync(join(mediaDir(), unused.storage_key))).toBe(false)
  })
})
