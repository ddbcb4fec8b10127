import { existsSync } from 'node:fs'

/** Debian's Chromium (`apt-get install chromium`), or another build named by CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = existsSync(chromiumPath)

/**
 * The flags of every Chromium the suites and benchmarks start. The host resolver rule answers every
 * name except loopback with "not found" without asking DNS: Debian's build otherwise looks up Google's
 * account and update servers in the background, and a page that asks for another origin fails at
 * once instead of waiting for the network. Loopback is all a run needs.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]

/** In CI a missing browser is a failure, not a reason to skip; elsewhere the suite is skipped with a warning. */
export function checkChromium(suite: string): boolean {
  if (hasChromium) return true
  if (process.env.CI) throw new Error(`No Chromium at ${chromiumPath}: .ci/run installs Debian's chromium package.`)
  console.warn(`${suite} skipped: no Chromium at ${chromiumPath} (install the chromium package, or set CHROMIUM_PATH).`)
  return false
}
