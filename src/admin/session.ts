import { timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { findSession, randomToken, type Session, toActor } from '../content/accounts/index.ts'
import type { Actor } from '../content/accounts/index.ts'
import { ForbiddenError, ValidationError } from '../errors.ts'
import type { AppDeps } from '../http/deps.ts'
import type { AdminEnv } from './env.ts'

export const sessionCookie = 'gazette_session'
const preSessionCookie = 'gazette_form'

export function loadSession(deps: AppDeps): MiddlewareHandler<AdminEnv> {
  return async function loadAdminSession(c, next) {
    const token = getCookie(c, sessionCookie)
    c.set('session', token ? await findSession(deps.database.db, token) : null)
    c.header('Cache-Control', 'no-store')
    await next()
  }
}

export function setSessionCookie(c: Context, deps: AppDeps, token: string, expiresAt: Date) {
  setCookie(c, sessionCookie, token, { httpOnly: true, sameSite: 'Lax', secure: deps.config.secureCookies, path: '/', expires: expiresAt })
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, sessionCookie, { path: '/' })
}

/** The signed-in user as an actor for domain policies; routes behind requireUser always have one. */
export function actorOf(c: Context<AdminEnv>): Actor {
  const session = c.get('session')
  if (!session) throw new ForbiddenError('Sign in first.')
  return toActor(session.user)
}

export function requireUser(): MiddlewareHandler<AdminEnv> {
  return async function requireSignedIn(c, next) {
    if (c.get('session')) return next()
    if (c.req.method === 'GET') return c.redirect(`/admin/login?next=${encodeURIComponent(c.req.path)}`, 303)
    return c.json({ error: { code: 'unauthorized', message: 'Sign in first.' } }, 401)
  }
}

/**
 * The form token for a page: the session's CSRF token when signed in, otherwise a random value also
 * set as a SameSite=Strict cookie (double submit) for the login and setup forms.
 */
export function formToken(c: Context<AdminEnv>, deps: AppDeps): string {
  const session = c.get('session')
  if (session) return session.csrfToken
  const existing = getCookie(c, preSessionCookie)
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const token = randomToken()
  setCookie(c, preSessionCookie, token, { httpOnly: true, sameSite: 'Strict', secure: deps.config.secureCookies, path: '/admin' })
  return token
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Every state-changing admin request must carry the form token (field `_csrf` or header
 * `x-csrf-token`) and, when the browser says where it comes from, come from this site.
 */
export function csrfProtection(deps: AppDeps): MiddlewareHandler<AdminEnv> {
  return async function checkCsrf(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const origin = c.req.header('origin')
    if (origin && origin !== 'null') {
      const host = c.req.header('host')
      const originHost = safeHost(origin)
      if (originHost !== host && originHost !== safeHost(deps.config.siteUrl)) throw new ForbiddenError('This form was sent from another site.')
    }
    let sent = c.req.header('x-csrf-token')
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
      // Read here even with the header (Hono keeps the result for the route), so a body that is no
      // form (a multipart body without its boundary, …) is a 400 in one place.
      const body = await c.req.parseBody().catch(() => {
        throw new ValidationError('The form could not be read. Reload the page and send it again.')
      })
      sent ||= typeof body._csrf === 'string' ? body._csrf : undefined
    }
    const session = c.get('session')
    const expected = session ? session.csrfToken : getCookie(c, preSessionCookie)
    if (!sent || !expected || !same(sent, expected)) {
      throw new ForbiddenError('This form has expired or did not come from this site. Reload the page and try again.')
    }
    return next()
  }
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}

export type { Session }
