import { Feed, type Item } from 'feed'
import { escapeHtml } from '../content/shared/index.ts'

/**
 * RSS 2.0 with the full story in content:encoded and the dek as the description. Bylines go in
 * `dc:creator` (one per author): RSS's own `<author>` must be an e-mail address, which we do not publish.
 */
export function renderRss(feed: Feed): string {
  const rss = new Feed(feed.options)
  for (const item of feed.items) rss.addItem(rssItem(item))
  return rss.rss2()
}

function rssItem(item: Item): Item {
  const creators = (item.author ?? []).flatMap((author) => (author.name ? [{ _text: author.name }] : []))
  return {
    ...item,
    author: undefined,
    // Readers show the description as HTML; the dek is plain text.
    description: item.description === undefined ? undefined : escapeHtml(item.description),
    extensions: [...(item.extensions ?? []), ...(creators.length ? [{ name: 'dc:creator', objects: creators as unknown as Record<string, unknown> }] : [])],
  }
}
