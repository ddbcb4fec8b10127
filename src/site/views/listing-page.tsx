import type { Child } from 'hono/jsx'
import { isFirstPage, type ListingPage as ListingPageData } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import type { FeedLink } from '../../http/feed-links.ts'
import { Layout } from './layout.tsx'
import { listingHref, ListingPagination, positionLabel } from './listing-pagination.tsx'
import { Breadcrumbs } from './navigation.tsx'
import { SocialTags } from './social-meta.tsx'
import { Teaser } from './teaser.tsx'

export type ListingProps = {
  chrome: SiteChrome
  /** "Section", "Topic", "Author": what kind of list this is. */
  kind: string
  title: string
  intro?: string | null
  basePath: string
  /** The stories of this page and where the pages before and after it start. */
  list: ListingPageData
  /** Shown beside the title: an author's photo. */
  aside?: Child
  /** Set on section pages, to mark the section in the navigation. */
  sectionSlug?: string
  /** This list's own RSS, Atom and JSON feeds: announced in the head and linked under the title. */
  feeds?: FeedLink[]
}

/** Section, topic and author pages: the newest story leads page 1, the rest follow as rows. */
export function ListingPage({ chrome, kind, title, intro, basePath, list, aside, sectionSlug, feeds }: ListingProps) {
  const label = positionLabel(list.position)
  const pageTitle = label ? `${title} – ${label.toLowerCase()}` : title
  // Later pages are addressed by themselves (canonical) but kept out of search results: there is one
  // per story, and the stories themselves are in the XML sitemaps.
  const path = listingHref(basePath, list.position)
  const [first, ...rest] = list.items
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: pageTitle,
        description: intro ?? `${kind}: ${title}`,
        canonicalPath: path,
        noindex: !isFirstPage(list.position),
        section: sectionSlug,
        feeds,
        head: <SocialTags chrome={chrome} title={pageTitle} description={intro || `${kind}: ${title}`} path={path} />,
      }}
    >
      <Breadcrumbs trail={label ? [{ name: title, href: basePath }, { name: label }] : [{ name: title }]} />
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
          <Teaser article={first} settings={chrome.settings} variant={isFirstPage(list.position) ? 'lead' : 'list'} headingLevel={2} />
          {rest.map((a) => <Teaser article={a} settings={chrome.settings} headingLevel={2} />)}
        </>
      ) : (
        <p class="empty">No stories here yet.</p>
      )}
      <ListingPagination path={basePath} page={list} />
    </Layout>
  )
}
