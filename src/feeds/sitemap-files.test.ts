import { describe, expect, it } from 'vitest'
import { childSitemapPath, parseChildSitemap, partCount } from './sitemap-files.ts'

describe('child sitemap names', () => {
  it('round-trips every kind of child', () => {
    for (const name of ['articles-2024-05.xml', 'articles-2024-05-2.xml', 'articles-1999-12-17.xml', 'sections.xml', 'tags-3.xml', 'authors.xml', 'pages.xml']) {
      const child = parseChildSitemap(name)
      expect(child, name).not.toBeNull()
      if (child) expect(childSitemapPath(child)).toBe(`/sitemaps/${name}`)
    }
  })

  it('names nothing for bad months, explicit first parts, leading zeros or other files', () => {
    for (const name of ['articles-2024-13.xml', 'articles-2024-00.xml', 'articles-2024-5.xml', 'articles-2024-05-1.xml', 'articles-2024-05-02.xml', 'pages-2.xml', 'tags-1.xml', 'articles.xml', 'sitemap.xml', 'tags.xml.gz', '../sitemap.xml']) {
      expect(parseChildSitemap(name), name).toBeNull()
    }
  })

  it('counts the files a number of URLs needs', () => {
    expect(partCount(0, 50_000)).toBe(0)
    expect(partCount(50_000, 50_000)).toBe(1)
    expect(partCount(50_001, 50_000)).toBe(2)
  })
})
