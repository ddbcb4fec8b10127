import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname
const dataDir = mkdtempSync(join(tmpdir(), 'gazette-start-'))
const tsx = join(root, 'node_modules/.bin/tsx')

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs the same entry point as `npm start`, as its own process, and waits for it to listen. */
function startProcess(env: Record<string, string>) {
  const child = spawn(tsx, ['src/main.ts'], { cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } })
  let output = ''
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening on port (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
  return { child, ready, output: () => output }
}

describe('npm start', () => {
  it('migrates an empty SQLite file, loads the demo story and serves it', async () => {
    const { child, ready } = startProcess({ DATA_DIR: dataDir, DATABASE_URL: '' })
    try {
      const port = await ready
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text()
      expect(home).toContain('focused on’ stopping ISIS resurgence in Iraq')
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(0)
  })

  it('explains a bad setting instead of crashing with a stack trace', () => {
    const result = spawnSync(tsx, ['src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir }, encoding: 'utf8' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('PORT')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('gazette CLI', () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['bin/gazette.js', ...args], { cwd: root, env: { ...process.env, DATA_DIR: join(dataDir, 'cli'), DATABASE_URL: '' }, encoding: 'utf8', input })

  it('migrates and seeds the demo story once', () => {
    expect(cli(['migrate']).stdout).toContain('Applied: 0001-initial')
    expect(cli(['migrate']).stdout).toContain('up to date')
    expect(cli(['seed', '--demo']).stdout).toContain('Demo story published')
    expect(cli(['seed', '--demo']).stdout).toContain('already there')
  })

  it('creates a user with the password piped on standard input, and refuses a weak one', () => {
    const created = cli(['user', 'create', '--email', 'Chief@Example.com', '--name', 'Chief Editor', '--role', 'admin'], 'a long enough password\n')
    expect(created.status).toBe(0)
    expect(created.stdout).toContain('Created admin chief@example.com')
    const weak = cli(['user', 'create', '--email', 'weak@example.com', '--name', 'Weak', '--role', 'author'], 'short\n')
    expect(weak.status).toBe(1)
    expect(weak.stderr).toContain('at least 10 characters')
    expect(weak.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses unknown commands with usage and exit code 2', () => {
    const result = cli(['frobnicate'])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Usage: gazette')
  })
})
