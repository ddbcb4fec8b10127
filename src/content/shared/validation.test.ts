import { describe, expect, it } from 'vitest'
import { addressField, isSiteOrWebAddress, isWebAddress, siteAddressField, webAddressField } from './validation.ts'

/** Addresses a browser reads as another origin although they look like a path on this site. */
const otherOrigins = ['//evil.example/x', '/\\evil.example', '\\\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\/evil.example']

describe('address fields', () => {
  it('take a path on this site only when it starts with a single / not followed by / or \\', () => {
    for (const path of ['/', '/media/2026/01/logo.png', '/tag/politics?page=2#top', '/%2F%2Fstill-here']) expect(isSiteOrWebAddress(path), path).toBe(true)
    for (const trick of otherOrigins) expect(isSiteOrWebAddress(trick), JSON.stringify(trick)).toBe(false)
  })

  it('take web addresses only as http(s):// and a host', () => {
    for (const url of ['https://news.example/x', 'HTTP://news.example', 'https://news.example:8443/a?b=c']) expect(isWebAddress(url), url).toBe(true)
    for (const url of ['https:evil.example', 'https:/evil.example', 'https:///evil.example', 'https://evil.example\\x', 'javascript:alert(1)', 'ftp://files.example', '/media/x.png', 'https://\tevil.example']) {
      expect(isWebAddress(url), JSON.stringify(url)).toBe(false)
    }
  })

  it('are the rules of the schemas, with empty clearing where allowed', () => {
    expect(addressField.safeParse('').success).toBe(true)
    expect(addressField.safeParse(' /media/a.jpg ').data).toBe('/media/a.jpg')
    expect(siteAddressField.safeParse('').success).toBe(false)
    expect(webAddressField.safeParse('').success).toBe(true)
    expect(webAddressField.safeParse('/media/a.jpg').success).toBe(false)
    for (const trick of otherOrigins) {
      expect(addressField.safeParse(trick).success, JSON.stringify(trick)).toBe(false)
      expect(siteAddressField.safeParse(trick).success, JSON.stringify(trick)).toBe(false)
    }
  })
})
