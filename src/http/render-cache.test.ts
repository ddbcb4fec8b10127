import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RenderCache, type PageToStore } from './render-cache.ts'

const page = (body: string, tags: string[], ttlMs?: number): PageToStore => ({ body, contentType: 'text/html', cacheControl: 'public', tags, ...(ttlMs ? { ttlMs } : {}) })

describe('RenderCache', () => {
  it('keeps pages compressed both ways and drops exactly the pages carrying an invalidated tag', () => {
    const cache = new RenderCache(1_000_000)
    cache.store('/a', page('<p>a</p>'.repeat(200), ['article:1', 'list:all']), cache.begin())
    cache.store('/b', page('<p>b</p>', ['article:2']), cache.begin())
    const a = cache.get('/a')
    expect(a?.gzip.length).toBeLessThan(a?.body.length ?? 0)
    expect(a?.br.length).toBeLessThan(a?.body.length ?? 0)
    expect(cache.invalidate(['article:1'])).toBe(1)
    expect(cache.get('/a')).toBeUndefined()
    expect(cache.get('/b')?.body.toString()).toBe('<p>b</p>')
  })

  it('does not keep a render that began before one of its tags was invalidated', () => {
    const cache = new RenderCache(1_000_000)
    const token = cache.begin()
    cache.invalidate(['article:7'])
    cache.store('/story', page('old text', ['article:7']), token)
    expect(cache.get('/story')).toBeUndefined()
    cache.store('/other', page('fine', ['article:8']), token)
    expect(cache.get('/other')).toBeDefined()
  })

  it('stays within its byte budget, dropping the least recently used page first', () => {
    // Hex does not compress below half, so each page costs about 6 KB with its two compressed copies.
    const body = () => randomBytes(1_500).toString('hex')
    const cache = new RenderCache(15_000)
    cache.store('/1', page(body(), ['a']), cache.begin())
    cache.store('/2', page(body(), ['b']), cache.begin())
    cache.get('/1')
    cache.store('/3', page(body(), ['c']), cache.begin())
    expect(cache.bytes).toBeLessThanOrEqual(15_000)
    expect(cache.get('/2')).toBeUndefined()
    expect(cache.get('/1')).toBeDefined()
    expect(cache.get('/3')).toBeDefined()
  })

  it('forgets pages that follow view counts when their time is up', () => {
    const cache = new RenderCache(1_000_000)
    cache.store('/trending', page('top', ['list:all'], 60_000), cache.begin(), 1_000)
    expect(cache.get('/trending', 30_000)).toBeDefined()
    expect(cache.get('/trending', 61_001)).toBeUndefined()
  })
})
