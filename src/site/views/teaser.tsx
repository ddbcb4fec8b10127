import type { ArticleTeaser, FeatureImage } from '../../content/published/index.ts'
import type { SiteSettings } from '../../content/settings/index.ts'
import { overridable } from '../../http/theme/overrides.ts'
import { Byline } from './byline.tsx'
import { formatDate, isoInZone } from './format.ts'
import { paths } from '../../http/paths.ts'

export function Picture({ image, sizes, eager }: { image: FeatureImage; sizes: string; eager?: boolean }) {
  const img = (
    <img
      src={image.url}
      alt={image.alt}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      sizes={sizes}
      loading={eager ? 'eager' : 'lazy'}
      decoding={eager ? undefined : 'async'}
      fetchpriority={eager ? 'high' : undefined}
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

/**
 * `lead`: the front page's top story; `list`: a row with the image beside the text; `card`: image
 * above, for grids; `compact`: no image.
 */
export type TeaserVariant = 'lead' | 'list' | 'card' | 'compact'

export type TeaserProps = { article: ArticleTeaser; settings: SiteSettings; variant?: TeaserVariant; headingLevel?: 2 | 3 }

const imageSizes: Record<TeaserVariant, string> = {
  lead: '(min-width: 62rem) 42rem, 100vw',
  list: '(min-width: 62rem) 16rem, 32vw',
  card: '(min-width: 62rem) 18rem, (min-width: 30rem) 45vw, 100vw',
  compact: '0',
}

export const Teaser = overridable('Teaser', function BuiltInTeaser({ article, settings, variant = 'list', headingLevel = 3 }: TeaserProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const showImage = article.image && variant !== 'compact'
  return (
    <article class={`teaser teaser-${variant}`}>
      {showImage && article.image && (
        <a href={paths.article(article.slug)} tabindex={-1} aria-hidden="true" class="teaser-image">
          <Picture image={article.image} sizes={imageSizes[variant]} eager={variant === 'lead'} />
        </a>
      )}
      <div class="teaser-text">
        <Kicker article={article} />
        <Heading class="teaser-headline">
          <a href={paths.article(article.slug)}>{article.headline}</a>
        </Heading>
        {article.dek && variant !== 'compact' && <p class="dek">{article.dek}</p>}
        <p class="meta">
          <Byline authors={article.authors} />
          <time datetime={isoInZone(article.publishedAt, settings.timezone)}>{formatDate(article.publishedAt, settings.timezone, settings.language)}</time>
          <span>{article.readingMinutes} min read</span>
        </p>
      </div>
    </article>
  )
})

/** Label (Exclusive, Opinion, …) and section above a headline. */
export function Kicker({ article }: { article: Pick<ArticleTeaser, 'label' | 'section'> }) {
  if (!article.label && !article.section) return null
  return (
    <p class="kicker">
      {article.label && <span class="label">{article.label}</span>}
      {article.section && <a href={paths.section(article.section.slug)}>{article.section.name}</a>}
    </p>
  )
}

/** Headlines with their time: the front page's Latest list and the Trending block. */
export function HeadlineList({ articles, settings, ordered }: { articles: ArticleTeaser[]; settings: SiteSettings; ordered?: boolean }) {
  const items = articles.map((a) => (
    <li>
      <span>
        <a href={paths.article(a.slug)}>{a.headline}</a>
        <time datetime={isoInZone(a.publishedAt, settings.timezone)}>{formatDate(a.publishedAt, settings.timezone, settings.language)}</time>
      </span>
    </li>
  ))
  return ordered ? <ol class="headline-list">{items}</ol> : <ul class="headline-list">{items}</ul>
}
