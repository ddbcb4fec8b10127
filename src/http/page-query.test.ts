import { describe, expect, it } from 'vitest'
import { canonicalQuery, pageAddress, pageQuery, upTo } from './page-query.ts'

describe('page query', () => {
  const listing = pageQuery({ page: upTo(7), before: upTo(65) }, ['before'])
  const read = (search: string) => pageAddress('/section/local', new URLSearchParams(search), listing)

  it('keeps only the declared parameters, first value each, in declared order', () => {
    expect(read('utm_source=x&before=abc&fbclid=1&page=2&page=3')).toMatchObject({ key: '/section/local?page=2&before=abc', values: { page: '2', before: 'abc' }, open: true })
    expect(read('utm_source=x&fbclid=1&gclid=2')).toMatchObject({ key: '/section/local', values: {}, open: false })
    expect(read('page=')).toMatchObject({ key: '/section/local?page=', open: false })
  })

  it('cuts long values by code point, so the key stays short and encodes what the page reads', () => {
    expect(read(`page=${'9'.repeat(5000)}`).values.page).toBe('9999999')
    const cut = canonicalQuery(new URLSearchParams({ q: '🎉'.repeat(10) }), pageQuery({ q: upTo(3) }))
    expect(cut.q).toBe('🎉🎉🎉')
  })

  it('reads a value sent escaped or plain as one', () => {
    expect(read('before=a%2Bb').key).toBe(read('before=a%2bb').key)
    expect(read('page=%32').key).toBe(read('page=2').key)
  })
})
