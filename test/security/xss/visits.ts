/** A page the suite loads: its kind names the template (one clean page of each kind is the baseline). */
export type Visit = { kind: string; path: string }

/** XML and JSON answers run no page script either way: they are loaded once, with the CSP bypassed. */
export const isDocument = (visit: Visit) => !/^(feed-|sitemap-(index|file|news)|api|robots)/.test(visit.kind)

/** The RSS, Atom and JSON feeds of a page (`/`, `/section/world`, …). */
export function feedVisits(pagePath: string): Visit[] {
  const base = pagePath === '/' ? '' : pagePath
  return [
    { kind: 'feed-rss', path: `${base}/rss.xml` },
    { kind: 'feed-atom', path: `${base}/atom.xml` },
    { kind: 'feed-json', path: `${base}/feed.json` },
  ]
}

export const apiPath = (key: string, resource: string, query = '') => `/ghost/api/content/${resource}/?key=${key}${query}`

/** The Content API's lists with everything they can include, and the settings. */
export function apiVisits(key: string): Visit[] {
  return [
    { kind: 'api', path: apiPath(key, 'posts', '&include=authors,tags&formats=html,plaintext&limit=all') },
    { kind: 'api', path: apiPath(key, 'tags', '&include=count.posts&limit=all') },
    { kind: 'api', path: apiPath(key, 'tags', '&limit=all&page=2') },
    { kind: 'api', path: apiPath(key, 'authors', '&include=count.posts&limit=all') },
    { kind: 'api', path: apiPath(key, 'settings') },
  ]
}

/** The sitemap index, every child sitemap it names (as paths on the test server), the news sitemap and robots.txt. */
export async function sitemapVisits(get: (path: string) => Promise<Response>, siteOrigin: string): Promise<Visit[]> {
  const index = await (await get('/sitemap.xml')).text()
  const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(siteOrigin, ''))
  return [
    { kind: 'sitemap-index', path: '/sitemap.xml' },
    ...children.map((path) => ({ kind: 'sitemap-file', path })),
    { kind: 'sitemap-news', path: '/sitemap-news.xml' },
    { kind: 'robots', path: '/robots.txt' },
  ]
}

/** The newsroom's list pages: every one shows the names, addresses and texts of its rows. */
export function newsroomListVisits(): Visit[] {
  return [
    { kind: 'articles', path: '/admin/articles' },
    { kind: 'articles', path: '/admin/articles?status=published' },
    { kind: 'media', path: '/admin/media' },
    { kind: 'authors', path: '/admin/authors' },
    { kind: 'taxonomy', path: '/admin/taxonomy' },
    { kind: 'users', path: '/admin/users' },
    { kind: 'settings', path: '/admin/settings' },
    { kind: 'webhooks', path: '/admin/webhooks' },
    { kind: 'tokens', path: '/admin/tokens' },
    { kind: 'api-keys', path: '/admin/api-keys' },
  ]
}
