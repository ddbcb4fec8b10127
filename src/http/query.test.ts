import { describe, expect, it } from 'vitest'
import { NotFoundError, ValidationError } from '../errors.ts'
import { readPage, requireNonEmptyPage, requireSlug } from './query.ts'

describe('query helpers', () => {
  it('reads ?page as a whole number from 1 to the maximum', () => {
    expect(readPage({})).toBe(1)
    expect(readPage({ page: '7' })).toBe(7)
    for (const page of ['0', '-2', 'x', '1.5', '', '10001', '9'.repeat(20)]) expect(() => readPage({ page }), page).toThrow(ValidationError)
  })

  it('treats impossible slugs and pages past the end as missing', () => {
    expect(requireSlug('ok-slug')).toBe('ok-slug')
    expect(() => requireSlug('../etc')).toThrow(NotFoundError)
    expect(() => requireNonEmptyPage(2, 0)).toThrow(NotFoundError)
    expect(() => requireNonEmptyPage(1, 0)).not.toThrow()
  })
})
