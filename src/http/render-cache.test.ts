import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { noQuery, pageAddress, pageQuery, upTo, type PageQuery } from './page-query.ts'
import { RenderCache, type PageToStore } from './render-cache.ts'

const page = (body: string, tags: string[], ttlMs?: number): PageToStore => ({ body, contentType: 'text/html', cacheControl: 'public', tags, ...(ttlMs ? { ttlMs } : {}) })

/** Where a page at `path` (with this query string, read under `query`) is kept. */
const at = (path: string, search = '', query: PageQuery = noQuery) => pageAddress(path, new URLSearchParams(search), query)

describe('RenderCache', () => {
  it('keeps pages compressed both ways and drops exactly the pages carrying an invalidated tag', () => {
    const cache = new RenderCache(1_000_000)
    cache.store(at('/a'), page('<p>a</p>'.repeat(200), ['article:1', 'list:all']), cache.begin())
    cache.store(at('/b'), page('<p>b</p>', ['article:2']), cache.begin())
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
    cache.store(at('/story'), page('old text', ['article:7']), token)
    expect(cache.get('/story')).toBeUndefined()
    cache.store(at('/other'), page('fine', ['article:8']), token)
    expect(cache.get('/other')).toBeDefined()
  })

  it('stays within its byte budget, dropping the least recently used page first', () => {
    // Hex does not compress below half, so each page costs about 6 KB with its two compressed copies.
    const body = () => randomBytes(1_500).toString('hex')
    const cache = new RenderCache(15_000)
    cache.store(at('/1'), page(body(), ['a']), cache.begin())
    cache.store(at('/2'), page(body(), ['b']), cache.begin())
    cache.get('/1')
    cache.store(at('/3'), page(body(), ['c']), cache.begin())
    expect(cache.bytes).toBeLessThanOrEqual(15_000)
    expect(cache.get('/2')).toBeUndefined()
    expect(cache.get('/1')).toBeDefined()
    expect(cache.get('/3')).toBeDefined()
  })

  it('forgets pages that follow view counts when their time is up', () => {
    const cache = new RenderCache(1_000_000)
    cache.store(at('/trending'), page('top', ['list:all'], 60_000), cache.begin(), 1_000)
    expect(cache.get('/trending', 30_000)).toBeDefined()
    expect(cache.get('/trending', 61_001)).toBeUndefined()
  })

  it('keys a page on the parameters its route declared, whatever else the query string holds', () => {
    const cache = new RenderCache(1_000_000)
    const listing = pageQuery({ page: upTo(7), before: upTo(65) }, ['before'])
    cache.store(at('/', '', listing), page('front', ['list:all']), cache.begin())
    cache.store(at('/', 'utm_source=x&page=2', listing), page('page two', ['list:all']), cache.begin())
    expect(cache.size).toBe(2)
    expect(cache.lookup('/', 'fbclid=abc&utm_medium=social')?.body.toString()).toBe('front')
    expect(cache.lookup('/', 'page=2&page=3&gclid=1')?.body.toString()).toBe('page two')
    expect(cache.lookup('/', 'page=3')).toBeUndefined()
    // An escaped name is still the name, and a tracking value that contains one is still not it.
    expect(cache.lookup('/', 'p%61ge=2')?.body.toString()).toBe('page two')
    expect(cache.lookup('/', 'utm_content=page')?.body.toString()).toBe('front')
    expect(cache.lookup('/', 'utm_pagex=2&page=2')?.body.toString()).toBe('page two')
    // A path never kept has no declaration: any query string is a miss, and nothing is added.
    expect(cache.lookup('/elsewhere', 'page=2')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ entries: 2, hits: 5, misses: 2 })
    // Once its last page goes, the path's declaration goes with it.
    cache.invalidate(['list:all'])
    expect(cache.lookup('/', 'fbclid=abc')).toBeUndefined()
  })

  it('keeps pages with made-up values in their key within a share of their own', () => {
    const body = () => randomBytes(1_500).toString('hex')
    const cache = new RenderCache(100_000)
    const search = pageQuery({ q: upTo(200) }, ['q'])
    for (let i = 0; i < 10; i++) cache.store(at(`/articles/${i}`), page(body(), [`article:${i}`]), cache.begin())
    for (let i = 0; i < 200; i++) cache.store(at('/search', `q=${i}`, search), page(body(), ['list:all']), cache.begin())
    const stats = cache.stats()
    expect(stats.openBytes).toBeLessThanOrEqual(25_000)
    expect(stats.entries).toBe(10 + stats.openEntries)
    for (let i = 0; i < 10; i++) expect(cache.lookup(`/articles/${i}`, ''), `story ${i}`).toBeDefined()
    expect(cache.lookup('/search', 'q=199')).toBeDefined()
    expect(cache.lookup('/search', 'q=0')).toBeUndefined()
  })
})
