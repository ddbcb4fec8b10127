import type { SearchHit, SearchResults, SnippetPart } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'
import { Breadcrumbs, Pagination } from './navigation.tsx'
import { Teaser } from './teaser.tsx'

export const searchPath = paths.search()

export type SearchPageProps = {
  chrome: SiteChrome
  /** Null when nothing was asked yet: the page shows only the form. */
  results: SearchResults | null
  maxQueryLength: number
}

/** `/search?q=…&page=N`: the query is URL-encoded, so any text round-trips. */
function searchHref(query: string, page: number): string {
  const params = new URLSearchParams({ q: query })
  if (page > 1) params.set('page', String(page))
  return `${searchPath}?${params}`
}

export function SearchPage({ chrome, results, maxQueryLength }: SearchPageProps) {
  const query = results?.query ?? ''
  const page = results?.page ?? 1
  const title = !query ? 'Search' : page > 1 ? `Search: ${query} – page ${page}` : `Search: ${query}`
  // Result pages are endless variations of the archive: never indexed, and no canonical address.
  return (
    <Layout chrome={chrome} meta={{ title, noindex: true }}>
      <Breadcrumbs trail={[{ name: 'Search' }]} />
      <header class="listing-header">
        <h1>Search</h1>
        <form class="search-form search-page-form" role="search" aria-label="Search the archive" method="get" action={searchPath}>
          <label for="search-page-q">Search</label>
          <input id="search-page-q" type="search" name="q" value={query} maxlength={maxQueryLength} />
          <button type="submit">Search</button>
        </form>
      </header>
      {results?.query ? <ResultList results={results} settings={chrome.settings} /> : null}
    </Layout>
  )
}

function ResultList({ results, settings }: { results: SearchResults; settings: SiteChrome['settings'] }) {
  const { query, items, total, page } = results
  if (!items.length) {
    return (
      <section class="search-results" aria-labelledby="search-results-title">
        <h2 id="search-results-title">No results for “{query}”</h2>
        <p class="empty">
          {results.terms.length ? 'No published story contains all of these words. Try fewer or different words.' : 'Search for words: this query has none we could look for.'}
        </p>
      </section>
    )
  }
  return (
    <section class="search-results" aria-labelledby="search-results-title">
      <h2 id="search-results-title">
        {total === 1 ? '1 result' : `${total} results`} for “{query}”
      </h2>
      <ol class="search-result-list" start={(page - 1) * results.pageSize + 1}>
        {items.map((hit) => (
          <SearchResultItem hit={hit} settings={settings} />
        ))}
      </ol>
      <Pagination page={page} hasNext={results.hasNext} link={(n) => searchHref(query, n)} newer="← Previous results" older="More results →" />
    </section>
  )
}

function SearchResultItem({ hit, settings }: { hit: SearchHit; settings: SiteChrome['settings'] }) {
  return (
    <li class="search-result">
      <Teaser article={hit.article} settings={settings} />
      {hit.snippet.length > 0 && (
        <p class="snippet">
          <Snippet parts={hit.snippet} />
        </p>
      )}
    </li>
  )
}

/** Text parts are escaped by JSX like any text; only the highlight itself is markup. */
function Snippet({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>
}
