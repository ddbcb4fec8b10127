import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIslandDir, islandScriptPath, islandStylePaths } from '../src/admin/island-assets.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

// dist/islands is built by the Vitest global setup (test/helpers/build-islands.ts) with the production config.
type ManifestChunk = { file: string; name: string; isEntry?: boolean; css?: string[] }
const manifest = JSON.parse(readFileSync(`${defaultIslandDir}.vite/manifest.json`, 'utf8')) as Record<string, ManifestChunk>

describe('admin island build, served by the real server', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ name: 'sqlite' })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('has a hashed entry for the article editor in the manifest', () => {
    const entry = manifest['src/admin/islands/article-editor.ts']
    expect(entry?.isEntry).toBe(true)
    expect(entry?.file).toMatch(/^article-editor\.[\w-]{8,}\.js$/)
    expect(islandScriptPath('article-editor')).toBe(`/admin/assets/${entry?.file}`)
    expect(islandStylePaths('article-editor')).toEqual((entry?.css ?? []).map((file) => `/admin/assets/${file}`))
    expect(() => islandScriptPath('no-such-island')).toThrow(/no admin island named "no-such-island"/)
  })

  it('serves the script with a JavaScript type, immutable caching and the admin CSP', async () => {
    const path = islandScriptPath('article-editor')
    const res = await server.get(path, { headers: { 'Accept-Encoding': 'identity' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
    const body = await res.text()
    expect(body).toBe(readFileSync(defaultIslandDir + path.replace('/admin/assets/', ''), 'utf8'))
    // Vite replaced the Node-only globals the libraries mention; the browser has no `process`.
    expect(body).not.toContain('process.env')
  })

  it('compresses the script for clients that accept it', async () => {
    const res = await server.get(islandScriptPath('article-editor'), { headers: { 'Accept-Encoding': 'br, gzip' } })
    expect(res.headers.get('Content-Encoding')).toBe('br')
    expect(res.headers.get('Vary')).toBe('Accept-Encoding')
  })

  it('serves the stylesheet as CSS', async () => {
    const [style] = islandStylePaths('article-editor')
    const res = await server.get(style ?? '/missing')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8')
    expect(await res.text()).toContain('.ProseMirror')
  })

  it('answers 404 for anything that is not a built file', async () => {
    for (const path of ['/admin/assets/article-editor.bogus.js', '/admin/assets/.vite%2Fmanifest.json', '/admin/assets/..%2F..%2Fpackage.json', '/admin/assets/']) {
      const res = await server.get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('Cache-Control') ?? '', path).not.toContain('immutable')
    }
  })

  it('keeps script forbidden on public pages', async () => {
    const res = await server.get('/')
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'none'")
  })
})
