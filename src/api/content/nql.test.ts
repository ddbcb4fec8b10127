import { describe, expect, it } from 'vitest'
import { FilterError, timestampValue } from '../../content/content-api/index.ts'
import { parseNql } from './nql.ts'

const bare = (text: string) => ({ text, quoted: false })

/** What a refused filter says, beyond the Ghost-style "Error parsing filter". */
function problemWith(filter: string): string {
  try {
    parseNql(filter)
  } catch (error) {
    if (error instanceof FilterError) return error.details.join(' ')
    throw error
  }
  throw new Error(`"${filter}" parsed`)
}

describe('parseNql', () => {
  it('reads a comparison, a negation and lists', () => {
    expect(parseNql('tag:news')).toEqual({ type: 'comparison', field: 'tag', operator: '=', values: [bare('news')] })
    expect(parseNql('tag:-news')).toEqual({ type: 'comparison', field: 'tag', operator: '!=', values: [bare('news')] })
    expect(parseNql('tag:[a, b,c]')).toEqual({ type: 'comparison', field: 'tag', operator: 'in', values: [bare('a'), bare('b'), bare('c')] })
    expect(parseNql('tag:-[a,b]')).toMatchObject({ operator: 'nin', values: [bare('a'), bare('b')] })
  })

  it('reads comparison operators and quoted values with escapes', () => {
    expect(parseNql("published_at:>='2026-01-01T10:00:00+01:00'")).toEqual({
      type: 'comparison',
      field: 'published_at',
      operator: '>=',
      values: [{ text: '2026-01-01T10:00:00+01:00', quoted: true }],
    })
    expect(parseNql("published_at:<'2026-01-01'")).toMatchObject({ operator: '<' })
    expect(parseNql('published_at:>2026-01-01')).toMatchObject({ operator: '>', values: [bare('2026-01-01')] })
    expect(parseNql("slug:'it\\'s'")).toMatchObject({ values: [{ text: "it's", quoted: true }] })
    expect(parseNql('featured:"true"')).toMatchObject({ values: [{ text: 'true', quoted: true }] })
  })

  it('binds + tighter than , and honours parentheses', () => {
    expect(parseNql('tag:a+featured:true,author:b')).toEqual({
      type: 'or',
      children: [
        { type: 'and', children: [{ type: 'comparison', field: 'tag', operator: '=', values: [bare('a')] }, { type: 'comparison', field: 'featured', operator: '=', values: [bare('true')] }] },
        { type: 'comparison', field: 'author', operator: '=', values: [bare('b')] },
      ],
    })
    expect(parseNql('tag:a+(featured:true,author:b)')).toMatchObject({ type: 'and', children: [{ field: 'tag' }, { type: 'or' }] })
    expect(parseNql(' tag:a + featured:true ')).toMatchObject({ type: 'and' })
  })

  it('refuses malformed filters with a FilterError that says where', () => {
    const bad = ['tag', 'tag:', ':news', 'tag:news+', 'tag:news,', '(tag:news', 'tag:news)', 'tag:[a,b', 'tag:[]', "tag:'open", 'tag:news featured:true', 'tag:->a', '1tag:x', 'tag:a++b:c']
    for (const filter of bad) expect(() => parseNql(filter), filter).toThrow(FilterError)
    expect(problemWith('tag:news)')).toMatch(/position 9/)
  })

  it('has limits on length, nesting and number of conditions', () => {
    expect(() => parseNql(`tag:${'a'.repeat(2001)}`)).toThrow(FilterError)
    expect(problemWith("slug:'a\u0000b'")).toMatch(/NUL/)
    expect(problemWith(`${'('.repeat(25)}tag:a${')'.repeat(25)}`)).toMatch(/nests/)
    expect(problemWith(Array.from({ length: 51 }, (_, i) => `tag:t${i}`).join('+'))).toMatch(/at most 50/)
    expect(parseNql(`${'('.repeat(5)}tag:a${')'.repeat(5)}`)).toMatchObject({ field: 'tag' })
  })
})

describe('timestampValue', () => {
  it('turns dates into stored UTC timestamps', () => {
    expect(timestampValue({ text: '2026-01-31', quoted: true }, 'published_at')).toBe('2026-01-31T00:00:00.000Z')
    expect(timestampValue({ text: '2026-01-31 10:30', quoted: true }, 'published_at')).toBe('2026-01-31T10:30:00.000Z')
    expect(timestampValue({ text: '2026-01-31T10:30:00+01:00', quoted: true }, 'published_at')).toBe('2026-01-31T09:30:00.000Z')
    expect(timestampValue({ text: 'now-1d', quoted: false }, 'published_at', new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-01T00:00:00.000Z')
  })

  it('refuses what is not a date', () => {
    for (const text of ['yesterday', '2026-02-31', '2026-13-01', '2026-01-01T25:00', "2026-01-01'; drop table articles; --"]) {
      expect(() => timestampValue({ text, quoted: true }, 'published_at'), text).toThrow(FilterError)
    }
  })
})
