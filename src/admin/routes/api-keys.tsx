import { Hono, type Context } from 'hono'
import { createApiKeyAs, listApiKeysAs, revokeApiKeyAs } from '../../content/accounts/index.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId, type PageOptions } from '../render.tsx'
import { nameForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { ApiKeysPage, type ApiKeysPageProps } from '../views/api-key-pages.tsx'

/** Content API keys: administrators create (the key is shown once, on the answer to the form) and revoke them. */
export function apiKeyRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/api-keys', requireUser())
  app.use('/admin/api-keys/*', requireUser())
  const apiUrl = `${deps.config.siteUrl}/ghost/api/content/`

  async function render(c: Context<AdminEnv>, extra: Pick<ApiKeysPageProps, 'created'> = {}, options: PageOptions = {}) {
    const keys = await listApiKeysAs(db, actorOf(c))
    const page = <ApiKeysPage keys={keys} csrf={formToken(c, deps)} apiUrl={apiUrl} {...extra} />
    return adminPage(c, deps, 'Content API keys', page, options)
  }

  app.get('/admin/api-keys', (c) => render(c))

  // No redirect after creating: the key exists in this answer only (adminPage sends it no-store).
  app.post('/admin/api-keys', async (c) => {
    const { name } = await readForm(c, nameForm)
    try {
      const { key, apiKey } = await createApiKeyAs(db, actorOf(c), { name })
      return render(c, { created: { name: apiKey.name, key } })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(c, {}, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
  })

  app.post('/admin/api-keys/:id/revoke', async (c) => {
    const id = parseId(c.req.param('id'))
    if (!id) throw new NotFoundError('There is no such API key.')
    await revokeApiKeyAs(db, actorOf(c), id)
    return c.redirect('/admin/api-keys', 303)
  })

  return app
}
