import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { sendText } from './send.ts'
import { findFontFile } from './theme/fonts.ts'
import { findThemeStylesheet, type Stylesheet } from './theme/stylesheet.ts'
import { immutableCache } from './responses.ts'

/** A stylesheet whose address holds a hash of its content, so it can be cached forever. */
function hashedStylesheet(name: string, url: URL): Stylesheet {
  const body = readFileSync(url)
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { path: `/assets/${name}.${hash}.css`, body }
}

const admin = hashedStylesheet('admin', new URL('../admin/assets/admin.css', import.meta.url))

export const adminStylesheetPath = admin.path


/** Stylesheets and self-hosted fonts; every address is content-hashed. */
export function assetRoutes() {
  const app = new Hono()
  app.get('/assets/:file{[a-z]+\\.[0-9a-f]+\\.css}', (c) => {
    const sheet = c.req.path === admin.path ? admin : findThemeStylesheet(c.req.path)
    if (!sheet) return c.notFound()
    return sendText(c, { body: sheet.body, contentType: 'text/css; charset=utf-8', cacheControl: immutableCache })
  })
  app.get('/assets/fonts/:file{[a-z0-9-]+\\.[0-9a-f]+\\.woff2}', (c) => {
    const font = findFontFile(c.req.path)
    if (!font) return c.notFound()
    c.header('Cache-Control', immutableCache)
    return c.body(new Uint8Array(font.body), 200, { 'Content-Type': 'font/woff2' })
  })
  return app
}
