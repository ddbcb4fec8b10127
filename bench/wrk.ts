import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const wrkPath = '/usr/bin/wrk'

export type LoadResult = { reqPerSec: number; p50: number; p99: number; non2xx: number }

/**
 * A query parameter given a new value on every request (`fbclid=IwAR000…1`, `…2`, …: 56 characters,
 * as long as Facebook's), as every click from a social network carries one.
 */
export type UniqueParam = string | undefined

/** The nth unique value, the same from wrk's Lua script and from autocannon's fallback. */
export function uniqueValue(n: number): string {
  return `IwAR${String(n).padStart(52, '0')}`
}

/**
 * wrk (Debian's package) drives the server from C: autocannon, in JavaScript, runs out of CPU at
 * ~13,000 responses/s of a 5 KB page on two cores and would measure itself rather than the server.
 * A Lua script rotates the paths, appends the unique parameter when there is one (wrk runs one
 * thread, so one counter makes every request's value new) and prints the figures as JSON (latency in ms).
 */
const script = (paths: string[], unique: UniqueParam) => `
local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }
local unique = ${unique ? JSON.stringify(unique) : 'nil'}
local i = 0
local n = 0
request = function()
  i = i % #paths + 1
  local path = paths[i]
  if unique then
    n = n + 1
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. unique .. "=" .. string.format("IwAR%052d", n)
  end
  return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip" })
end
local non2xx = 0
response = function(status) if status < 200 or status > 299 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests)
  io.write(string.format('{"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"errors":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status))
end
`

export function hasWrk(): boolean {
  return existsSync(wrkPath)
}

export async function runWrk(base: string, paths: string[], { connections, seconds, unique }: { connections: number; seconds: number; unique?: UniqueParam }): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-wrk-'))
  try {
    const file = join(dir, 'rotate.lua')
    writeFileSync(file, script(paths, unique))
    // One thread: the other core is the server's.
    const { stdout } = await promisify(execFile)(wrkPath, ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', file, base + paths[0]], { maxBuffer: 1 << 20 })
    const line = stdout.trim().split('\n').at(-1) ?? ''
    const figures = JSON.parse(line) as { requests: number; seconds: number; p50: number; p99: number; errors: number }
    return { reqPerSec: figures.requests / figures.seconds, p50: round(figures.p50), p99: round(figures.p99), non2xx: figures.errors }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
