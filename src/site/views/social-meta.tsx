import type { PublishedArticle } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { isoInZone } from './format.ts'
import { paths } from '../../http/paths.ts'
import { absoluteUrl, homeData, imageUrls, jsonLd, newsArticleData } from './structured-data.ts'

/** Structured data is not script: browsers never run it, and the public CSP forbids running any. */
function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(data) }} />
}

function ogLocale(language: string): string {
  const [lang, region] = language.split('-')
  return region ? `${lang?.toLowerCase()}_${region.toUpperCase()}` : (lang ?? 'en').toLowerCase()
}

type PageTags = { chrome: SiteChrome; title: string; description: string; path: string; type?: 'website' | 'article'; image?: { url: string; alt: string } | null }

/** OpenGraph and Twitter card tags: what a shared link shows on social networks and in messengers. */
export function SocialTags({ chrome, title, description, path, type = 'website', image }: PageTags) {
  const { settings, siteUrl } = chrome
  return (
    <>
      <meta property="og:site_name" content={settings.name} />
      <meta property="og:locale" content={ogLocale(settings.language)} />
      <meta property="og:type" content={type} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={absoluteUrl(siteUrl, path)} />
      {image && <meta property="og:image" content={image.url} />}
      {image && <meta property="og:image:alt" content={image.alt} />}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
      {image && <meta name="twitter:image" content={image.url} />}
      {image && <meta name="twitter:image:alt" content={image.alt} />}
    </>
  )
}

export function ArticleHeadMeta({ chrome, article, description }: { chrome: SiteChrome; article: PublishedArticle; description: string }) {
  const { timezone } = chrome.settings
  const image = article.image ? { url: imageUrls(chrome.siteUrl, article.image)[0] ?? '', alt: article.image.alt } : null
  return (
    <>
      <SocialTags chrome={chrome} title={article.headline} description={description} path={paths.article(article.slug)} type="article" image={image} />
      <meta property="article:published_time" content={isoInZone(article.publishedAt, timezone)} />
      <meta property="article:modified_time" content={isoInZone(article.updatedAt, timezone)} />
      {article.section && <meta property="article:section" content={article.section.name} />}
      {article.tags.map((t) => <meta property="article:tag" content={t.name} />)}
      <JsonLd data={newsArticleData(chrome, article, description)} />
    </>
  )
}

export function HomeHeadMeta({ chrome }: { chrome: SiteChrome }) {
  const { settings } = chrome
  const logo = settings.logoUrl ? { url: absoluteUrl(chrome.siteUrl, settings.logoUrl), alt: settings.name } : null
  return (
    <>
      <SocialTags chrome={chrome} title={settings.name} description={settings.description || settings.name} path={paths.home()} image={logo} />
      {homeData(chrome).map((data) => <JsonLd data={data} />)}
    </>
  )
}
