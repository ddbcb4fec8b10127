import { isFirstPage, type ListingPage, type ListPosition } from '../../content/published/index.ts'
import type { ArticleTeaser } from '../../content/published/index.ts'
import type { Section } from '../../content/taxonomy/index.ts'
import type { SiteSettings } from '../../content/settings/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { overridable } from '../../http/theme/overrides.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'
import { listingHref, ListingPagination, positionLabel } from './listing-pagination.tsx'
import { HomeHeadMeta } from './social-meta.tsx'
import { HeadlineList, Teaser } from './teaser.tsx'

export type SectionRail = { section: Pick<Section, 'slug' | 'name'>; articles: ArticleTeaser[] }

export type FrontPageProps = {
  chrome: SiteChrome
  /** Newest first: the top stories on page 1 of the newspaper layout, the whole stream otherwise. */
  latest: ArticleTeaser[]
  rails: SectionRail[]
  trending: ArticleTeaser[]
  /** Which page of Latest this is: the first, an old numbered link or a cursor (see article-listing.ts). */
  position: ListPosition
  /** Where the older and newer pages of Latest start; null at either end. */
  older: ListingPage['older']
  newer: ListingPage['newer']
}

/** How many of the latest stories make the top of the newspaper layout: one lead, four secondary. */
export const topStoryCount = 5

export function HomePage(props: FrontPageProps) {
  const { settings } = props.chrome
  const label = positionLabel(props.position)
  const first = isFirstPage(props.position)
  return (
    <Layout chrome={props.chrome} meta={{ title: label ? `Latest stories – ${label.toLowerCase()}` : settings.name, canonicalPath: listingHref(paths.home(), props.position), noindex: !first, head: first ? <HomeHeadMeta chrome={props.chrome} /> : undefined }}>
      <FrontPage {...props} />
    </Layout>
  )
}

export const FrontPage = overridable('FrontPage', function BuiltInFrontPage(props: FrontPageProps) {
  const { settings } = props.chrome
  const newspaper = settings.frontLayout === 'newspaper' && isFirstPage(props.position)
  const label = positionLabel(props.position)
  return (
    <>
      <h1 class="visually-hidden">{label ? `${settings.name}: latest stories, ${label.toLowerCase()}` : settings.name}</h1>
      <div class="front">
        <div class="front-main">{newspaper ? <NewspaperFront {...props} /> : <RiverFront {...props} />}</div>
        <div class="front-side">
          {newspaper && props.latest.length > topStoryCount && (
            <section class="latest" aria-labelledby="latest-title">
              <h2 id="latest-title" class="rail-title">Latest</h2>
              <HeadlineList articles={props.latest.slice(topStoryCount)} settings={settings} />
              {props.older && <a class="more-link" href={listingHref(paths.home(), { before: props.older })}>More stories →</a>}
            </section>
          )}
          {settings.showTrending && <Trending articles={props.trending} settings={settings} />}
        </div>
      </div>
    </>
  )
})

function NewspaperFront({ chrome, latest, rails }: FrontPageProps) {
  const [lead, ...rest] = latest
  const secondary = rest.slice(0, topStoryCount - 1)
  if (!lead) return <p class="empty">Nothing has been published yet.</p>
  return (
    <>
      <section class="top-stories" aria-labelledby="top-title">
        <h2 id="top-title" class="visually-hidden">Top stories</h2>
        <Teaser article={lead} settings={chrome.settings} variant="lead" />
        {secondary.length > 0 && (
          <div class="secondary-grid">
            {secondary.map((a) => <Teaser article={a} settings={chrome.settings} variant="card" />)}
          </div>
        )}
      </section>
      {rails.map((rail) => (
        <section class="section-rail" aria-labelledby={`rail-${rail.section.slug}`}>
          <h2 id={`rail-${rail.section.slug}`} class="rail-title">
            <a href={paths.section(rail.section.slug)}>{rail.section.name}</a>
          </h2>
          <div class="rail-grid">
            {rail.articles.map((a, i) => <Teaser article={a} settings={chrome.settings} variant={i === 0 ? 'card' : 'compact'} />)}
          </div>
          <a class="more-link" href={paths.section(rail.section.slug)}>More in {rail.section.name} →</a>
        </section>
      ))}
    </>
  )
}

function RiverFront({ chrome, latest, position, older, newer }: FrontPageProps) {
  return (
    <section class="latest" aria-labelledby="latest-title">
      <h2 id="latest-title" class="rail-title">Latest</h2>
      {latest.length ? (
        latest.map((a, i) => <Teaser article={a} settings={chrome.settings} variant={i === 0 && isFirstPage(position) ? 'lead' : 'list'} />)
      ) : (
        <p class="empty">Nothing has been published yet.</p>
      )}
      <ListingPagination path={paths.home()} page={{ older, newer }} />
    </section>
  )
}

function Trending({ articles, settings }: { articles: ArticleTeaser[]; settings: SiteSettings }) {
  return (
    <section class="trending" aria-labelledby="trending-title">
      <h2 id="trending-title" class="rail-title">Trending</h2>
      {articles.length ? <HeadlineList articles={articles} settings={settings} ordered /> : <p class="empty">The most-read stories of the day appear here.</p>}
      <a class="more-link" href={paths.trending()}>More trending stories →</a>
    </section>
  )
}
