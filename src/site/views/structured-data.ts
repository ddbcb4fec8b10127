import type { FeatureImage, PublishedArticle } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { isoInZone } from './format.ts'
import { paths } from '../../http/paths.ts'

/**
 * schema.org data as Google reads it: NewsArticle (or its Opinion/Analysis/… subtype, from the label)
 * for a story, NewsMediaOrganization and WebSite for the home page.
 */
type Json = Record<string, unknown>

const typesByLabel: Record<string, string> = {
  opinion: 'OpinionNewsArticle',
  analysis: 'AnalysisNewsArticle',
  review: 'ReviewNewsArticle',
  explainer: 'BackgroundNewsArticle',
  background: 'BackgroundNewsArticle',
  reportage: 'ReportageNewsArticle',
  investigation: 'ReportageNewsArticle',
}

export function absoluteUrl(siteUrl: string, url: string): string {
  return new URL(url, `${siteUrl}/`).href
}

/** The widest rendition of each format: Google wants large images (at least 50,000 pixels). */
export function imageUrls(siteUrl: string, image: FeatureImage): string[] {
  const widest = (srcset: string | null) =>
    srcset
      ?.split(',')
      .map((candidate) => candidate.trim().split(/\s+/))
      .sort((a, b) => parseInt(b[1] ?? '0') - parseInt(a[1] ?? '0'))[0]?.[0]
  const urls = [widest(image.fallbackSrcset), widest(image.srcset), image.url].filter((u): u is string => Boolean(u))
  return [...new Set(urls.map((u) => absoluteUrl(siteUrl, u)))]
}

export function publisherData(chrome: SiteChrome): Json {
  const { settings, siteUrl } = chrome
  return {
    '@type': 'NewsMediaOrganization',
    name: settings.name,
    url: `${siteUrl}/`,
    logo: { '@type': 'ImageObject', url: absoluteUrl(siteUrl, settings.logoUrl || '/favicon.svg') },
    ...(settings.socialLinks.length ? { sameAs: settings.socialLinks.map((l) => l.url) } : {}),
  }
}

export function newsArticleData(chrome: SiteChrome, article: PublishedArticle, description: string): Json {
  const { siteUrl, settings } = chrome
  const url = absoluteUrl(siteUrl, paths.article(article.slug))
  const headline = article.headline.length > 110 ? `${article.headline.slice(0, 109)}…` : article.headline
  return {
    '@context': 'https://schema.org',
    '@type': typesByLabel[(article.label ?? '').toLowerCase()] ?? 'NewsArticle',
    '@id': url,
    mainEntityOfPage: url,
    url,
    headline,
    description,
    ...(article.image ? { image: imageUrls(siteUrl, article.image) } : {}),
    datePublished: isoInZone(article.publishedAt, settings.timezone),
    dateModified: isoInZone(article.updatedAt, settings.timezone),
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: absoluteUrl(siteUrl, paths.author(a.slug)) })),
    publisher: publisherData(chrome),
    inLanguage: settings.language,
    isAccessibleForFree: true,
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length ? { keywords: article.tags.map((t) => t.name) } : {}),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...(article.sources.length ? { citation: article.sources.map((s) => ({ '@type': 'CreativeWork', name: s.name, ...(s.url ? { url: s.url } : {}) })) } : {}),
    ...(article.corrections.length
      ? { correction: article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.body, datePublished: isoInZone(c.createdAt, settings.timezone) })) }
      : {}),
  }
}

export function homeData(chrome: SiteChrome): Json[] {
  const { siteUrl, settings } = chrome
  return [
    { '@context': 'https://schema.org', ...publisherData(chrome), ...(settings.description ? { description: settings.description } : {}) },
    {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: settings.name,
      url: `${siteUrl}/`,
      inLanguage: settings.language,
      potentialAction: { '@type': 'SearchAction', target: `${siteUrl}${paths.search()}?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
    },
  ]
}

/** JSON for a `<script type="application/ld+json">`: nothing in it can close the element or start markup. */
export function jsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
