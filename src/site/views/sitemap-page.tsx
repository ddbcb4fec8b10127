import { isFirstPage, type ListingPage } from '../../content/published/index.ts'
import type { Author, Tag } from '../../content/taxonomy/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { formatDate } from './format.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'
import { listingHref, ListingPagination } from './listing-pagination.tsx'

export type SitemapProps = { chrome: SiteChrome; tags: Tag[]; authors: Author[]; list: ListingPage }

export function SitemapPage({ chrome, tags, authors, list }: SitemapProps) {
  const { timezone, language } = chrome.settings
  const first = isFirstPage(list.position)
  return (
    <Layout chrome={chrome} meta={{ title: 'Sitemap', canonicalPath: listingHref(paths.sitemap(), list.position), noindex: !first }}>
      <h1>Sitemap</h1>
      {first && (
        <div class="sitemap-groups">
          <section aria-labelledby="sm-sections">
            <h2 id="sm-sections">Sections</h2>
            <ul>
              <li><a href={paths.home()}>Front page</a></li>
              {chrome.sections.map((s) => <li><a href={paths.section(s.slug)}>{s.name}</a></li>)}
            </ul>
          </section>
          <section aria-labelledby="sm-authors">
            <h2 id="sm-authors">Authors</h2>
            <ul>{authors.map((a) => <li><a href={paths.author(a.slug)}>{a.name}</a></li>)}</ul>
          </section>
          <section aria-labelledby="sm-topics">
            <h2 id="sm-topics">Topics</h2>
            <ul>{tags.map((t) => <li><a href={paths.tag(t.slug)}>{t.name}</a></li>)}</ul>
          </section>
        </div>
      )}
      <section aria-labelledby="sm-stories">
        <h2 id="sm-stories">Stories</h2>
        <ul class="sitemap-stories">
          {list.items.map((a) => (
            <li>
              <a href={paths.article(a.slug)}>{a.headline}</a>{' '}
              <time datetime={a.publishedAt}>{formatDate(a.publishedAt, timezone, language)}</time>
            </li>
          ))}
        </ul>
        <ListingPagination path={paths.sitemap()} page={list} />
      </section>
    </Layout>
  )
}
