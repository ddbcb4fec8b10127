import { pipeline, Readable } from 'node:stream'
import { ErrorLevel, SitemapIndexStream, SitemapStream, type IndexItem, type SitemapItemLoose } from 'sitemap'
import type { SitemapArticle } from '../content/published/index.ts'
import { paths } from '../http/paths.ts'

/**
 * Sitemap XML written by the `sitemap` package's streams, which escape every value and declare the
 * namespaces. Items are pulled from an async iterable only as fast as the output is read.
 *
 * Validation inside the package is off (`ErrorLevel.SILENT`): it would log or throw per URL in the
 * middle of a response, and what we write comes from validated rows; test/sitemaps.test.ts checks
 * every file against the XSDs instead.
 */

export type UrlsetNamespaces = { image?: boolean; news?: boolean }

export type NewsPublication = { name: string; language: string }

function namespaces({ image = false, news = false }: UrlsetNamespaces) {
  return { image, news, video: false, xhtml: false }
}

/** A `<urlset>` of the items, as a stream of XML text. There must be at least one item. */
export function urlsetXml(items: AsyncIterable<SitemapItemLoose> | Iterable<SitemapItemLoose>, ns: UrlsetNamespaces): Readable {
  const xml = new SitemapStream({ xmlns: namespaces(ns), level: ErrorLevel.SILENT })
  // The callback only keeps a failure from being unhandled: it also destroys `xml`, which ends the
  // response that reads it.
  return pipeline(Readable.from(items), xml, () => {}) as Readable
}

/**
 * An empty `<urlset>`: the news sitemap when nothing was published in the last two days. The
 * package's stream will not write a file without URLs (and the XSD asks for one), but an empty file
 * says "nothing new" truthfully, where a 404 would look like a broken sitemap to a crawler.
 */
export function emptyUrlsetXml(ns: UrlsetNamespaces): Readable {
  const { image, news } = namespaces(ns)
  const declarations = [
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
    ...(news ? ['xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'] : []),
    ...(image ? ['xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'] : []),
  ]
  return Readable.from([`<?xml version="1.0" encoding="UTF-8"?><urlset ${declarations.join(' ')}></urlset>`])
}

/** A `<sitemapindex>` of child sitemaps. */
export function sitemapIndexXml(items: AsyncIterable<IndexItem> | Iterable<IndexItem>): Readable {
  const xml = new SitemapIndexStream({ level: ErrorLevel.SILENT })
  return pipeline(Readable.from(items), xml, () => {}) as Readable
}

export function absoluteUrl(siteUrl: string, url: string): string {
  return url.startsWith('/') ? siteUrl + url : url
}

/** A story in a month file: its address, last change and feature image. */
export function articleSitemapItem(siteUrl: string, article: SitemapArticle): SitemapItemLoose {
  return {
    url: siteUrl + paths.article(article.slug),
    lastmod: article.updatedAt,
    // Only the address: Google no longer reads image captions or titles from sitemaps.
    img: article.featureImageUrl ? [{ url: absoluteUrl(siteUrl, article.featureImageUrl) }] : [],
  }
}

/** A story in the Google News sitemap: publication, first publication time and headline. */
export function newsSitemapItem(siteUrl: string, article: SitemapArticle, publication: NewsPublication): SitemapItemLoose {
  return {
    url: siteUrl + paths.article(article.slug),
    news: {
      publication,
      // W3C date-time of first publication; whole seconds are all Google reads.
      publication_date: article.publishedAt.replace(/\.\d+Z$/, 'Z'),
      title: article.headline,
    },
  }
}
