import { request } from 'node:http'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, type DatabaseTarget } from './helpers/databases.ts'
import { signIn } from './helpers/newsroom.ts'
import { startS3Server, type TestS3Server } from './helpers/s3-server.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/** A request whose path goes out exactly as written: fetch would resolve `..` before sending it. */
function rawGet(server: TestServer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

async function uploadThrough(server: TestServer, color: string): Promise<{ id: number; src: string }> {
  const admin = await signIn(server, 'admin')
  const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: color } }).png().toBuffer()
  const form = new FormData()
  form.set('file', new File([png], 'card.png'))
  form.set('alt', 'A test card')
  const res = await admin.post('/admin/media', form, { accept: 'application/json' })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: number; src: string }
}

const targets = await databaseTargets()
const sqlite = targets[0] as DatabaseTarget
const postgres = targets.find((target) => target.name === 'postgres')
let s3: TestS3Server | undefined
const s3Env = async () => (s3 ??= await startS3Server()).env

afterAll(async () => {
  await s3?.close()
})

const servings = [
  { label: 'local files on sqlite', target: sqlite, env: async () => ({}) },
  ...targets.map((target) => ({ label: `the database on ${target.name}`, target, env: async () => ({ MEDIA_STORAGE: 'database' }) })),
  { label: 's3 on sqlite', target: sqlite, env: s3Env },
]

describe.each(servings)('/media from $label', ({ target, env }) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { env: await env() })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('serves an upload with its type, a year of immutable caching, an ETag, 304 and HEAD', async () => {
    const { src } = await uploadThrough(server, '#336699')
    expect(src).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{32}\/900\.png$/)
    const res = await server.get(src)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const body = Buffer.from(await res.arrayBuffer())
    expect(Number(res.headers.get('content-length'))).toBe(body.length)
    expect((await sharp(body).metadata()).width).toBe(900)
    const etag = res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[\w-]+"$/)

    const again = await server.get(src, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect((await server.get(src, { headers: { 'if-none-match': `W/${etag}, "other"` } })).status).toBe(304)

    const head = await server.get(src, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(body.length))
    expect(head.headers.get('etag')).toBe(etag)
    expect(await head.text()).toBe('')

    const webp = await server.get(src.replace('.png', '.webp'))
    expect(webp.headers.get('content-type')).toBe('image/webp')
  })

  it('serves the demo illustration from the same storage', async () => {
    const res = await server.get('/media/demo/war-concept.jpg')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
  })

  it('answers 404 for unknown files and for any path that leaves the media folder', async () => {
    const { src } = await uploadThrough(server, '#993366')
    const folder = src.slice(0, src.lastIndexOf('/'))
    expect((await server.get(`${folder}/7.png`)).status).toBe(404)
    expect((await server.get('/media/2026/01/00000000000000000000000000000000/320.webp')).status).toBe(404)
    expect((await server.get('/media/')).status).toBe(404)
    expect((await server.get('/media/demo')).status).toBe(404)
    for (const path of [
      `${folder}/../../../../gazette.sqlite`,
      '/media/../gazette.sqlite',
      '/media/demo/../../gazette.sqlite',
      '/media/demo/..%2F..%2Fgazette.sqlite',
      '/media/%2e%2e/%2e%2e/gazette.sqlite',
      '/media/demo/%2e%2e%2f%2e%2e%2fgazette.sqlite',
      '/media/.uploading/x/320.webp',
      `${folder}/.hidden.png`,
    ]) {
      expect(await rawGet(server, path), path).toBe(404)
    }
  })
})

const sharedStorages = [
  { label: 'database', env: async () => ({ MEDIA_STORAGE: 'database' }) },
  { label: 's3', env: s3Env },
]

describe.skipIf(!postgres).each(sharedStorages)('two servers on one PostgreSQL database with $label media storage', ({ env }) => {
  let first: TestServer
  let second: TestServer

  beforeAll(async () => {
    const target = postgres as DatabaseTarget
    first = await startTestServer(target, { env: await env() })
    second = await startTestServer(target, { env: await env(), schema: first.schema as string })
  })
  afterAll(async () => {
    await second?.close()
    await first?.close()
  })

  it('serves from one server what was uploaded through the other, and forgets it once deleted', async () => {
    const { id, src } = await uploadThrough(first, '#228844')
    const fromFirst = await first.get(src)
    const fromSecond = await second.get(src)
    expect(fromSecond.status).toBe(200)
    expect(Buffer.from(await fromSecond.arrayBuffer()).equals(Buffer.from(await fromFirst.arrayBuffer()))).toBe(true)
    expect(fromSecond.headers.get('etag')).toBe(fromFirst.headers.get('etag'))
    expect((await second.get('/media/demo/war-concept.jpg')).status).toBe(200)

    const admin = await signIn(second, 'admin')
    expect((await admin.post(`/admin/media/${id}/delete`, {})).status).toBe(303)
    expect((await first.get(src)).status).toBe(404)
  })
})
