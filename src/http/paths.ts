/** Where each public page lives: one place builds every URL the site, feeds, APIs and newsroom link to. */
export const paths = {
  home: () => '/',
  article: (slug: string) => `/articles/${slug}`,
  section: (slug: string) => `/section/${slug}`,
  tag: (slug: string) => `/tag/${slug}`,
  author: (slug: string) => `/author/${slug}`,
  sitemap: () => '/sitemap',
  rss: () => '/rss.xml',
  search: () => '/search',
  trending: () => '/trending',
}
