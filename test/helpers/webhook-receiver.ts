import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ReceivedWebhook = { headers: IncomingHttpHeaders; body: string; at: number }

/**
 * A local HTTP server standing in for a webhook receiver. It answers each request with the next
 * status from `statuses` (the last one repeats; 200 when empty), or never answers when `hang` is set.
 */
export type WebhookReceiver = {
  url: string
  received: ReceivedWebhook[]
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>
  close(): Promise<void>
}

export async function startWebhookReceiver(options: { statuses?: number[]; hang?: boolean } = {}): Promise<WebhookReceiver> {
  const statuses = [...(options.statuses ?? [])]
  const received: ReceivedWebhook[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      if (options.hang) return
      const status = statuses.length > 1 ? (statuses.shift() as number) : (statuses[0] ?? 200)
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook requests, got ${received.length} in ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      return received
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Receivers a suite starts, closed together after each test. */
export function receiverPool() {
  const started: WebhookReceiver[] = []
  return {
    async start(options?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
      const receiver = await startWebhookReceiver(options)
      started.push(receiver)
      return receiver
    },
    closeAll: () => Promise.all(started.splice(0).map((r) => r.close())),
  }
}
