import { XMLParser } from 'fast-xml-parser'
import { expect } from 'vitest'
import { sitemapSchemaErrors } from './sitemap-schema.ts'

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['url', 'sitemap', 'image:image'].includes(name) })

export type SitemapUrl = {
  loc: string
  lastmod?: string
  'image:image'?: { 'image:loc': string }[]
  'news:news'?: {
    'news:publication': { 'news:name': string; 'news:language': string }
    'news:publication_date': string
    'news:title': string
  }
}

export type IndexEntry = { loc: string; lastmod?: string }

export type Sitemap = {
  status: number
  headers: Headers
  text: string
  /** The `<url>` entries of a urlset, or the `<sitemap>` entries of an index (as `urls`/`entries`). */
  urls: SitemapUrl[]
  entries: IndexEntry[]
  root: Record<string, string>
}

/**
 * GETs a sitemap, checks it is XML of the right type and valid against the sitemap XSDs (an empty
 * urlset is allowed only where `allowEmpty` says so), and returns its entries.
 */
export async function readSitemap(get: (path: string) => Promise<Response>, path: string, options: { allowEmpty?: boolean } = {}): Promise<Sitemap> {
  const res = await get(path)
  const text = await res.text()
  expect(res.status, `${path}: ${text.slice(0, 200)}`).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
  const doc = parser.parse(text) as { urlset?: Record<string, unknown>; sitemapindex?: Record<string, unknown> }
  const root = (doc.urlset ?? doc.sitemapindex ?? {}) as Record<string, unknown>
  const urls = (doc.urlset?.url ?? []) as SitemapUrl[]
  const entries = (doc.sitemapindex?.sitemap ?? []) as IndexEntry[]
  if (!(options.allowEmpty && urls.length === 0 && doc.urlset)) expect(await sitemapSchemaErrors(text), path).toEqual([])
  const attributes = Object.fromEntries(Object.entries(root).filter(([key]) => key.startsWith('@_')).map(([key, value]) => [key.slice(2), String(value)]))
  return { status: res.status, headers: res.headers, text, urls, entries, root: attributes }
}

/** The newest of some ISO 8601 UTC times (they sort as text). */
export function newest(times: (string | null | undefined)[]): string | undefined {
  return times.filter((t): t is string => Boolean(t)).sort().at(-1)
}

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString()
}
