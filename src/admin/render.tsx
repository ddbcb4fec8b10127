import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppDeps } from '../http/deps.ts'
import { renderHtml } from '../http/responses.ts'
import { adminStylesheetPath } from '../http/assets.ts'
import { parseRowId } from '../http/ids.ts'
import type { AdminEnv } from './env.ts'
import { actorOf, formToken } from './session.ts'
import { AdminLayout, type AdminPageProps } from './views/layout.tsx'

export type PageOptions = { notice?: AdminPageProps['notice']; status?: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429; scripts?: string[]; styles?: string[] }

/** Common props every admin page needs: stylesheet, form token, signed-in user. */
export function pageBase(c: Context<AdminEnv>, deps: AppDeps) {
  const session = c.get('session')
  return {
    stylesheet: adminStylesheetPath,
    csrf: formToken(c, deps),
    ...(session ? { user: { name: session.user.name, actor: actorOf(c) } } : {}),
  }
}

export async function adminPage(c: Context<AdminEnv>, deps: AppDeps, title: string, children: Child, options: PageOptions = {}) {
  const html = await renderHtml(
    <AdminLayout title={title} {...pageBase(c, deps)} notice={options.notice} scripts={options.scripts} styles={options.styles}>
      {children}
    </AdminLayout>,
  )
  c.header('Cache-Control', 'no-store')
  return c.html(html, options.status ?? 200)
}

/** An id from the path; 0 (no row has it) when it is not one, so the lookup answers 404. */
export function parseId(value: string): number {
  return parseRowId(value) ?? 0
}
