import type { Context } from 'hono'
import type { AppDeps, ErrorPageProps } from '../http/deps.ts'
import { fallbackChrome } from '../http/site-chrome.ts'
import { sendSitePage } from './render.tsx'
import { ErrorPage } from './views/error-page.tsx'

/**
 * The HTML error page in the site's look, for `AppDeps.errorPage` (src/http/error-handler.ts decides
 * when): with the masthead when the database answers, with the default chrome when it is what failed.
 */
export async function sendErrorPage(c: Context, deps: Pick<AppDeps, 'chrome' | 'theme' | 'renderCache' | 'config'>, { status, message, details }: ErrorPageProps) {
  const chrome = await deps.chrome().catch(() => fallbackChrome(deps.config.siteUrl))
  return sendSitePage(c, deps, <ErrorPage chrome={chrome} status={status} message={message} details={details} />, { status })
}
