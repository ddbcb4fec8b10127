import { EnumChangefreq, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap'
import type { Author } from '../content/authors.ts'
import type { Section } from '../content/sections.ts'
import type { Tag } from '../content/tags.ts'
import { paths } from '../site/views/format.ts'
import { absolute } from './rss.ts'

export type SitemapArticle = { slug: string; updated_at: string; headline: string; feature_image_url: string | null; feature_image_caption: string | null }

/** One urlset: front page, sections, topics, authors and articles with lastmod and image entries. */
export async function renderSitemapXml(
  siteUrl: string,
  parts: { sections: Section[]; tags: Tag[]; authors: Author[]; articles: SitemapArticle[] },
): Promise<string> {
  const stream = new SitemapStream({ hostname: siteUrl, xmlns: { news: false, video: false, xhtml: false, image: true } })
  const items: SitemapItemLoose[] = [
    { url: paths.home(), changefreq: EnumChangefreq.HOURLY },
    ...parts.sections.map((s) => ({ url: paths.section(s.slug), changefreq: EnumChangefreq.HOURLY })),
    ...parts.tags.map((t) => ({ url: paths.tag(t.slug) })),
    ...parts.authors.map((a) => ({ url: paths.author(a.slug) })),
    ...parts.articles.map((a) => ({
      url: paths.article(a.slug),
      lastmod: a.updated_at,
      img: a.feature_image_url ? [{ url: absolute(siteUrl, a.feature_image_url), caption: a.feature_image_caption ?? undefined, title: a.headline }] : [],
    })),
  ]
  for (const item of items) stream.write(item)
  stream.end()
  return (await streamToPromise(stream)).toString('utf8')
}
