import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Logger } from '../logger.ts'
import { receiverPool } from '../../test/helpers/webhook-receiver.ts'
import { startCdnPurge, surrogateKeyValues } from './cdn-purge.ts'

function fakeLogger() {
  return { warn: vi.fn(), debug: vi.fn() }
}
const asLogger = (logger: ReturnType<typeof fakeLogger>) => logger as unknown as Logger

describe('surrogateKeyValues', () => {
  it('joins tags with spaces and starts a new value before one would grow past the limit', () => {
    expect(surrogateKeyValues(['site', 'article:1', 'list:all'], 100)).toEqual(['site article:1 list:all'])
    expect(surrogateKeyValues(['article:1', 'article:2', 'article:3'], 19)).toEqual(['article:1 article:2', 'article:3'])
    expect(surrogateKeyValues(['a-tag-longer-than-the-limit', 'b'], 5)).toEqual(['a-tag-longer-than-the-limit', 'b'])
    expect(surrogateKeyValues([], 10)).toEqual([])
  })
})

describe('startCdnPurge', () => {
  const receivers = receiverPool()
  afterEach(() => receivers.closeAll())

  it('sends the tags of changes made close together as one PURGE to every URL', async () => {
    const [varnish, cdn] = [await receivers.start(), await receivers.start()]
    const logger = fakeLogger()
    const cdnPurge = startCdnPurge({ urls: [varnish.url, cdn.url], logger: asLogger(logger), batchMs: 50 })
    cdnPurge.purge(['article:3', 'list:all'])
    cdnPurge.purge(['list:all', 'list:section:2'])
    const [request] = await varnish.waitFor(1)
    await cdn.waitFor(1)
    expect(request!.headers['surrogate-key']).toBe('article:3 list:all list:section:2')
    expect(cdn.received[0]!.headers['surrogate-key']).toBe('article:3 list:all list:section:2')
    await cdnPurge.flush()
    expect(varnish.received).toHaveLength(1)
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('sends nothing for a change no reader sees', async () => {
    const varnish = await receivers.start()
    const cdnPurge = startCdnPurge({ urls: [varnish.url], logger: asLogger(fakeLogger()), batchMs: 1 })
    cdnPurge.purge([])
    await new Promise((resolve) => setTimeout(resolve, 30))
    await cdnPurge.flush()
    expect(varnish.received).toHaveLength(0)
  })

  it('splits a long list of tags over several requests', async () => {
    const varnish = await receivers.start()
    const cdnPurge = startCdnPurge({ urls: [varnish.url], logger: asLogger(fakeLogger()), maxKeysLength: 30 })
    const tags = Array.from({ length: 10 }, (_, i) => `article:${i + 100}`)
    cdnPurge.purge(tags)
    await cdnPurge.flush()
    const sent = varnish.received.map((r) => String(r.headers['surrogate-key']))
    expect(sent.length).toBeGreaterThan(1)
    expect(sent.every((keys) => keys.length <= 30)).toBe(true)
    expect(sent.flatMap((keys) => keys.split(' '))).toEqual(tags)
  })

  it('logs a refusal or a cache that does not answer, with its URL, and gives up after the timeout', async () => {
    const refusing = await receivers.start({ statuses: [405] })
    const hanging = await receivers.start({ hang: true })
    const logger = fakeLogger()
    const cdnPurge = startCdnPurge({ urls: [refusing.url, hanging.url], logger: asLogger(logger), timeoutMs: 200 })
    cdnPurge.purge(['site'])
    const started = Date.now()
    await cdnPurge.flush()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(logger.warn).toHaveBeenCalledTimes(2)
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ url: refusing.url, status: 405, keys: 'site' }), expect.stringContaining('refused'))
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ url: hanging.url, keys: 'site', err: expect.anything() }), expect.stringContaining('did not take'))
  })
})
