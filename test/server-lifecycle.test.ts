import { describe, expect, it, vi } from 'vitest'
import { databaseTargets } from './helpers/databases.ts'
import { startTestServer } from './helpers/server.ts'

const [sqlite] = await databaseTargets()

describe('server lifecycle in one process', () => {
  it('a server that cannot listen stops everything it started (scheduler, dispatcher, relay, pool)', async () => {
    const first = await startTestServer(sqlite!, { demo: false })
    try {
      // Every interval the failed start sets (scheduler, session sweep, view counts, …) must be cleared.
      const started = new Set<unknown>()
      const realSet = globalThis.setInterval
      const realClear = globalThis.clearInterval
      const set = vi.spyOn(globalThis, 'setInterval').mockImplementation(((...args: Parameters<typeof setInterval>) => {
        const timer = realSet(...args)
        started.add(timer)
        return timer
      }) as typeof setInterval)
      const clear = vi.spyOn(globalThis, 'clearInterval').mockImplementation(((timer: Parameters<typeof clearInterval>[0]) => {
        started.delete(timer)
        realClear(timer)
      }) as typeof clearInterval)
      try {
        await expect(startTestServer(sqlite!, { demo: false, env: { PORT: String(first.port) } })).rejects.toThrow(/EADDRINUSE/)
      } finally {
        set.mockRestore()
        clear.mockRestore()
      }
      expect(started.size).toBe(0)
      expect((await first.get('/')).status).toBe(200)
    } finally {
      await first.close()
    }
  })

  it('starts and stops twice in a row', async () => {
    for (let i = 0; i < 2; i++) {
      const server = await startTestServer(sqlite!, { demo: false })
      expect((await server.get('/robots.txt')).status).toBe(200)
      await server.close()
    }
  })
})
