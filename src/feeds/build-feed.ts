import { Feed, type Category, type Item } from 'feed'
import type { FeedArticle } from '../content/published/index.ts'
import type { SiteChrome } from '../http/site-chrome.ts'
import { feedPath } from '../http/feed-links.ts'
import { paths } from '../http/paths.ts'
import { absoluteUrl, absoluteUrlsInHtml } from '../http/absolute-urls.ts'

/** What a feed covers: the whole site, or the stories of one section, topic or author. */
export type FeedScope = {
  /** Path of the HTML page the feed mirrors: `/`, `/section/world`, `/tag/iraq`, `/author/news-desk`. */
  pagePath: string
  /** Added to the site name in the feed title; absent for the site-wide feed. */
  name?: string
  description?: string | null
}

/**
 * One format-neutral `Feed` for a scope; rss.ts, atom.ts and json-feed.ts each serialise it. Every
 * address is absolute (feed readers have no page to resolve against), body HTML included.
 */
export function buildFeed(chrome: SiteChrome, scope: FeedScope, articles: FeedArticle[]): Feed {
  const { settings, siteUrl } = chrome
  const pageUrl = siteUrl + (scope.pagePath === '/' ? '/' : scope.pagePath)
  const feed = new Feed({
    title: scope.name ? `${settings.name}: ${scope.name}` : settings.name,
    description: scope.description || settings.description || settings.name,
    id: pageUrl,
    link: pageUrl,
    language: settings.language,
    copyright: chrome.copyright,
    updated: newestUpdate(articles),
    generator: 'Gazette',
    // Atom wants a feed author unless every entry has one; a story without a byline is the publication's.
    author: { name: settings.name, link: `${siteUrl}/` },
    feedLinks: {
      rss: siteUrl + feedPath(scope.pagePath, 'rss'),
      atom: siteUrl + feedPath(scope.pagePath, 'atom'),
      json: siteUrl + feedPath(scope.pagePath, 'json'),
    },
  })
  for (const article of articles) feed.addItem(feedItem(siteUrl, article))
  return feed
}

function feedItem(siteUrl: string, article: FeedArticle): Item {
  // The canonical address doubles as the id, as the RSS feed has always done, so readers keep their state.
  const link = siteUrl + paths.article(article.slug)
  return {
    title: article.headline,
    id: link,
    link,
    date: new Date(article.updatedAt),
    published: new Date(article.publishedAt),
    description: article.dek ?? undefined,
    content: absoluteUrlsInHtml(article.bodyHtml, siteUrl),
    author: article.authors.map((a) => ({
      name: a.name,
      link: siteUrl + paths.author(a.slug),
      ...(a.avatar_url ? { avatar: absoluteUrl(siteUrl, a.avatar_url) } : {}),
    })),
    category: categoriesOf(siteUrl, article),
    ...(article.image ? { image: { url: absoluteUrl(siteUrl, article.image.url), type: imageType(article.image.url) } } : {}),
  }
}

/** The section, then the topics: `domain` is read by RSS, `term` by Atom, `name` by all three. */
function categoriesOf(siteUrl: string, article: FeedArticle): Category[] {
  const section = article.section ? [{ name: article.section.name, term: article.section.name, domain: siteUrl + paths.section(article.section.slug) }] : []
  const topics = article.tags.map((tag) => ({ name: tag.name, term: tag.name, domain: siteUrl + paths.tag(tag.slug) }))
  return [...section, ...topics]
}

/** A feed changes when any story in it does; an empty feed has never changed. */
function newestUpdate(articles: FeedArticle[]): Date {
  const times = articles.map((a) => Date.parse(a.updatedAt))
  return new Date(times.length ? Math.max(...times) : 0)
}

const imageTypes: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' }

/** The media type an enclosure needs, from the file name (library files are named by format). */
function imageType(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() ?? ''
  return imageTypes[extension] ?? 'image/jpeg'
}
