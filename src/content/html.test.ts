import { describe, expect, it } from 'vitest'
import { countWords, excerpt, htmlToText, readingMinutes, sanitizeArticleHtml } from './html.ts'

describe('sanitizeArticleHtml', () => {
  it('keeps editorial markup and drops scripts, handlers and unsafe URLs', () => {
    const html = sanitizeArticleHtml(
      '<h2>Sub</h2><p class="pull-quote" style="color:red" onclick="x()">Text <a href="https://example.com">link</a><a href="javascript:alert(1)">bad</a></p><script>alert(1)</script><iframe src="https://evil"></iframe>',
    )
    expect(html).toBe('<h2>Sub</h2><p class="pull-quote">Text <a href="https://example.com" rel="noopener noreferrer">link</a><a rel="noopener noreferrer">bad</a></p>')
  })
})

describe('text helpers', () => {
  it('extracts text with block boundaries as spaces', () => {
    expect(htmlToText('<p>One &amp; two</p><p>Three</p>')).toBe('One & two Three')
  })

  it('counts words and reading time', () => {
    expect(countWords('The US’s coalition — 81 members strong.')).toBe(6)
    expect(readingMinutes(0)).toBe(1)
    expect(readingMinutes(460)).toBe(2)
  })

  it('cuts excerpts at a word boundary', () => {
    expect(excerpt('short')).toBe('short')
    expect(excerpt('alpha beta gamma delta epsilon', 18)).toBe('alpha beta gamma…')
  })
})
