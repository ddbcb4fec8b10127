import type { ListingPage, ListPosition } from '../../content/published/index.ts'
import { encodeCursor } from '../../content/published/index.ts'
import { withPage } from './format.ts'

/** A listing page's address: the first page is the bare path; cursors and old page numbers follow `?`. */
export function listingHref(path: string, position: ListPosition): string {
  if ('before' in position) return `${path}?before=${encodeCursor(position.before)}`
  if ('after' in position) return `${path}?after=${encodeCursor(position.after)}`
  return withPage(path, position.page)
}

/** What a later page is called in titles and breadcrumbs; null for the first page. */
export function positionLabel(position: ListPosition): string | null {
  if ('page' in position) return position.page > 1 ? `Page ${position.page}` : null
  return 'Earlier stories'
}

/**
 * "← Newer stories" and "Older stories →" for a keyset listing: each link carries the cursor of the
 * first or last story shown, so it continues exactly where this page ends whatever was published since.
 */
export function ListingPagination({ path, page }: { path: string; page: Pick<ListingPage, 'newer' | 'older'> }) {
  if (!page.newer && !page.older) return null
  return (
    <nav class="pagination" aria-label="Pages">
      {page.newer ? <a rel="prev" href={listingHref(path, { after: page.newer })}>← Newer stories</a> : <span />}
      {page.older ? <a rel="next" href={listingHref(path, { before: page.older })}>Older stories →</a> : <span />}
    </nav>
  )
}
