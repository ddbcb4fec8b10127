import type { ArticleSource, PublishedArticle } from '../../content/article-queries.ts'
import type { SiteChrome } from '../chrome.ts'
import { formatDateTime, paths } from './format.ts'
import { Layout } from './layout.tsx'
import { Byline, Picture } from './teaser.tsx'

const sourceKindLabels: Record<ArticleSource['kind'], string> = {
  'reported-by': 'Reported by',
  quoted: 'Quoted',
  document: 'Document',
}

export function ArticlePage({ chrome, article, description }: { chrome: SiteChrome; article: PublishedArticle; description: string }) {
  const { timezone, language } = chrome.settings
  const updated = article.updatedAt.slice(0, 16) > article.publishedAt.slice(0, 16)
  return (
    <Layout chrome={chrome} meta={{ title: article.headline, description, canonicalPath: paths.article(article.slug) }}>
      <article class="story">
        <header class="story-header">
          <p class="kicker">
            {article.label && <span class="label">{article.label}</span>}
            {article.section && <a href={paths.section(article.section.slug)}>{article.section.name}</a>}
          </p>
          <h1>{article.headline}</h1>
          {article.dek && <p class="dek">{article.dek}</p>}
          <p class="meta">
            <Byline authors={article.authors} />
            <span>
              Published <time datetime={article.publishedAt}>{formatDateTime(article.publishedAt, timezone, language)}</time>
            </span>
            {updated && (
              <span>
                Updated <time datetime={article.updatedAt}>{formatDateTime(article.updatedAt, timezone, language)}</time>
              </span>
            )}
            <span>{article.readingMinutes} min read</span>
          </p>
        </header>
        {article.image && (
          <figure class="feature-image">
            <Picture image={article.image} sizes="(min-width: 48rem) 46rem, 100vw" eager />
            {(article.image.caption || article.image.credit) && (
              <figcaption>
                {article.image.caption}
                {article.image.credit && <span class="credit">{article.image.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
        <div class="story-body">
          {article.dateline && <p class="dateline">{article.dateline}</p>}
          <div dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        </div>
        {article.sources.length > 0 && <SourcesBox sources={article.sources} />}
        {article.tags.length > 0 && (
          <nav class="story-tags" aria-label="Topics">
            <h2>Topics</h2>
            <ul>
              {article.tags.map((t) => (
                <li><a href={paths.tag(t.slug)} rel="tag">{t.name}</a></li>
              ))}
            </ul>
          </nav>
        )}
      </article>
    </Layout>
  )
}

function SourcesBox({ sources }: { sources: ArticleSource[] }) {
  return (
    <aside class="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <ul>
        {sources.map((s) => (
          <li>
            <span class="source-kind">{sourceKindLabels[s.kind]}</span>{' '}
            {s.url ? <a href={s.url} rel="noopener noreferrer">{s.name}</a> : <span>{s.name}</span>}
          </li>
        ))}
      </ul>
    </aside>
  )
}
