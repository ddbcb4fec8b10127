import type { Server, ServerOptions } from 'node:http'
import type { ServerTimeouts } from '../config.ts'

/**
 * The options for `http.createServer`. Node looks for connections past the headers and request
 * timeouts on a timer (every 30 s by default, which would stretch a 10 s limit to 40 s), so it runs
 * at half the headers timeout, at most a second apart.
 */
export function serverTimeoutOptions(timeouts: ServerTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersMs / 2))),
  }
}

/** Sets the timeouts on the created server too, whichever of them its constructor did not take. */
export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headersMs
  server.requestTimeout = timeouts.requestMs
  server.keepAliveTimeout = timeouts.keepAliveMs
  // An idle socket is destroyed (Node does so when the server has no 'timeout' listener).
  server.setTimeout(timeouts.socketIdleMs)
}
