import { describe, expect, it } from 'vitest'
import { isSlug, maxSlugLength, slugify } from './slugs.ts'

describe('slugify', () => {
  it('turns headlines into lowercase ASCII words', () => {
    expect(slugify('US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq')).toBe('us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq')
    expect(slugify('Zürich: Café & Bäckerei öffnen')).toBe('zuerich-cafe-and-baeckerei-oeffnen')
  })

  it('cuts long headlines at a word boundary', () => {
    const slug = slugify('word '.repeat(100))
    expect(slug.length).toBeLessThanOrEqual(maxSlugLength)
    expect(slug.endsWith('-')).toBe(false)
    expect(isSlug(slug)).toBe(true)
  })

  it('recognises valid slugs only', () => {
    expect(isSlug('budget-vote-2')).toBe(true)
    for (const bad of ['', 'Budget', 'a--b', '-a', 'a-', 'a/b', 'a b', '..', 'x'.repeat(maxSlugLength + 1)]) expect(isSlug(bad), bad).toBe(false)
  })
})
