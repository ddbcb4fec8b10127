import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'

const stylesheet = readFileSync(new URL('./assets/site.css', import.meta.url))
const stylesheetHash = createHash('sha256').update(stylesheet).digest('hex').slice(0, 12)

/** The stylesheet's address changes with its content, so it can be cached forever. */
export const stylesheetPath = `/assets/site.${stylesheetHash}.css`

export function assetRoutes() {
  const app = new Hono()
  app.get('/assets/:file{site\\.[0-9a-f]+\\.css}', (c) => {
    if (c.req.path !== stylesheetPath) return c.notFound()
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    return c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  return app
}
