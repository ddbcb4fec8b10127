import type { Child } from 'hono/jsx'
import type { ArticleTeaser } from '../../content/article-queries.ts'
import type { SiteChrome } from '../chrome.ts'
import { withPage } from './format.ts'
import { Layout } from './layout.tsx'
import { Pagination, Teaser } from './teaser.tsx'

export type ListingProps = {
  chrome: SiteChrome
  /** "Section", "Topic", "Author": what kind of list this is. */
  kind: string
  title: string
  intro?: string | null
  basePath: string
  items: ArticleTeaser[]
  page: number
  hasNext: boolean
  aside?: Child
}

export function ListingPage({ chrome, kind, title, intro, basePath, items, page, hasNext, aside }: ListingProps) {
  return (
    <Layout chrome={chrome} meta={{ title: page > 1 ? `${title} – page ${page}` : title, description: intro ?? undefined, canonicalPath: withPage(basePath, page) }}>
      <header class="listing-header">
        <p class="kicker">{kind}</p>
        <h1>{title}</h1>
        {intro && <p class="dek">{intro}</p>}
        {aside}
      </header>
      {items.length ? items.map((a) => <Teaser article={a} settings={chrome.settings} />) : <p class="empty">No stories here yet.</p>}
      <Pagination basePath={basePath} page={page} hasNext={hasNext} />
    </Layout>
  )
}
