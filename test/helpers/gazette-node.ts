import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, stopProcess } from '../../bench/gazette-process.ts'

/**
 * A Gazette server in an OS process of its own (`src/main.ts`, as `npm start` runs it). Servers
 * started in the test's process share its module state (the change bus among it), so only separate
 * processes show what several servers on one database see of each other.
 */
export type GazetteNode = {
  url: string
  get(path: string, init?: RequestInit): Promise<Response>
  /** Everything the process has logged since it started listening (pino JSON lines at LOG_LEVEL). */
  output(): string
  stop(): Promise<void>
  /** Ends the process with SIGKILL, as a crash would (no shutdown code runs), and waits until it has gone. */
  kill(): Promise<void>
}

export type GazetteNodeOptions = {
  /**
   * DATA_DIR to use and keep: a restarted server then finds the same files (a SQLite DATABASE_URL
   * inside it among them). Without one, each node gets a fresh directory that stop() removes.
   */
  dataDir?: string
}

/** A DATABASE_URL that works in one schema of a PostgreSQL database, as a server of a site living there. */
export function schemaDatabaseUrl(url: string, schema: string): string {
  const withSchema = new URL(url)
  withSchema.searchParams.set('options', `-c search_path=${schema}`)
  return withSchema.toString()
}

export async function startGazetteNode(env: Record<string, string>, options: GazetteNodeOptions = {}): Promise<GazetteNode> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gazette-node-'))
  const removeDataDir = () => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  const started = await startProcess(['--import', 'tsx', 'src/main.ts'], {
    DATA_DIR: dataDir,
    SITE_URL: 'http://gazette.test',
    GAZETTE_DEMO: '0',
    THEME_DIR: join(dataDir, 'theme'),
    ...env,
  }, process.execPath).catch((error: unknown) => {
    removeDataDir()
    throw error
  })
  let output = ''
  started.child.stdout?.on('data', (chunk: Buffer) => (output += chunk))
  started.child.stderr?.on('data', (chunk: Buffer) => (output += chunk))
  const url = `http://127.0.0.1:${started.port}`
  return {
    url,
    get: (path, init) => fetch(url + path, { redirect: 'manual', ...init }),
    output: () => output,
    async stop() {
      await stopProcess(started)
      removeDataDir()
    },
    async kill() {
      const { child } = started
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
  }
}
