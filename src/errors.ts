/**
 * One error family for the whole app. `status` is the HTTP status a route answers with, `code` a stable
 * machine-readable name; the message is safe to show to a reader. Anything that is not an AppError is
 * a bug and answers 500 without details.
 */
export class AppError extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.status = status
    this.code = code
    this.name = new.target.name
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'The page you asked for does not exist.', options?: { cause?: unknown }) {
    super(404, 'not_found', message, options)
  }
}

export class ValidationError extends AppError {
  readonly details: string[]

  constructor(message: string, details: string[] = [], options?: { cause?: unknown }) {
    super(400, 'invalid_request', message, options)
    this.details = details
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that.', options?: { cause?: unknown }) {
    super(403, 'forbidden', message, options)
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, 'conflict', message, options)
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'The request body is too large.') {
    super(413, 'payload_too_large', message)
  }
}

/** The server is at capacity for this kind of work: the client may try again after `retryAfterSeconds`. */
export class ServiceUnavailableError extends AppError {
  readonly retryAfterSeconds: number

  constructor(message: string, retryAfterSeconds: number) {
    super(503, 'busy', message)
    this.retryAfterSeconds = retryAfterSeconds
  }
}
