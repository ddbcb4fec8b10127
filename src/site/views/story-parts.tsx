import type { ArticleSource, ArticleTeaser, PublishedArticle } from '../../content/published/index.ts'
import type { Correction } from '../../content/articles/index.ts'
import type { SiteSettings } from '../../content/settings/index.ts'
import { overridable } from '../../http/theme/overrides.ts'
import { AuthorAvatars, Byline } from './byline.tsx'
import { formatDate, formatDateTime, isoInZone } from './format.ts'
import { Kicker, Teaser } from './teaser.tsx'

export type StoryHeaderProps = { article: PublishedArticle; settings: SiteSettings }

/** Label and section, headline, dek, byline with photos, and when it was published and updated. */
export const StoryHeader = overridable('StoryHeader', function BuiltInStoryHeader({ article, settings }: StoryHeaderProps) {
  const { timezone, language } = settings
  const updated = article.updatedAt.slice(0, 16) > article.publishedAt.slice(0, 16)
  return (
    <header class="story-header">
      <Kicker article={article} />
      <h1>{article.headline}</h1>
      {article.dek && <p class="dek">{article.dek}</p>}
      <div class="byline-block">
        <AuthorAvatars authors={article.authors} />
        <div>
          <Byline authors={article.authors} />
          <p class="meta">
            <span>
              Published <time datetime={isoInZone(article.publishedAt, timezone)}>{formatDateTime(article.publishedAt, timezone, language)}</time>
            </span>
            {updated && (
              <span>
                Updated <time datetime={isoInZone(article.updatedAt, timezone)}>{formatDateTime(article.updatedAt, timezone, language)}</time>
              </span>
            )}
            <span>{article.readingMinutes} min read</span>
          </p>
        </div>
      </div>
    </header>
  )
})

export function CorrectionsNotice({ corrections, settings }: { corrections: Correction[]; settings: SiteSettings }) {
  if (!corrections.length) return null
  return (
    <aside class="corrections" aria-labelledby="corrections-title">
      <h2 id="corrections-title">{corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
      <ul>
        {corrections.map((c) => (
          <li>
            <time datetime={isoInZone(c.createdAt, settings.timezone)}>{formatDate(c.createdAt, settings.timezone, settings.language)}:</time>
            {c.body}
          </li>
        ))}
      </ul>
    </aside>
  )
}

const sourceKindLabels: Record<ArticleSource['kind'], string> = {
  'reported-by': 'Reported by',
  quoted: 'Quoted',
  document: 'Document',
}

export type SourcesBoxProps = { sources: ArticleSource[] }

/** Who and what the story relies on, as structured in the newsroom. */
export const SourcesBox = overridable('SourcesBox', function BuiltInSourcesBox({ sources }: SourcesBoxProps) {
  if (!sources.length) return null
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
})

export type ShareLinksProps = { url: string; headline: string }

/** Plain links to each network's share form: no script and no request to anyone until a reader clicks. */
export const ShareLinks = overridable('ShareLinks', function BuiltInShareLinks({ url, headline }: ShareLinksProps) {
  const u = encodeURIComponent(url)
  const text = encodeURIComponent(headline)
  const targets = [
    { name: 'Email', href: `mailto:?subject=${text}&body=${u}` },
    { name: 'X', href: `https://x.com/intent/post?url=${u}&text=${text}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${text}%20${u}` },
    { name: 'Bluesky', href: `https://bsky.app/intent/compose?text=${text}%20${u}` },
  ]
  return (
    <nav class="share" aria-labelledby="share-title">
      <h2 id="share-title">Share this story</h2>
      <ul>
        {targets.map((t) => (
          <li>
            <a href={t.href} rel="noopener noreferrer nofollow">
              {t.name}
              <span class="visually-hidden"> (opens {t.name === 'Email' ? 'your email program' : t.name})</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
})

export type RelatedArticlesProps = { articles: ArticleTeaser[]; settings: SiteSettings }

export const RelatedArticles = overridable('RelatedArticles', function BuiltInRelatedArticles({ articles, settings }: RelatedArticlesProps) {
  if (!articles.length) return null
  return (
    <section class="related" aria-labelledby="related-title">
      <h2 id="related-title" class="rail-title">Related stories</h2>
      <div class="card-grid">
        {articles.map((a) => <Teaser article={a} settings={settings} variant="card" />)}
      </div>
    </section>
  )
})
