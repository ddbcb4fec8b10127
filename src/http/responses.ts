import type { Context } from 'hono'
import { sendText } from './send.ts'

/** Public pages: browsers revalidate after a minute; shared caches may serve stale while they refresh. */
export const publicPageCache = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400'
export const feedCache = 'public, max-age=300, stale-while-revalidate=600'
/** Files whose address changes with their content (hashed assets, media renditions). */
export const immutableCache = 'public, max-age=31536000, immutable'

/** A rendered hono/jsx element: its string form may be async when components are. */
export type Renderable = { toString(): string | Promise<string> }

export async function renderHtml(node: Renderable): Promise<string> {
  return `<!doctype html>${await node.toString()}`
}

export async function sendPage(c: Context, node: Renderable, status = 200, cacheControl = publicPageCache) {
  return sendText(c, {
    body: await renderHtml(node),
    contentType: 'text/html; charset=utf-8',
    cacheControl: status === 200 ? cacheControl : 'no-store',
    status,
  })
}
