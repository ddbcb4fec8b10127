import { isMonth, type Month } from '../content/published/index.ts'
import type { TaxonomyKind } from '../content/published/index.ts'

/**
 * The child sitemaps the index lists and their addresses: `/sitemaps/articles-2024-05.xml` (stories
 * first published that month; `-2`, `-3` … when a month holds more than one file's worth),
 * `/sitemaps/sections.xml`, `tags.xml`, `authors.xml` (same numbering) and `pages.xml`.
 */

export type SitemapLimits = {
  /** URLs in one child sitemap: 50,000 is the sitemaps.org maximum. */
  urlsPerFile: number
  /** URLs in the Google News sitemap: 1,000 is Google's maximum. */
  newsUrls: number
  /** Rows read from the database per query while a file streams. */
  batchSize: number
  /**
   * Sitemaps up to this size are kept in the render cache; a larger one (a busy month) is streamed
   * every time, so a crawler walking the archive neither holds it in memory nor pushes pages out.
   */
  cacheBytes?: number
}

export const defaultSitemapLimits: Required<SitemapLimits> = { urlsPerFile: 50_000, newsUrls: 1_000, batchSize: 1_000, cacheBytes: 256 * 1024 }

/** How far back the news sitemap reaches: Google News wants stories of the last two days only. */
export const newsWindowMs = 48 * 60 * 60 * 1000

export type ChildSitemap = { kind: 'articles'; month: Month; part: number } | { kind: TaxonomyKind; part: number } | { kind: 'pages'; part: 1 }

export function childSitemapPath(child: ChildSitemap): string {
  const suffix = child.part > 1 ? `-${child.part}` : ''
  return child.kind === 'articles' ? `/sitemaps/articles-${child.month}${suffix}.xml` : `/sitemaps/${child.kind}${suffix}.xml`
}

// A part number is written only from 2 on, without leading zeros: every file has exactly one address.
const partSuffix = '(?:-([2-9]|[1-9]\\d{1,5}))?'
const articlesFile = new RegExp(`^articles-(\\d{4}-\\d{2})${partSuffix}\\.xml$`)
const taxonomyFile = new RegExp(`^(sections|tags|authors)${partSuffix}\\.xml$`)

/** The child a file name under /sitemaps/ names, or null when it names none. */
export function parseChildSitemap(fileName: string): ChildSitemap | null {
  if (fileName === 'pages.xml') return { kind: 'pages', part: 1 }
  const articles = articlesFile.exec(fileName)
  if (articles) {
    const month = articles[1] as string
    return isMonth(month) ? { kind: 'articles', month, part: Number(articles[2] ?? 1) } : null
  }
  const taxonomy = taxonomyFile.exec(fileName)
  if (taxonomy) return { kind: taxonomy[1] as TaxonomyKind, part: Number(taxonomy[2] ?? 1) }
  return null
}

/** Files needed for `count` URLs at `perFile` each; 0 when there is nothing to list. */
export function partCount(count: number, perFile: number): number {
  return Math.ceil(count / perFile)
}
