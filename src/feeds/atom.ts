import { Feed, type Item } from 'feed'
import { escapeHtml } from '../content/shared/index.ts'

/** Atom (RFC 4287): the feed library marks titles and summaries `type="html"`, so plain text is escaped first. */
export function renderAtom(feed: Feed): string {
  const atom = new Feed(feed.options)
  for (const item of feed.items) atom.addItem(atomEntry(item))
  return atom.atom1()
}

function atomEntry(item: Item): Item {
  return {
    ...item,
    title: escapeHtml(item.title),
    description: item.description === undefined ? undefined : escapeHtml(item.description),
  }
}
