import { createServer } from 'node:net'

/**
 * A loopback port free right now, for a process that needs its port before it starts (a SITE_URL
 * naming it, a cache in front pointed at it).
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
