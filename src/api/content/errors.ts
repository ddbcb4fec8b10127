import { randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ContentApiKeyError } from '../../content/accounts/index.ts'
import { AppError, ValidationError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'

/**
 * Errors in Ghost's envelope, `{"errors":[{"message","context","type",…}]}`, with the matching status:
 * the official client turns `errors[0]` into the Error it throws (its `type` becomes the error's name),
 * so clients written for Ghost handle ours unchanged.
 */
const ghostTypes: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'NoPermissionError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  500: 'InternalServerError',
}

type GhostErrorStatus = 400 | 401 | 403 | 404 | 405 | 500

export function ghostErrorBody(status: number, message: string, context: string | null, code: string | null) {
  return {
    errors: [
      {
        message,
        context,
        type: ghostTypes[status] ?? 'InternalServerError',
        details: null,
        property: null,
        help: null,
        code,
        id: randomUUID(),
        ghostErrorCode: null,
      },
    ],
  }
}

/** The Content API's onError: known errors keep their status and message; anything else is logged and a bare 500. */
export function contentApiErrorHandler(logger: Logger) {
  return function handleContentApiError(error: Error, c: Context) {
    let status: GhostErrorStatus = 500
    let message = 'An unexpected error occurred, please try again.'
    let context: string | null = null
    let code: string | null = null
    if (error instanceof AppError && error.status in ghostTypes) {
      status = error.status as GhostErrorStatus
      message = error.message
      code = error.code
      if (error instanceof ValidationError && error.details.length) context = error.details.join(' ')
      if (error instanceof ContentApiKeyError) context = error.context
    } else if (error instanceof HTTPException && error.status in ghostTypes && error.status < 500) {
      status = error.status as GhostErrorStatus
      message = error.message || 'The request could not be processed.'
    } else {
      logger.error({ err: error, method: c.req.method, path: c.req.path }, 'content api request failed')
    }
    return c.json(ghostErrorBody(status, message, context, code), status, { 'Cache-Control': 'no-store' })
  }
}
