import { describe, expect, it } from 'vitest'
import { countWords, excerpt, htmlComplexityProblem, htmlLimits, htmlToText, HtmlTooComplexError, printableBodyHtml, readingMinutes, sanitizeArticleHtml } from './html.ts'

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

describe('bounded HTML work', () => {
  it('refuses nesting and element counts past the limits, naming the limit', () => {
    expect(htmlComplexityProblem('<b>'.repeat(htmlLimits.maxDepth))).toBeNull()
    expect(htmlComplexityProblem('<b>'.repeat(htmlLimits.maxDepth + 1))).toMatch(/more than 100 levels deep/)
    expect(htmlComplexityProblem('<br>'.repeat(htmlLimits.maxElements + 1))).toMatch(/more than 20000 elements/)
    expect(() => sanitizeArticleHtml('<b>'.repeat(160_000))).toThrow(HtmlTooComplexError)
    expect(() => htmlToText('<i>'.repeat(160_000))).toThrow(HtmlTooComplexError)
  })

  it('prints stored HTML only through the sanitizer', () => {
    expect(printableBodyHtml('<p>Ok</p><form action="/x"><input name="role" value="admin"></form>')).toBe('<p>Ok</p>')
    expect(printableBodyHtml('<b>'.repeat(200) + '<script>x</script>')).not.toMatch(/<b>|<script/)
  })

  it('keeps hidden text out of plain text and decodes entities once', () => {
    expect(htmlToText('<p>A&amp;lt;b</p><script>alert(1)</script><p>c<br>d</p>')).toBe('A&lt;b c d')
  })
})
