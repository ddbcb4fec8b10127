import type { MiddlewareHandler } from 'hono'
import { authenticateApiToken, toActor } from '../../content/accounts/index.ts'
import type { Actor } from '../../content/accounts/index.ts'
import { AppError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'

/** Per-request values of the Admin API: the token's user, as the domain's policies see them. */
export type AdminApiEnv = { Variables: { actor: Actor } }

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message)
  }
}

/**
 * Authenticates every Admin API request by its bearer token, and by nothing else: cookies are never
 * read here, so a browser's newsroom session cannot be ridden by another site (no CSRF to defend).
 */
export function requireApiToken(deps: AppDeps): MiddlewareHandler<AdminApiEnv> {
  return async function authenticateBearerToken(c, next) {
    c.header('Cache-Control', 'no-store')
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer realm="gazette"')
      throw new UnauthorizedError('Send an API token in the Authorization header: "Bearer <token>".')
    }
    const user = await authenticateApiToken(deps.database.db, match[1])
    if (!user) {
      c.header('WWW-Authenticate', 'Bearer realm="gazette", error="invalid_token"')
      throw new UnauthorizedError('This API token is not valid: it is mistyped, revoked, or its account is disabled.')
    }
    c.set('actor', toActor(user))
    await next()
  }
}
