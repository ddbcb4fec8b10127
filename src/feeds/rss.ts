import { Feed } from 'feed'
import type { FeedArticle } from '../content/article-queries.ts'
import type { SiteChrome } from '../site/chrome.ts'
import { paths } from '../site/views/format.ts'

/** RSS 2.0 with the full story in content:encoded and the dek (or lead) as the description. */
export function renderRss(chrome: SiteChrome, articles: FeedArticle[]): string {
  const { settings, siteUrl } = chrome
  const latest = articles[0]
  const feed = new Feed({
    title: settings.name,
    description: settings.description,
    id: `${siteUrl}/`,
    link: `${siteUrl}/`,
    language: settings.language,
    copyright: chrome.copyright,
    updated: latest ? new Date(latest.updatedAt) : new Date(0),
    generator: 'Gazette',
    feedLinks: { rss: `${siteUrl}${paths.rss()}` },
  })
  for (const article of articles) {
    const link = siteUrl + paths.article(article.slug)
    feed.addItem({
      title: article.headline,
      id: link,
      link,
      date: new Date(article.publishedAt),
      description: article.dek ?? undefined,
      content: article.bodyHtml,
      author: article.authors.map((a) => ({ name: a.name, link: siteUrl + paths.author(a.slug) })),
      category: article.section ? [{ name: article.section.name, domain: siteUrl + paths.section(article.section.slug) }] : [],
      ...(article.image ? { image: { url: absolute(siteUrl, article.image.url), type: 'image/jpeg' } } : {}),
    })
  }
  return feed.rss2()
}

export function absolute(siteUrl: string, url: string): string {
  return url.startsWith('/') ? siteUrl + url : url
}
