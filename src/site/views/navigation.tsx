import { paths } from '../../http/paths.ts'

export type Crumb = { name: string; href?: string }

/** Where the page sits: Home › Section › …; the last crumb is the page itself. */
export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  const crumbs: Crumb[] = [{ name: 'Home', href: paths.home() }, ...trail]
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((crumb, i) => (
          <li>{crumb.href && i < crumbs.length - 1 ? <a href={crumb.href}>{crumb.name}</a> : <span aria-current="page">{crumb.name}</span>}</li>
        ))}
      </ol>
    </nav>
  )
}

/** Newer / Older links around the page number; `link` builds a page's address. */
export function Pagination({ page, hasNext, link, newer = '← Newer stories', older = 'Older stories →' }: { page: number; hasNext: boolean; link: (page: number) => string; newer?: string; older?: string }) {
  if (page <= 1 && !hasNext) return null
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? <a rel="prev" href={link(page - 1)}>{newer}</a> : <span />}
      <span>Page {page}</span>
      {hasNext ? <a rel="next" href={link(page + 1)}>{older}</a> : <span />}
    </nav>
  )
}
