import { describe, expect, it } from 'vitest'
import { isLikelyBot } from './trending.ts'

describe('isLikelyBot', () => {
  it('skips crawlers, previews and scripted clients', () => {
    for (const ua of ['Googlebot/2.1', 'facebookexternalhit/1.1', 'curl/8.5', 'python-requests/2.31', 'Mozilla/5.0 HeadlessChrome/120', '', undefined]) {
      expect(isLikelyBot(ua), String(ua)).toBe(true)
    }
  })

  it('counts ordinary browsers', () => {
    expect(isLikelyBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe(false)
  })
})
