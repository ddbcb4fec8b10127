import fc from 'fast-check'

/**
 * Arbitrary HTTP requests for the fuzz suite: every route of the app as a template, its parameters,
 * query strings, headers and bodies drawn by fast-check. A request is plain data, so a failing one is
 * shrunk and printed with the seed that reproduces it.
 */
export type FuzzRequest = {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: FuzzBody
  /** Who sends it: nobody, a signed-in admin (cookie and form token), or an Admin API token. */
  as: 'anonymous' | 'session' | 'token'
}

export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; text: string }
  | { kind: 'form'; fields: [string, string][] }
  | { kind: 'multipart'; fields: [string, string][]; file: { name: string; type: string; bytes: number[] } | null }
  | { kind: 'raw'; type: string; text: string }

/** Every route of the app, with `:x` where a parameter goes (see the routes files under src). */
export const routeTemplates: { method: string; path: string }[] = [
  ...['/', '/articles/:slug', '/section/:slug', '/tag/:slug', '/author/:slug', '/trending', '/sitemap', '/search', '/favicon.svg', '/robots.txt'].map((path) => ({ method: 'GET', path })),
  ...['/rss.xml', '/atom.xml', '/feed.json', '/section/:slug/rss.xml', '/tag/:slug/atom.xml', '/author/:slug/feed.json'].map((path) => ({ method: 'GET', path })),
  ...['/sitemap.xml', '/sitemaps/:file', '/sitemap-news.xml', '/media/:any', '/assets/:file', '/assets/fonts/:file', '/admin/assets/:file'].map((path) => ({ method: 'GET', path })),
  ...['/ghost/api/content/posts/', '/ghost/api/content/posts/:id/', '/ghost/api/content/posts/slug/:slug/', '/ghost/api/content/pages/', '/ghost/api/content/pages/:id/',
    '/ghost/api/content/authors/', '/ghost/api/content/authors/:id/', '/ghost/api/content/authors/slug/:slug/', '/ghost/api/content/tags/', '/ghost/api/content/tags/:id/',
    '/ghost/api/content/tags/slug/:slug/', '/ghost/api/content/settings/', '/ghost/api/content/:any'].map((path) => ({ method: 'GET', path })),
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/api/admin/articles' },
  { method: 'POST', path: '/api/admin/articles' },
  { method: 'GET', path: '/api/admin/articles/:id' },
  { method: 'PATCH', path: '/api/admin/articles/:id' },
  { method: 'DELETE', path: '/api/admin/articles/:id' },
  { method: 'POST', path: '/api/admin/articles/:id/publish' },
  { method: 'POST', path: '/api/admin/articles/:id/unpublish' },
  ...['/admin', '/admin/login', '/admin/articles', '/admin/articles/:id', '/admin/articles/:id/revisions', '/admin/articles/:id/revisions/:id', '/admin/media', '/admin/users',
    '/admin/settings', '/admin/taxonomy', '/admin/authors', '/admin/authors/:id', '/admin/tokens', '/admin/api-keys', '/admin/webhooks', '/admin/webhooks/:id'].map((path) => ({ method: 'GET', path })),
  ...['/admin/login', '/admin/setup', '/admin/articles', '/admin/articles/:id', '/admin/articles/:id/autosave', '/admin/articles/:id/workflow', '/admin/articles/:id/revisions/:id/restore',
    '/admin/articles/:id/corrections', '/admin/articles/:id/corrections/:id/delete', '/admin/media', '/admin/media/:id', '/admin/media/:id/delete', '/admin/users', '/admin/users/:id/role',
    '/admin/settings', '/admin/taxonomy/:kind', '/admin/authors/:id', '/admin/tokens', '/admin/tokens/:id/revoke', '/admin/api-keys', '/admin/api-keys/:id/revoke', '/admin/webhooks',
    '/admin/webhooks/:id/enable', '/admin/webhooks/:id/disable', '/admin/webhooks/:id/delete'].map((path) => ({ method: 'POST', path })),
]

const nasty = ['', ' ', '%', '%00', '%zz', '%2e%2e', '..', '../../etc/passwd', '%2F', '\\', '//', '💥', 'ü', 'a'.repeat(300), '0', '-1', '1e9', '2147483648', '99999999999',
  'null', 'undefined', '[]', '{}', "'", '"', '<script>', '%3Cscript%3E', '\u202e', '\ufeff', 'NaN', '0x10', '1.5', ' 1', '%20', '+', '&', '#', '?', ';', '*']

const segment = fc.oneof(
  fc.constantFrom(...nasty),
  fc.stringMatching(/^[a-z0-9-]{1,30}$/),
  fc.integer({ min: -5, max: 3000 }).map(String),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[/?#]/g, '')),
)

/** Parameter names the routes read, and some they do not. */
const queryNames = ['page', 'before', 'q', 'key', 'limit', 'filter', 'order', 'fields', 'include', 'formats', 'status', 'saved', 'next', 'utm_source', 'fbclid', 'page[]', '__proto__', 'constructor']

const nqlField = fc.constantFrom('tag', 'author', 'primary_tag', 'featured', 'published_at', 'slug', 'id', 'title', 'visibility', 'status', 'tags.slug', 'x', '')
const nqlValue = fc.oneof(
  fc.constantFrom('news', 'true', 'false', 'null', "'2026-01-01'", 'now-7d', 'now+1y', "'it\\'s'", '[a,b]', '[]', '-sport', "'", '\\', '~', '~^x', '~$y', '>5', '<=3', '>=', '""'),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  fc.string({ maxLength: 15 }),
)
const nqlAtom = fc.tuple(nqlField, fc.constantFrom(':', ':-', ':>', ':<', ':>=', ':<=', ':~', ':~^', ':~$', ''), nqlValue).map(([f, op, v]) => `${f}${op}${v}`)
const nqlFilter = fc
  .array(fc.tuple(fc.constantFrom('+', ',', '+(', ')+', '(', ')', ''), nqlAtom), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([join, atom], i) => (i === 0 ? atom : `${join}${atom}`)).join(''))

const queryValue = fc.oneof(fc.constantFrom(...nasty), fc.integer({ min: -10, max: 100_000 }).map(String), nqlFilter, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constant('x'.repeat(5000)))
const query = fc
  .array(fc.tuple(fc.constantFrom(...queryNames), queryValue), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'))
/** Some query strings are sent as they are, malformed escapes and all. */
const rawQuery = fc.oneof(query, fc.constantFrom('%', '%%', 'a=%E0%A4%A', '=&=&', 'page=1&page=2', '&&&', 'q=%00', 'filter=tag:%27', 'limit=all', 'limit=1000000', 'page=0'))

const headerValue = fc.oneof(fc.constantFrom('', '*', 'gzip, br, deflate', 'identity;q=0', 'br;q=1.5', '"etag"', 'W/"x"', 'Thu, 01 Jan 1970 00:00:00 GMT', 'bytes=0-10', 'bytes=-1', 'x'.repeat(2000)), fc.stringMatching(/^[\x20-\x7e]{0,60}$/))
const headers = fc.record(
  {
    'accept-encoding': headerValue,
    accept: fc.constantFrom('text/html', 'application/json', '*/*', '', 'application/xml;q=0.1'),
    'if-none-match': headerValue,
    'if-modified-since': headerValue,
    range: headerValue,
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '1.1.1.1, 2.2.2.2'),
    'accept-version': fc.constantFrom('v5.0', 'v2', '', 'x'),
    'user-agent': headerValue,
    cookie: fc.oneof(fc.constantFrom('gazette_session=', 'gazette_session=abc', 'a=b; c', ''), headerValue),
  },
  { requiredKeys: [] },
)

const jsonText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.record({ headline: fc.string({ maxLength: 50 }), body_html: fc.string({ maxLength: 200 }), version: fc.integer(), section_id: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ version: fc.integer({ min: -1, max: 5 }), draft: fc.record({ headline: fc.string({ maxLength: 30 }), bodyHtml: fc.string({ maxLength: 100 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.constantFrom('', '{', '[', 'null', '1', '"x"', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '{"__proto__":{"x":1}}', JSON.stringify({ headline: 'x', body_html: '<b>'.repeat(20_000) })),
)
const formField = fc.tuple(
  fc.constantFrom('_csrf', 'headline', 'bodyHtml', 'version', 'payload', 'action', 'scheduledAt', 'role', 'name', 'email', 'password', 'url', 'events', 'sectionId', 'tagIds', 'authorIds', 'kind', 'body', 'alt', 'x'),
  fc.oneof(fc.constantFrom(...nasty), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer().map(String)),
)
const body: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  jsonText.map((text) => ({ kind: 'json' as const, text })),
  fc.array(formField, { maxLength: 8 }).map((fields) => ({ kind: 'form' as const, fields })),
  fc
    .tuple(
      fc.array(formField, { maxLength: 4 }),
      fc.option(fc.record({ name: fc.constantFrom('photo.jpg', 'x.png', '', '../../x', 'a'.repeat(300)), type: fc.constantFrom('image/jpeg', 'image/png', 'text/html', ''), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }) })),
    )
    .map(([fields, file]) => ({ kind: 'multipart' as const, fields, file })),
  fc.record({ type: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'garbage'), text: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('a=%zz&b'), fc.constant('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--')) }).map((raw) => ({ kind: 'raw' as const, ...raw })),
)

export function fuzzRequest(ids: { slugs: string[]; ids: number[] }): fc.Arbitrary<FuzzRequest> {
  const param = fc.oneof(segment, fc.constantFrom(...ids.slugs), fc.constantFrom(...ids.ids.map(String)), fc.constantFrom('tags', 'sections', 'labels', 'enable', '1'))
  const routed = fc.tuple(fc.constantFrom(...routeTemplates), fc.array(param, { minLength: 6, maxLength: 6 })).map(([route, values]) => {
    let i = 0
    return { method: route.method, path: route.path.replace(/:[a-z]+/g, () => values[i++] ?? 'x') }
  })
  const wild = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), fc.array(segment, { minLength: 0, maxLength: 5 })).map(([method, parts]) => ({ method, path: `/${parts.join('/')}` }))
  return fc.record({
    target: fc.oneof({ weight: 5, arbitrary: routed }, { weight: 1, arbitrary: wild }),
    query: rawQuery,
    headers,
    body,
    as: fc.constantFrom('anonymous' as const, 'session' as const, 'token' as const),
  }).map(({ target, ...rest }) => ({ ...target, ...rest }))
}
