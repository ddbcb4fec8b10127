import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Debian's Varnish (`apt-get install varnish`), or another build named by VARNISHD_PATH. */
export const varnishdPath = process.env.VARNISHD_PATH ?? '/usr/sbin/varnishd'
export const shippedVcl = fileURLToPath(new URL('../../deploy/varnish/gazette.vcl', import.meta.url))

/** In CI a missing Varnish is a failure, not a reason to skip; elsewhere the suite is skipped with a warning. */
export function checkVarnish(suite: string): boolean {
  if (existsSync(varnishdPath)) return true
  if (process.env.CI) throw new Error(`No varnishd at ${varnishdPath}: .ci/run installs Debian's varnish package.`)
  console.warn(`${suite} skipped: no varnishd at ${varnishdPath} (install the varnish package, or set VARNISHD_PATH).`)
  return false
}

export type RunningVarnish = { url: string; stop(): Promise<void> }

/** The shipped VCL with its backend moved to where the test's Gazette listens. */
export function vclFor(backendPort: number): string {
  const vcl = readFileSync(shippedVcl, 'utf8')
  const moved = vcl.replace(/\.port = "\d+";/, `.port = "${backendPort}";`)
  if (moved === vcl) throw new Error(`${shippedVcl} has no backend .port line to point at the test server`)
  return moved
}

/**
 * A varnishd of its own, in the foreground, with a working directory of its own, listening on `port`
 * and caching the Gazette on `backendPort` with deploy/varnish/gazette.vcl. Resolves once it answers.
 */
export async function startVarnish(options: { port: number; backendPort: number }): Promise<RunningVarnish> {
  const workDir = mkdtempSync(join(tmpdir(), 'gazette-varnish-'))
  // Started as root, varnishd drops to its own users, which must be able to enter the directory.
  chmodSync(workDir, 0o755)
  const vclPath = join(workDir, 'gazette.vcl')
  writeFileSync(vclPath, vclFor(options.backendPort))
  const args = ['-F', '-n', workDir, '-a', `127.0.0.1:${options.port}`, '-f', vclPath, '-s', 'malloc,32m', '-T', 'none']
  // Two cores shared with other suites: a few threads are plenty.
  args.push('-p', 'thread_pools=1', '-p', 'thread_pool_min=5', '-p', 'thread_pool_max=50')
  const child = spawn(varnishdPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(workDir, { recursive: true, force: true })
  }
  const url = `http://127.0.0.1:${options.port}`
  try {
    await waitUntilAnswering(url, () => child.exitCode !== null || child.signalCode !== null)
  } catch (error) {
    await stop()
    throw new Error(`varnishd did not start: ${error instanceof Error ? error.message : String(error)}\n${output}`)
  }
  return { url, stop }
}

async function waitUntilAnswering(url: string, hasExited: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (hasExited()) throw new Error('it exited')
    try {
      // Any answer will do (the backend may say 404): Varnish is listening.
      await (await fetch(`${url}/robots.txt`, { signal: AbortSignal.timeout(2000) })).body?.cancel()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
