import { Hono } from 'hono'
import type { AppDeps } from '../http/deps.ts'
import type { AdminEnv } from './env.ts'
import { articleRoutes } from './routes/articles.tsx'
import { authRoutes } from './routes/auth.tsx'
import { authorRoutes } from './routes/authors.tsx'
import { correctionRoutes } from './routes/corrections.tsx'
import { manageRoutes } from './routes/manage.tsx'
import { mediaRoutes } from './routes/media.tsx'
import { tokenRoutes } from './routes/tokens.tsx'
import { webhookRoutes } from './routes/webhooks.tsx'
import { apiKeyRoutes } from './routes/api-keys.tsx'
import { csrfProtection, loadSession } from './session.ts'

/** The newsroom under /admin: every request loads the session, every write checks the form token. */
export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AdminEnv>()
  app.use('/admin', loadSession(deps), csrfProtection(deps))
  app.use('/admin/*', loadSession(deps), csrfProtection(deps))
  app.route('/', authRoutes(deps))
  app.route('/', articleRoutes(deps))
  app.route('/', correctionRoutes(deps))
  app.route('/', authorRoutes(deps))
  app.route('/', mediaRoutes(deps))
  app.route('/', manageRoutes(deps))
  app.route('/', tokenRoutes(deps))
  app.route('/', webhookRoutes(deps))
  app.route('/', apiKeyRoutes(deps))
  return app
}
