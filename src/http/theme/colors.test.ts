import { describe, expect, it } from 'vitest'
import { contrastRatio, readableOn } from './colors.ts'

describe('readableOn', () => {
  it('keeps an accent that already passes AA', () => {
    expect(readableOn('#a4161a', '#ffffff')).toBe('#a4161a')
  })

  it('darkens a pale accent on a light page until it passes AA', () => {
    const shade = readableOn('#ffd60a', '#fffdf9')
    expect(shade).not.toBe('#ffd60a')
    expect(contrastRatio(shade, '#fffdf9')).toBeGreaterThanOrEqual(4.5)
  })

  it('lightens a dark accent on a dark page until it passes AA', () => {
    const shade = readableOn('#a4161a', '#151413')
    expect(contrastRatio('#a4161a', '#151413')).toBeLessThan(4.5)
    expect(contrastRatio(shade, '#151413')).toBeGreaterThanOrEqual(4.5)
  })

  it('measures black on white as 21:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
  })
})
