import type { ArticleTeaser } from '../../content/article-queries.ts'
import type { Section } from '../../content/sections.ts'
import type { SiteSettings } from '../../content/settings.ts'
import type { SiteChrome } from '../chrome.ts'
import { overridable } from '../theme/overrides.ts'
import { paths, withPage } from './format.ts'
import { Layout } from './layout.tsx'
import { Pagination } from './navigation.tsx'
import { HomeHeadMeta } from './social-meta.tsx'
import { HeadlineList, Teaser } from './teaser.tsx'

export type SectionRail = { section: Pick<Section, 'slug' | 'name'>; articles: ArticleTeaser[] }

export type FrontPageProps = {
  chrome: SiteChrome
  /** Newest first: the top stories on page 1 of the newspaper layout, the whole stream otherwise. */
  latest: ArticleTeaser[]
  rails: SectionRail[]
  trending: ArticleTeaser[]
  page: number
  hasNext: boolean
}

/** How many of the latest stories make the top of the newspaper layout: one lead, four secondary. */
export const topStoryCount = 5

export function HomePage(props: FrontPageProps) {
  const { settings } = props.chrome
  return (
    <Layout chrome={props.chrome} meta={{ title: props.page > 1 ? `Latest stories – page ${props.page}` : settings.name, canonicalPath: withPage(paths.home(), props.page), head: props.page === 1 ? <HomeHeadMeta chrome={props.chrome} /> : undefined }}>
      <FrontPage {...props} />
    </Layout>
  )
}

export const FrontPage = overridable('FrontPage', function BuiltInFrontPage(props: FrontPageProps) {
  const { settings } = props.chrome
  const newspaper = settings.frontLayout === 'newspaper' && props.page === 1
  return (
    <>
      <h1 class="visually-hidden">{props.page > 1 ? `${settings.name}: latest stories, page ${props.page}` : settings.name}</h1>
      <div class="front">
        <div class="front-main">{newspaper ? <NewspaperFront {...props} /> : <RiverFront {...props} />}</div>
        <div class="front-side">
          {newspaper && props.latest.length > topStoryCount && (
            <section class="latest" aria-labelledby="latest-title">
              <h2 id="latest-title" class="rail-title">Latest</h2>
              <HeadlineList articles={props.latest.slice(topStoryCount)} settings={settings} />
              {props.hasNext && <a class="more-link" href={withPage(paths.home(), 2)}>More stories →</a>}
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

function RiverFront({ chrome, latest, page, hasNext }: FrontPageProps) {
  return (
    <section class="latest" aria-labelledby="latest-title">
      <h2 id="latest-title" class="rail-title">Latest</h2>
      {latest.length ? (
        latest.map((a, i) => <Teaser article={a} settings={chrome.settings} variant={i === 0 && page === 1 ? 'lead' : 'list'} />)
      ) : (
        <p class="empty">Nothing has been published yet.</p>
      )}
      <Pagination page={page} hasNext={hasNext} link={(n) => withPage(paths.home(), n)} />
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
