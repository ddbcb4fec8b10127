import { describe, expect, it } from 'vitest'
import { ftsMatchExpression, maxQueryLength, maxSearchTerms, normalizeSearchQuery, searchTerms, snippetParts } from './search.ts'

describe('searchTerms', () => {
  it('keeps only words, so FTS operators, quotes and brackets are plain text or gone', () => {
    expect(searchTerms('"harbour" AND (ferry OR NOT strike) NEAR/3 tax* ^vote col:fee -cut')).toEqual([
      'harbour', 'and', 'ferry', 'or', 'not', 'strike', 'near', '3', 'tax', 'vote', 'col', 'fee', 'cut',
    ].slice(0, maxSearchTerms))
    expect(searchTerms("'; drop table articles; --")).toEqual(['drop', 'table', 'articles'])
  })

  it('lower-cases, removes duplicates and keeps letters of every script', () => {
    expect(searchTerms('Vote vote VOTE')).toEqual(['vote'])
    expect(searchTerms('Zürich café 東京 Ελλάδα naïve')).toEqual(['zürich', 'café', '東京', 'ελλάδα', 'naïve'])
  })

  it('finds nothing to search in emoji, symbols and whitespace', () => {
    for (const query of ['', '   \t\n ', '🎉🔥', '*** ^^^ ::: ()', '"""', '\u0000\u0002']) expect(searchTerms(query), JSON.stringify(query)).toEqual([])
  })

  it('caps the number of terms and drops absurdly long words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`)
    expect(searchTerms(words.join(' '))).toEqual(words.slice(0, maxSearchTerms))
    expect(searchTerms(`${'x'.repeat(65)} budget`)).toEqual(['budget'])
  })
})

describe('normalizeSearchQuery', () => {
  it('makes one line without control characters', () => {
    expect(normalizeSearchQuery('  city\n\tcouncil\u0000vote  ')).toBe('city council vote')
  })

  it('cuts long input at a character boundary instead of refusing it', () => {
    const cut = normalizeSearchQuery('🎉'.repeat(maxQueryLength + 50))
    expect(Array.from(cut)).toHaveLength(maxQueryLength)
    expect(cut).toBe('🎉'.repeat(maxQueryLength))
    expect(normalizeSearchQuery('ferry '.repeat(2000)).length).toBeLessThanOrEqual(maxQueryLength)
  })
})

describe('ftsMatchExpression', () => {
  it('quotes every term, doubling quotes inside one', () => {
    expect(ftsMatchExpression(['near', 'or'])).toBe('"near" "or"')
    expect(ftsMatchExpression(['a"b'])).toBe('"a""b"')
  })
})

describe('snippetParts', () => {
  it('turns marked matches into parts and keeps markup-like text as text', () => {
    expect(snippetParts('Beware <script>x</script> & the \u0002harbour\u0003 fee')).toEqual([
      { text: 'Beware <script>x</script> & the ', match: false },
      { text: 'harbour', match: true },
      { text: ' fee', match: false },
    ])
  })

  it('drops markers that have no partner', () => {
    expect(snippetParts('a\u0002b \u0002c\u0003 d\u0003')).toEqual([
      { text: 'ab ', match: false },
      { text: 'c', match: true },
      { text: ' d', match: false },
    ])
    expect(snippetParts('')).toEqual([])
  })
})
