import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppDeps } from '../http/deps.ts'
import { publicPageCache, sendPage } from '../http/responses.ts'
import { ThemeOverridesProvider } from './theme/overrides.ts'

/** Sends a public page rendered with the theme folder's overrides in place. */
export function sendSitePage(c: Context, deps: Pick<AppDeps, 'theme'>, page: Child, status = 200, cacheControl = publicPageCache) {
  return sendPage(c, <ThemeOverridesProvider value={deps.theme}>{page}</ThemeOverridesProvider>, status, cacheControl)
}
