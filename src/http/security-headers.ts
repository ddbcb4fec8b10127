import type { MiddlewareHandler } from 'hono'

export type CspDirectives = Record<string, string>

/**
 * Public pages need no script at all, so the policy forbids it; images may come from https sources
 * named in stories.
 */
export const publicCspDirectives: CspDirectives = {
  'default-src': "'self'",
  'img-src': "'self' data: https:",
  'style-src': "'self'",
  'script-src': "'none'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
}

/** Newsroom pages load their islands (src/admin/islands) from our own origin; nothing inline. */
export const adminCspOverride: CspOverride = { pathPrefix: '/admin', directives: { 'script-src': "'self'" } }

/** Directives that replace the public ones for every path equal to `pathPrefix` or below it. */
export type CspOverride = { pathPrefix: string; directives: CspDirectives }

export type SecurityHeadersOptions = { hsts: boolean; cspOverrides?: CspOverride[] }

const otherHeaders: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
]

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)
}

/** The security headers of a response under the given content policy (the public one by default). */
export function securityHeaderList(hsts: boolean, directives: CspDirectives = publicCspDirectives): [string, string][] {
  const common = hsts ? [...otherHeaders, ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]] : otherHeaders
  return [['Content-Security-Policy', serializeCsp(directives)], ...common]
}

/**
 * Sets the security headers on every response that has not set its own. Built once: each policy is a
 * precomputed header list, and a request only picks the first override whose prefix matches its path.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const withCsp = (directives: CspDirectives) => securityHeaderList(options.hsts, directives)
  const publicHeaders = withCsp(publicCspDirectives)
  const overrides = (options.cspOverrides ?? []).map((override) => ({
    pathPrefix: override.pathPrefix,
    headers: withCsp({ ...publicCspDirectives, ...override.directives }),
  }))
  return async function setSecurityHeaders(c, next) {
    await next()
    const path = c.req.path
    const all = overrides.find((override) => underPrefix(path, override.pathPrefix))?.headers ?? publicHeaders
    for (const [name, value] of all) if (!c.res.headers.has(name)) c.res.headers.set(name, value)
  }
}
