import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * A slow-loris client: opens a connection and sends a byte a second, never finishing its request.
 * Resolves with what the server sent once it closed the connection, or null if it was still open
 * after `withinMs` (Node's defaults keep it for a minute or more).
 */
function trickle(port: number, start: string, byte: string, withinMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let received = ''
    const drip = setInterval(() => socket.write(byte), 1000)
    const giveUp = setTimeout(() => finish(null), withinMs)
    const finish = (result: string | null) => {
      clearInterval(drip)
      clearTimeout(giveUp)
      socket.destroy()
      resolve(result)
    }
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(start))
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('close', () => finish(received))
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? finish(received) : reject(error)))
  })
}

describe('request timeouts', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ name: 'sqlite' }, { demo: false, env: { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' } })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('closes a connection whose headers trickle in a byte a second', async () => {
    const sent = await trickle(server.port, 'GET / HTTP/1.1\r\nHost: gazette.test\r\nX-Slow: ', 'a', 10_000)
    expect(sent).not.toBeNull()
    expect(sent).toMatch(/^(HTTP\/1\.1 408|$)/)
  })

  it('closes a connection that never sends a byte', async () => {
    expect(await trickle(server.port, '', '', 10_000)).not.toBeNull()
  })

  it('closes a connection whose body trickles in a byte a second', async () => {
    const start = 'POST /admin/login HTTP/1.1\r\nHost: gazette.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n'
    const sent = await trickle(server.port, start, 'a', 10_000)
    expect(sent).not.toBeNull()
  })

  it('still serves a request that arrives in time, on a kept-alive connection', async () => {
    expect((await server.get('/robots.txt')).status).toBe(200)
    expect((await server.get('/robots.txt')).status).toBe(200)
  })
})
