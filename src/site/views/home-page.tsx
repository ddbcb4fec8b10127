import type { ArticleTeaser } from '../../content/article-queries.ts'
import type { SiteChrome } from '../chrome.ts'
import { paths } from './format.ts'
import { Layout } from './layout.tsx'
import { Pagination, Teaser } from './teaser.tsx'

export type HomeProps = { chrome: SiteChrome; latest: ArticleTeaser[]; trending: ArticleTeaser[]; page: number; hasNext: boolean }

export function HomePage({ chrome, latest, trending, page, hasNext }: HomeProps) {
  const [lead, ...rest] = latest
  const { settings } = chrome
  return (
    <Layout chrome={chrome} meta={{ title: settings.name, canonicalPath: page > 1 ? `/?page=${page}` : '/' }}>
      <h1 class="visually-hidden">{settings.name}</h1>
      <div class="front">
        <section class="latest" aria-labelledby="latest-title">
          <h2 id="latest-title" class="rail-title">Latest</h2>
          {lead ? (
            <>
              <Teaser article={lead} settings={settings} lead={page === 1} />
              {rest.map((a) => <Teaser article={a} settings={settings} />)}
            </>
          ) : (
            <p class="empty">Nothing has been published yet.</p>
          )}
          <Pagination basePath={paths.home()} page={page} hasNext={hasNext} />
        </section>
        <aside class="trending" aria-labelledby="trending-title">
          <h2 id="trending-title" class="rail-title">Trending</h2>
          {trending.length ? (
            <ol>
              {trending.map((a) => (
                <li><a href={paths.article(a.slug)}>{a.headline}</a></li>
              ))}
            </ol>
          ) : (
            <p class="empty">The most-read stories of the week appear here.</p>
          )}
        </aside>
      </div>
    </Layout>
  )
}
