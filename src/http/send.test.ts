import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chooseEncoding, compress, etagMatches, strongEtag, unmodifiedSince } from './send.ts'

describe('response encoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br')
    expect(chooseEncoding('gzip')).toBe('gzip')
    expect(chooseEncoding('br;q=0, gzip;q=0.8')).toBe('gzip')
    expect(chooseEncoding('identity')).toBe('identity')
    expect(chooseEncoding(undefined)).toBe('identity')
  })

  it('compresses so that the client gets the same bytes back', () => {
    const body = Buffer.from('<p>news</p>'.repeat(500))
    expect(gunzipSync(compress(body, 'gzip')).equals(body)).toBe(true)
    expect(brotliDecompressSync(compress(body, 'br')).equals(body)).toBe(true)
  })
})

describe('etags', () => {
  it('change with the content and match weak or listed forms', () => {
    const tag = strongEtag('a')
    expect(tag).not.toBe(strongEtag('b'))
    expect(etagMatches(tag, tag)).toBe(true)
    expect(etagMatches(`"other", W/${tag}`, tag)).toBe(true)
    expect(etagMatches('*', tag)).toBe(true)
    expect(etagMatches('"other"', tag)).toBe(false)
    expect(etagMatches(undefined, tag)).toBe(false)
  })
})

describe('If-Modified-Since', () => {
  const changed = new Date('2024-03-05T10:20:30.750Z')

  it('is unmodified at or after the last change, to the second', () => {
    expect(unmodifiedSince('Tue, 05 Mar 2024 10:20:30 GMT', changed)).toBe(true)
    expect(unmodifiedSince('Wed, 06 Mar 2024 00:00:00 GMT', changed)).toBe(true)
  })

  it('is modified before the last change, and when the date is missing or unreadable', () => {
    expect(unmodifiedSince('Tue, 05 Mar 2024 10:20:29 GMT', changed)).toBe(false)
    expect(unmodifiedSince(undefined, changed)).toBe(false)
    expect(unmodifiedSince('yesterday', changed)).toBe(false)
  })
})
