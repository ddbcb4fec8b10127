import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/**
 * Vitest global setup: builds the admin islands once before any suite, so the server (which refuses to
 * start without them) and the browser tests always use the current source. Takes about a second.
 */
export default async function buildIslands(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../../vite.islands.config.ts', import.meta.url)), logLevel: 'warn' })
}
