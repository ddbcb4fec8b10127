/** Presentation helpers shared by views: dates in the site's timezone and language, paths. */
export function formatDate(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(safeLocale(language), { dateStyle: 'long', timeZone }).format(new Date(iso))
}

export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(safeLocale(language), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso))
}

function safeLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

export const paths = {
  home: () => '/',
  article: (slug: string) => `/articles/${slug}`,
  section: (slug: string) => `/section/${slug}`,
  tag: (slug: string) => `/tag/${slug}`,
  author: (slug: string) => `/author/${slug}`,
  sitemap: () => '/sitemap',
  rss: () => '/rss.xml',
}

export function withPage(path: string, page: number): string {
  return page <= 1 ? path : `${path}?page=${page}`
}
