import type { Context } from 'hono'

/**
 * The query parameters a cached public page reads, declared by its route next to its Cache-Control
 * and tags. Each maps a value as sent to its canonical form (cut to a bound, or normalized as the page
 * would), or to undefined for "as if absent". The page's cache key is its path plus these, in declared
 * order; nothing else in the query string (`utm_*`, `fbclid`, anything made up) changes the key, and
 * the handler reads its parameters from the same canonical values (`readPageQuery`), so it cannot
 * render what the key does not say.
 */
export type PageQuery<Name extends string = string> = {
  readonly params: Readonly<Record<Name, (value: string) => string | undefined>>
  /**
   * Values a reader can make up endlessly that still give a real page (a search, a cursor for any
   * instant): the cache keeps such pages in a share of their own, so a flood of them cannot evict
   * the pages everyone reads.
   */
  readonly open?: readonly Name[]
}

/** The canonical values of a page's parameters: present ones only. */
export type PageQueryValues<Name extends string = string> = Partial<Record<Name, string>>

/** A page that reads no query parameter: its path is its key. */
export const noQuery: PageQuery<never> = { params: {} }

export function pageQuery<const Name extends string>(params: Record<Name, (value: string) => string | undefined>, open: readonly NoInfer<Name>[] = []): PageQuery<Name> {
  return { params, open }
}

/**
 * A value cut to `maxLength` code points. Pick a bound past the longest value the page accepts, so
 * a cut value is refused just as the whole one would be (the key stays short either way).
 */
export function upTo(maxLength: number): (value: string) => string {
  return (value) => (value.length <= maxLength ? value : Array.from(value).slice(0, maxLength).join(''))
}

/** The first value of each declared parameter, canonical; a repeated parameter uses its first. */
export function canonicalQuery<Name extends string>(search: URLSearchParams, query: PageQuery<Name>): PageQueryValues<Name> {
  const values: PageQueryValues<Name> = {}
  for (const name in query.params) {
    const raw = search.get(name)
    const value = raw === null ? undefined : query.params[name](raw)
    if (value !== undefined) values[name] = value
  }
  return values
}

/** `path` alone, or `path?a=1&b=2` with the values in declared order, URL-encoded. */
export function pageKey(path: string, values: PageQueryValues): string {
  const entries = Object.entries(values) as [string, string][]
  return entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path
}

/** Whether these values include one the reader could have made up endlessly (`PageQuery.open`). */
export function isOpenKey(query: PageQuery, values: PageQueryValues): boolean {
  return (query.open ?? []).some((name) => values[name] !== undefined)
}

/**
 * Where a page is kept: its path as routed (escapes decoded, so `/articles/%68arbour` is
 * `/articles/harbour`'s copy) and its declared parameters' canonical values.
 */
export type PageAddress = { path: string; query: PageQuery; values: PageQueryValues; key: string; open: boolean }

export function pageAddress(path: string, search: URLSearchParams, query: PageQuery): PageAddress {
  const values = canonicalQuery(search, query)
  return { path, query, values, key: pageKey(path, values), open: isOpenKey(query, values) }
}

/** This request's address under `query`. */
export function requestAddress(c: Context, query: PageQuery): PageAddress {
  return pageAddress(c.req.path, searchOf(c), query)
}

/** What a route reads from the query string: only its declared parameters, canonical. */
export function readPageQuery<Name extends string>(c: Context, query: PageQuery<Name>): PageQueryValues<Name> {
  return canonicalQuery(searchOf(c), query)
}

function searchOf(c: Context): URLSearchParams {
  const url = c.req.url
  return url.includes('?') ? new URL(url).searchParams : new URLSearchParams()
}
