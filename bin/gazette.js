#!/usr/bin/env node
// The `gazette` command: runs the TypeScript CLI through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api'

register()
const { runCli, describeCliError } = await import('../src/cli/index.ts')
try {
  process.exitCode = await runCli(process.argv.slice(2))
} catch (error) {
  console.error(describeCliError(error))
  process.exitCode = 1
}
