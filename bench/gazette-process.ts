import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const root = new URL('..', import.meta.url).pathname
const tsx = join(root, 'node_modules/.bin/tsx')

export type StartedProcess = { child: ChildProcess; port: number }

/** Starts `tsx <args>` (or `command <args>`) from the project root and resolves once it logs the port it listens on. */
export function startProcess(args: string[], env: Record<string, string> = {}, command = tsx): Promise<StartedProcess> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening on port (\d+)/.exec(output)
      if (match) resolve({ child, port: Number(match[1]) })
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk))
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)))
  })
}

/** Stops a process started here and waits until it has gone. */
export async function stopProcess(started: StartedProcess | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return
  const exited = new Promise((resolve) => started.child.once('exit', resolve))
  started.child.kill()
  await exited
}
