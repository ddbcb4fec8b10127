import type { MiddlewareHandler } from 'hono'

/**
 * Public pages need no script at all, so the policy forbids it; images may come from https sources
 * named in stories. Built once: these headers are the same on every response.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data: https:",
  "style-src 'self'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ')

const headers: [string, string][] = [
  ['Content-Security-Policy', contentSecurityPolicy],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
]

export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler {
  const all = options.hsts ? [...headers, ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]] : headers
  return async function setSecurityHeaders(c, next) {
    await next()
    for (const [name, value] of all) if (!c.res.headers.has(name)) c.res.headers.set(name, value)
  }
}
