import { Hono } from 'hono'
import { claimLoginAttempt, forgiveLoginFailures, loginThrottleKey, createSession, deleteSession, authenticate, countUsers, createUser } from '../../content/accounts/index.ts'
import { ConflictError, ValidationError } from '../../errors.ts'
import { clientAddress } from '../../http/client-address.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { pageBase } from '../render.tsx'
import { loginForm, setupForm } from '../schemas.ts'
import { renderHtml } from '../../http/responses.ts'
import { clearSessionCookie, sessionCookie, setSessionCookie } from '../session.ts'
import { LoginPage, SetupPage } from '../views/auth-pages.tsx'
import { getCookie } from 'hono/cookie'

function safeNext(next: string): string {
  return /^\/admin(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/admin/articles'
}

export function authRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()

  app.get('/admin', async (c) => {
    if ((await countUsers(db)) === 0) return c.html(await renderHtml(<SetupPage {...pageBase(c, deps)} />))
    return c.redirect(c.get('session') ? '/admin/articles' : '/admin/login', 303)
  })

  app.post('/admin/setup', async (c) => {
    if ((await countUsers(db)) > 0) throw new ConflictError('This newsroom is already set up: sign in instead.')
    const form = await readForm(c, setupForm)
    const values = { email: form.email, name: form.name }
    try {
      const user = await createUser(db, { ...values, password: form.password, role: 'admin' })
      const { token, expiresAt } = await createSession(db, user.id)
      setSessionCookie(c, deps, token, expiresAt)
      return c.redirect('/admin/articles', 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const notice = { kind: 'error' as const, text: 'Please correct the form.', details: error.details }
      return c.html(await renderHtml(<SetupPage {...pageBase(c, deps)} values={values} notice={notice} />), 400)
    }
  })

  app.get('/admin/login', async (c) => {
    if (c.get('session')) return c.redirect('/admin/articles', 303)
    return c.html(await renderHtml(<LoginPage {...pageBase(c, deps)} next={c.req.query('next') ?? ''} />))
  })

  app.post('/admin/login', async (c) => {
    const form = await readForm(c, loginForm)
    const email = form.email.slice(0, 254)
    const next = safeNext(form.next)
    const key = loginThrottleKey(email, clientAddress(c, deps.config.trustProxy))
    const render = async (status: 401 | 429, text: string) =>
      c.html(await renderHtml(<LoginPage {...pageBase(c, deps)} email={email} next={next} notice={{ kind: 'error', text }} />), status)
    // The attempt is counted before the password is checked, so concurrent tries cannot outrun the count.
    const claim = await claimLoginAttempt(db, deps.database.dialect, key)
    if (!claim.allowed) {
      c.header('Retry-After', String(claim.retryAfterSeconds))
      const minutes = Math.ceil(claim.retryAfterSeconds / 60)
      return render(429, `Too many failed sign-in attempts from your network. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`)
    }
    const user = await authenticate(db, email, form.password)
    if (!user) return render(401, 'Wrong email or password.')
    await forgiveLoginFailures(db, key)
    const { token, expiresAt } = await createSession(db, user.id)
    setSessionCookie(c, deps, token, expiresAt)
    return c.redirect(next, 303)
  })

  app.post('/admin/logout', async (c) => {
    const token = getCookie(c, sessionCookie)
    if (token) await deleteSession(db, token)
    clearSessionCookie(c)
    return c.redirect('/admin/login', 303)
  })

  return app
}
