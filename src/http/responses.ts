import type { Context } from 'hono'

/** Public pages: browsers revalidate after a minute; shared caches may serve stale while they refresh. */
export const publicPageCache = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400'
export const feedCache = 'public, max-age=300, stale-while-revalidate=600'

/** A rendered hono/jsx element: its string form may be async when components are. */
export type Renderable = { toString(): string | Promise<string> }

export async function renderHtml(node: Renderable): Promise<string> {
  return `<!doctype html>${await node.toString()}`
}

export async function sendPage(c: Context, node: Renderable, status: 200 | 400 | 404 | 405 | 413 | 500 = 200, cacheControl = publicPageCache) {
  c.header('Cache-Control', status === 200 ? cacheControl : 'no-store')
  return c.html(await renderHtml(node), status)
}
