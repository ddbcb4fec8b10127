import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, ServiceUnavailableError, ValidationError } from '../errors.ts'
import type { AppDeps } from './deps.ts'

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429 | 500 | 503

/** JSON for API clients and programs; an HTML page for everyone else. */
function wantsJson(c: Context): boolean {
  if (c.req.path.startsWith('/api/')) return true
  const accept = c.req.header('accept') ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

/**
 * The one place errors become responses. Known errors carry a status and a message meant for the
 * reader; anything else is logged with its request context and answered with a generic 500.
 */
export function createErrorHandler(deps: AppDeps) {
  return async function handleError(error: Error, c: Context) {
    let status: ErrorStatus = 500
    let code = 'internal_error'
    let message = 'Something went wrong on our side. It has been logged; please try again shortly.'
    let details: string[] = []
    if (error instanceof AppError) {
      status = error.status as ErrorStatus
      code = error.code
      message = error.message
      if (error instanceof ValidationError) details = error.details
    } else if (error instanceof HTTPException && error.status < 500) {
      status = error.status as ErrorStatus
      code = status === 413 ? 'payload_too_large' : 'bad_request'
      message = error.message || 'The request could not be processed.'
    }
    if (error instanceof ServiceUnavailableError) {
      // Load shedding, not a fault: the client is told when to come back.
      deps.logger.warn({ method: c.req.method, path: c.req.path }, error.message)
      const response = await sendError(c, deps, status, code, message, details)
      response.headers.set('Retry-After', String(error.retryAfterSeconds))
      return response
    }
    if (status >= 500) {
      deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed')
    }
    return sendError(c, deps, status, code, message, details)
  }
}

export async function sendError(c: Context, deps: Pick<AppDeps, 'errorPage'>, status: ErrorStatus, code: string, message: string, details: string[] = []) {
  if (wantsJson(c)) return c.json({ error: { code, message, ...(details.length ? { details } : {}) } }, status, { 'Cache-Control': 'no-store' })
  return deps.errorPage(c, { status, message, details })
}
