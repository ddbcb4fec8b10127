import { isFirstPage, type ListPosition, decodeCursor, maxCursorLength } from '../content/published/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import { pageQuery, upTo, type PageQueryValues } from './page-query.ts'
import { maxPageLength, readPage } from './query.ts'

/**
 * Numbered pages past this are refused: readers page on with cursors, and an offset is read and thrown
 * away row by row. Old `?page=N` links up to here still work (at most 49 pages skipped).
 */
export const maxOffsetPage = 50

/**
 * What a public listing reads from its query string, and so its cache key: `page`, `before`, `after`,
 * each cut one character past the longest value accepted (a cut value is refused like the whole).
 * A cursor can name any instant, so pages with one are kept in the cache's share for made-up keys.
 */
export const listingQuery = pageQuery({ page: upTo(maxPageLength + 1), before: upTo(maxCursorLength + 1), after: upTo(maxCursorLength + 1) }, ['before', 'after'])

export type ListingQueryValues = PageQueryValues<'page' | 'before' | 'after'>

/**
 * Where a public listing starts: `?before=<cursor>` (older stories), `?after=<cursor>` (newer ones)
 * or `?page=N` (1 to `maxOffsetPage`). A token this server could not have written is a 400 before any
 * query runs; other parameters (`utm_source`, `fbclid`, …) are ignored, as links from elsewhere carry them.
 */
export function readListPosition(query: ListingQueryValues): ListPosition {
  const given = (['page', 'before', 'after'] as const).filter((name) => query[name] !== undefined)
  if (given.length > 1) throw new ValidationError('Invalid page address.', [`use only one of ${given.join(', ')}`])
  for (const name of ['before', 'after'] as const) {
    const token = query[name]
    if (token === undefined) continue
    const cursor = decodeCursor(token)
    if (!cursor) throw new ValidationError('Invalid page address.', [`${name}: not a page of this site; follow the “Older stories” and “Newer stories” links`])
    return name === 'before' ? { before: cursor } : { after: cursor }
  }
  const page = readPage(query)
  if (page > maxOffsetPage) {
    throw new ValidationError('Invalid page number.', [`page must be at most ${maxOffsetPage}; older stories are reached with the “Older stories” link at the foot of each page`])
  }
  return { page }
}

/** A page that starts past either end of a listing is a missing page, not an empty one. */
export function requireStories(position: ListPosition, itemCount: number): void {
  if (itemCount === 0 && !isFirstPage(position)) throw new NotFoundError('There are no stories on this page.')
}
