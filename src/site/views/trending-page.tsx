import type { TrendingArticle } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'
import { Breadcrumbs } from './navigation.tsx'
import { Teaser } from './teaser.tsx'

export type TrendingPageProps = { chrome: SiteChrome; day: TrendingArticle[]; week: TrendingArticle[] }

/** The most-read stories of the last 24 hours and of the last 7 days, from anonymous view counts. */
export function TrendingPage({ chrome, day, week }: TrendingPageProps) {
  return (
    <Layout chrome={chrome} meta={{ title: 'Trending', description: `The most-read stories on ${chrome.settings.name} today and this week.`, canonicalPath: paths.trending() }}>
      <Breadcrumbs trail={[{ name: 'Trending' }]} />
      <header class="listing-header">
        <h1>Trending</h1>
        <p class="dek">The most-read stories, counted without cookies or addresses; automated visitors are not counted.</p>
      </header>
      <div class="trending-columns">
        <TrendingList id="trending-day" title="Last 24 hours" articles={day} chrome={chrome} />
        <TrendingList id="trending-week" title="Last 7 days" articles={week} chrome={chrome} />
      </div>
    </Layout>
  )
}

function TrendingList({ id, title, articles, chrome }: { id: string; title: string; articles: TrendingArticle[]; chrome: SiteChrome }) {
  return (
    <section class="trending-window" aria-labelledby={id}>
      <h2 id={id} class="rail-title">{title}</h2>
      {articles.length ? (
        <ol class="ranked">
          {articles.map((a) => (
            <li><Teaser article={a} settings={chrome.settings} variant="compact" /></li>
          ))}
        </ol>
      ) : (
        <p class="empty">No story has been read enough in this period yet.</p>
      )}
    </section>
  )
}
