import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createWorkQueue } from '../content/media/index.ts'
import { createLogger } from '../logger.ts'
import type { AppDeps } from './deps.ts'
import { createErrorHandler } from './error-handler.ts'

describe('createErrorHandler', () => {
  it('answers a full work queue with 503 and Retry-After, logged as a warning, not as a failure', async () => {
    const logged: string[] = []
    const logger = createLogger('warn')
    logger.warn = ((_context: unknown, message: string) => void logged.push(`warn ${message}`)) as typeof logger.warn
    logger.error = ((_context: unknown, message: string) => void logged.push(`error ${message}`)) as typeof logger.error
    const queue = createWorkQueue({ concurrency: 1, maxWaiting: 0, busyMessage: 'Too many images at once.', retryAfterSeconds: 10 })
    const app = new Hono()
    let release!: () => void
    const busy = queue.run(() => new Promise<void>((resolve) => (release = resolve)))
    app.post('/api/upload', () => queue.run(async () => new Response('stored')))
    app.onError(createErrorHandler({ logger } as unknown as AppDeps))
    const res = await app.request('/api/upload', { method: 'POST' })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('10')
    expect(await res.json()).toEqual({ error: { code: 'busy', message: 'Too many images at once.' } })
    expect(logged).toEqual(['warn Too many images at once.'])
    release()
    await busy
  })
})
