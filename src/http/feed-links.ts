/** Where each syndication feed lives and how pages announce it; shared by page heads and the feeds. */
export type FeedFormat = 'rss' | 'atom' | 'json'

/** `title` names the feed for subscription lists; `label` is the format, for visible links. */
export type FeedLink = { title: string; label: string; href: string; type: string }

export const feedFormats: Record<FeedFormat, { file: string; type: string; label: string }> = {
  rss: { file: 'rss.xml', type: 'application/rss+xml', label: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml', label: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
}

/** A page's feed of one format: `/` → `/rss.xml`, `/section/world` → `/section/world/rss.xml`. */
export function feedPath(pagePath: string, format: FeedFormat): string {
  return `${pagePath.replace(/\/+$/, '')}/${feedFormats[format].file}`
}

/** The three feeds of a page, titled for feed readers' subscription lists ("The Gazette: World (Atom)"). */
export function feedLinks(pagePath: string, title: string): FeedLink[] {
  return (Object.keys(feedFormats) as FeedFormat[]).map((format) => ({
    title: `${title} (${feedFormats[format].label})`,
    label: feedFormats[format].label,
    href: feedPath(pagePath, format),
    type: feedFormats[format].type,
  }))
}
