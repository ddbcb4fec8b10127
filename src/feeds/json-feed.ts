import type { Author, Feed } from 'feed'

const version = 'https://jsonfeed.org/version/1.1'

type JsonAuthor = { name?: string; url?: string; avatar?: string }
type JsonFeedDocument = Record<string, unknown> & { items: Record<string, unknown>[] }

/**
 * JSON Feed 1.1. The feed library writes version 1 with a single `author`; 1.1 adds `language` and an
 * `authors` list (every co-author, not just the first). `author` stays for readers that know only 1.0.
 */
export function renderJsonFeed(feed: Feed): string {
  const document = JSON.parse(feed.json1()) as JsonFeedDocument
  const { language, author } = feed.options
  const items = document.items.map((item, index) => {
    const authors = (feed.items[index]?.author ?? []).map(jsonAuthor)
    return { ...item, ...(authors.length ? { authors } : {}) }
  })
  return JSON.stringify({
    ...document,
    version,
    ...(language ? { language } : {}),
    ...(author ? { authors: [jsonAuthor(author)] } : {}),
    items,
  })
}

function jsonAuthor({ name, link, avatar }: Author): JsonAuthor {
  return { ...(name ? { name } : {}), ...(link ? { url: link } : {}), ...(avatar ? { avatar } : {}) }
}
