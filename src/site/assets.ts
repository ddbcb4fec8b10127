import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'

type Stylesheet = { path: string; body: Buffer }

/** A stylesheet whose address holds a hash of its content, so it can be cached forever. */
function hashedStylesheet(name: string, url: URL): Stylesheet {
  const body = readFileSync(url)
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { path: `/assets/${name}.${hash}.css`, body }
}

const site = hashedStylesheet('site', new URL('./assets/site.css', import.meta.url))
const admin = hashedStylesheet('admin', new URL('../admin/assets/admin.css', import.meta.url))

export const stylesheetPath = site.path
export const adminStylesheetPath = admin.path

export function assetRoutes() {
  const app = new Hono()
  const byPath = new Map([site, admin].map((s) => [s.path, s]))
  app.get('/assets/:file{[a-z]+\\.[0-9a-f]+\\.css}', (c) => {
    const sheet = byPath.get(c.req.path)
    if (!sheet) return c.notFound()
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    return c.body(new Uint8Array(sheet.body), 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  return app
}
