import type { Child } from 'hono/jsx'
import type { ArticleTeaser } from '../../content/article-queries.ts'
import type { SiteChrome } from '../chrome.ts'
import type { FeedLink } from './feed-links.ts'
import { withPage } from './format.ts'
import { Layout } from './layout.tsx'
import { Breadcrumbs, Pagination } from './navigation.tsx'
import { SocialTags } from './social-meta.tsx'
import { Teaser } from './teaser.tsx'

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
  /** Shown beside the title: an author's photo. */
  aside?: Child
  /** Set on section pages, to mark the section in the navigation. */
  sectionSlug?: string
  /** This list's own RSS, Atom and JSON feeds: announced in the head and linked under the title. */
  feeds?: FeedLink[]
}

/** Section, topic and author pages: the newest story leads page 1, the rest follow as rows. */
export function ListingPage({ chrome, kind, title, intro, basePath, items, page, hasNext, aside, sectionSlug, feeds }: ListingProps) {
  const pageTitle = page > 1 ? `${title} – page ${page}` : title
  const [first, ...rest] = items
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: pageTitle,
        description: intro ?? `${kind}: ${title}`,
        canonicalPath: withPage(basePath, page),
        section: sectionSlug,
        feeds,
        head: <SocialTags chrome={chrome} title={pageTitle} description={intro || `${kind}: ${title}`} path={withPage(basePath, page)} />,
      }}
    >
      <Breadcrumbs trail={page > 1 ? [{ name: title, href: basePath }, { name: `Page ${page}` }] : [{ name: title }]} />
      <header class={aside ? 'listing-header author-header' : 'listing-header'}>
        {aside}
        <div>
          <p class="kicker">{kind}</p>
          <h1>{pageTitle}</h1>
          {intro && <p class="dek">{intro}</p>}
          {feeds?.length ? (
            <p class="meta">
              <span>Follow {title}:</span>
              {feeds.map((feed) => <a href={feed.href} type={feed.type}>{feed.label}</a>)}
            </p>
          ) : null}
        </div>
      </header>
      {first ? (
        <>
          <Teaser article={first} settings={chrome.settings} variant={page === 1 ? 'lead' : 'list'} headingLevel={2} />
          {rest.map((a) => <Teaser article={a} settings={chrome.settings} headingLevel={2} />)}
        </>
      ) : (
        <p class="empty">No stories here yet.</p>
      )}
      <Pagination page={page} hasNext={hasNext} link={(n) => withPage(basePath, n)} />
    </Layout>
  )
}
