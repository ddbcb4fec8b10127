import type { LaunchedChrome } from 'chrome-launcher'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkChromium } from '../helpers/chromium.ts'
import { describeLostPoints, freePort, launchAuditBrowser, runLighthouse, type LighthouseCategory } from '../helpers/lighthouse.ts'
import { addReaderStories, readerPage, type ReaderPage } from '../helpers/reader-pages.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * Lighthouse accessibility, best practices and SEO on the home and article pages, on a phone. These
 * three score what the page is, not how fast this machine is, so they are asserted here; performance is
 * timing and is only reported, by `npm run bench:lighthouse`. SQLite only: the pages are the same on
 * both engines (reader.test.ts covers both), and each Lighthouse run costs seconds.
 */

const hasChromium = checkChromium('Lighthouse tests')
const categories: LighthouseCategory[] = ['accessibility', 'best-practices', 'seo']
const minimumScore = 95

describe.skipIf(!hasChromium)('Lighthouse on the reader pages (sqlite)', () => {
  let server: TestServer
  let chrome: LaunchedChrome
  let pages: ReaderPage[]

  beforeAll(async () => {
    const port = await freePort()
    server = await startTestServer({ name: 'sqlite' }, { demo: true, env: { PORT: String(port), SITE_URL: `http://127.0.0.1:${port}` } })
    pages = await addReaderStories(server)
    chrome = await launchAuditBrowser()
  })
  afterAll(async () => {
    chrome?.kill()
    await server?.close()
  })

  it.each(['home', 'article'])('scores %s at least 95 in accessibility, best practices and SEO', async (name) => {
    const url = server.url + readerPage(pages, name).path
    const audit = await runLighthouse(chrome, url, { formFactor: 'mobile', categories })
    const report = `${name} ${url}: ${JSON.stringify(audit.scores)}\n${describeLostPoints(audit)}`
    console.info(`Lighthouse (mobile) ${report}`)
    for (const category of categories) expect(audit.scores[category], `${category}\n${report}`).toBeGreaterThanOrEqual(minimumScore)
    const origin = new URL(server.url).origin
    expect(audit.requests.filter((request) => !request.startsWith('data:') && new URL(request).origin !== origin), 'requests to other origins').toEqual([])
  }, 90_000)
})
