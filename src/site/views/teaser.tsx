import type { ArticleTeaser, FeatureImage } from '../../content/article-queries.ts'
import type { SiteSettings } from '../../content/settings.ts'
import { formatDate, paths } from './format.ts'

export function Byline({ authors }: { authors: ArticleTeaser['authors'] }) {
  if (!authors.length) return null
  return (
    <span class="byline">
      By{' '}
      {authors.map((a, i) => (
        <>
          {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
          <a href={paths.author(a.slug)} rel="author">{a.name}</a>
        </>
      ))}
    </span>
  )
}

export function Picture({ image, sizes, eager }: { image: FeatureImage; sizes: string; eager?: boolean }) {
  const img = (
    <img
      src={image.url}
      alt={image.alt}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      sizes={sizes}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      {...(image.fallbackSrcset ? { srcset: image.fallbackSrcset } : {})}
    />
  )
  if (!image.srcset) return img
  return (
    <picture>
      <source type="image/webp" srcset={image.srcset} sizes={sizes} />
      {img}
    </picture>
  )
}

export function Teaser({ article, settings, lead }: { article: ArticleTeaser; settings: SiteSettings; lead?: boolean }) {
  const Heading = lead ? 'h2' : 'h3'
  return (
    <article class={lead ? 'teaser teaser-lead' : 'teaser'}>
      {article.image && (
        <a href={paths.article(article.slug)} tabindex={-1} aria-hidden="true" class="teaser-image">
          <Picture image={article.image} sizes={lead ? '(min-width: 60rem) 40rem, 100vw' : '(min-width: 60rem) 12rem, 30vw'} eager={lead} />
        </a>
      )}
      <div class="teaser-text">
        <p class="kicker">
          {article.label && <span class="label">{article.label}</span>}
          {article.section && <a href={paths.section(article.section.slug)}>{article.section.name}</a>}
        </p>
        <Heading class="teaser-headline">
          <a href={paths.article(article.slug)}>{article.headline}</a>
        </Heading>
        {article.dek && <p class="dek">{article.dek}</p>}
        <p class="meta">
          <Byline authors={article.authors} />
          <time datetime={article.publishedAt}>{formatDate(article.publishedAt, settings.timezone, settings.language)}</time>
          <span>{article.readingMinutes} min read</span>
        </p>
      </div>
    </article>
  )
}

export function Pagination({ basePath, page, hasNext }: { basePath: string; page: number; hasNext: boolean }) {
  if (page <= 1 && !hasNext) return null
  const link = (n: number) => (n <= 1 ? basePath : `${basePath}?page=${n}`)
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 && <a rel="prev" href={link(page - 1)}>← Newer</a>}
      <span>Page {page}</span>
      {hasNext && <a rel="next" href={link(page + 1)}>Older →</a>}
    </nav>
  )
}
