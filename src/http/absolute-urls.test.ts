import { describe, expect, it } from 'vitest'
import { absoluteUrlsInHtml } from './absolute-urls.ts'

describe('absoluteUrlsInHtml', () => {
  const site = 'https://news.example'

  it('makes site-relative links, images, quotes and srcset candidates absolute', () => {
    const html = '<p><a href="/articles/a" rel="noopener noreferrer">a</a></p><img src="/media/x/640.jpg" srcset="/media/x/320.webp 320w, /media/x/640.webp 640w" alt="" /><blockquote cite="/tag/b">q</blockquote>'
    expect(absoluteUrlsInHtml(html, site)).toBe(
      '<p><a href="https://news.example/articles/a" rel="noopener noreferrer">a</a></p><img src="https://news.example/media/x/640.jpg" srcset="https://news.example/media/x/320.webp 320w, https://news.example/media/x/640.webp 640w" alt="" /><blockquote cite="https://news.example/tag/b">q</blockquote>',
    )
  })

  it('leaves absolute, mail and fragment addresses and plain text alone', () => {
    const html = '<p><a href="https://other.example/x">x</a> <a href="mailto:a@b.c">m</a> <a href="#n">n</a> /not/a/link</p>'
    expect(absoluteUrlsInHtml(html, site)).toBe(html)
  })
})
