import { Hono } from 'hono'
import { createApiToken, listApiTokens, revokeApiToken } from '../../content/accounts/index.ts'
import { ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId } from '../render.tsx'
import { nameForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { TokensPage } from '../views/token-pages.tsx'

/** Each user's own personal API tokens for the Admin API. */
export function tokenRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/tokens', requireUser())
  app.use('/admin/tokens/*', requireUser())
  const siteUrl = deps.config.siteUrl

  app.get('/admin/tokens', async (c) => {
    return adminPage(c, deps, 'API tokens', <TokensPage tokens={await listApiTokens(db, actorOf(c))} csrf={formToken(c, deps)} siteUrl={siteUrl} />)
  })

  // The page is answered directly rather than redirected to: the token exists only in this response.
  app.post('/admin/tokens', async (c) => {
    const actor = actorOf(c)
    try {
      const created = await createApiToken(db, actor, await readForm(c, nameForm))
      const page = <TokensPage tokens={await listApiTokens(db, actor)} csrf={formToken(c, deps)} created={created} siteUrl={siteUrl} />
      return adminPage(c, deps, 'API tokens', page, { notice: { kind: 'ok', text: 'Token created. Copy it now.' } })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const page = <TokensPage tokens={await listApiTokens(db, actor)} csrf={formToken(c, deps)} siteUrl={siteUrl} />
      return adminPage(c, deps, 'API tokens', page, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
  })

  app.post('/admin/tokens/:id/revoke', async (c) => {
    await revokeApiToken(db, actorOf(c), parseId(c.req.param('id')))
    return c.redirect('/admin/tokens', 303)
  })

  return app
}
