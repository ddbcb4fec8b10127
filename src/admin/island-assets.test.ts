import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { IslandBuildError, islandAssetRoutes, loadIslandBuild } from './island-assets.ts'

const root = mkdtempSync(join(tmpdir(), 'gazette-islands-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const script = `export const greeting = ${JSON.stringify('hello '.repeat(400))}\n`

/** A build directory shaped like Vite's output, without running Vite. */
function fakeBuild(name: string, manifest: unknown, files: Record<string, string>): string {
  const dir = join(root, name)
  mkdirSync(join(dir, '.vite'), { recursive: true })
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest))
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content)
  return dir
}

const manifest = {
  'src/admin/islands/editor.ts': { file: 'editor.AbC123.js', name: 'editor', isEntry: true, css: ['editor.Xy9.css'] },
}

describe('loadIslandBuild', () => {
  it('tells the operator to build when the manifest is missing', () => {
    const empty = join(root, 'empty')
    mkdirSync(empty)
    expect(() => loadIslandBuild(empty)).toThrow(IslandBuildError)
    expect(() => islandAssetRoutes({ dir: empty })).toThrow(/npm run build:islands/)
  })

  it('refuses a build whose manifest names a file that is not there', () => {
    const dir = fakeBuild('incomplete', manifest, { 'editor.AbC123.js': script })
    expect(() => loadIslandBuild(dir)).toThrow(/editor\.Xy9\.css is missing/)
  })

  it('maps each island to its hashed script and stylesheets', () => {
    const dir = fakeBuild('complete', manifest, { 'editor.AbC123.js': script, 'editor.Xy9.css': 'p{}' })
    expect(loadIslandBuild(dir).entries.get('editor')).toEqual({ script: '/admin/assets/editor.AbC123.js', styles: ['/admin/assets/editor.Xy9.css'] })
  })
})

describe('islandAssetRoutes', () => {
  const dir = fakeBuild('served', manifest, { 'editor.AbC123.js': script, 'editor.Xy9.css': 'p{}', 'notes.txt': 'not an asset' })
  writeFileSync(join(root, 'secret.js'), 'secret')
  const app = islandAssetRoutes({ dir })

  it('serves built files for a year with their content type, compressed when asked', async () => {
    const res = await app.request('/admin/assets/editor.AbC123.js', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script)
    const css = await app.request('/admin/assets/editor.Xy9.css')
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8')
    expect(await css.text()).toBe('p{}')
  })

  it('answers a matching If-None-Match with 304', async () => {
    const etag = (await app.request('/admin/assets/editor.AbC123.js')).headers.get('ETag') ?? ''
    expect(etag).toMatch(/^".+"$/)
    expect((await app.request('/admin/assets/editor.AbC123.js', { headers: { 'If-None-Match': etag } })).status).toBe(304)
  })

  it('knows nothing but the built files', async () => {
    for (const path of [
      '/admin/assets/editor.WRONG.js',
      '/admin/assets/notes.txt',
      '/admin/assets/.vite/manifest.json',
      '/admin/assets/..%2Fsecret.js',
      '/admin/assets/%2E%2E%2Fserved%2Feditor.AbC123.js',
      '/admin/assets/../served/editor.AbC123.js',
      '/admin/assets/',
      '/admin/assets/editor.AbC123.js/x',
    ]) {
      expect((await app.request(path)).status, path).toBe(404)
    }
  })
})
