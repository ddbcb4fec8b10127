import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets } from './helpers/databases.ts'
import { formatKb, measurePage, readerBudget, type PageWeight } from './helpers/page-weight.ts'
import { addReaderStories, readerPage, type ReaderPage } from './helpers/reader-pages.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

/**
 * The reader budget of the reader-experience issue, measured in bytes (not time, so it belongs in
 * `npm test`): an article page weighs at most 15 KB of gzipped HTML and 30 KB of gzipped CSS, and no
 * public page needs JavaScript. Sizes are what a browser accepting gzip downloads; `npm run
 * bench:lighthouse` reports them beside the Lighthouse scores.
 */
describe.each(await databaseTargets())('reader budget on $name', (target) => {
  let server: TestServer
  let pages: ReaderPage[]

  beforeAll(async () => {
    server = await startTestServer(target, { demo: true })
    pages = await addReaderStories(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('keeps the article page within 15 KB of HTML and 30 KB of CSS, gzipped', async () => {
    for (const name of ['article', 'story']) {
      const weight = await measurePage(server.url + readerPage(pages, name).path)
      console.info(`reader budget (${target.name}) ${name}: ${describeWeight(weight)}`)
      expect(weight.html.status, name).toBe(200)
      expect(weight.html.encoding, `${name}: HTML must be served gzipped to a client that accepts gzip`).toBe('gzip')
      expect(weight.html.wireBytes, `${name}: gzipped HTML ${formatKb(weight.html.wireBytes)} > ${formatKb(readerBudget.articleHtmlGzipBytes)}`).toBeLessThanOrEqual(readerBudget.articleHtmlGzipBytes)
      expect(weight.stylesheets.length, `${name}: a styled page links a stylesheet`).toBeGreaterThan(0)
      for (const sheet of weight.stylesheets) expect(sheet.status, sheet.url).toBe(200)
      expect(weight.cssWireBytes, `${name}: CSS as downloaded ${formatKb(weight.cssWireBytes)} > ${formatKb(readerBudget.cssGzipBytes)} (${describeSheets(weight)})`).toBeLessThanOrEqual(readerBudget.cssGzipBytes)
    }
  })

  it('needs no JavaScript on any public page: no script element, no inline handler', async () => {
    for (const page of pages) {
      const weight = await measurePage(server.url + page.path)
      expect(weight.html.status, page.path).toBe(page.status)
      expect(weight.html.contentType, page.path).toMatch(/^text\/html/)
      expect(weight.scripts, `${page.path}: <script> elements`).toBe(0)
      expect(weight.inlineHandlers, `${page.path}: elements with on…= handlers`).toBe(0)
      expect(weight.html.text, `${page.path}: javascript: URLs`).not.toMatch(/(href|src|action)\s*=\s*["']?\s*javascript:/i)
      expect(weight.cssWireBytes, `${page.path}: CSS as downloaded (${describeSheets(weight)})`).toBeLessThanOrEqual(readerBudget.cssGzipBytes)
    }
  })
})

function describeWeight(weight: PageWeight): string {
  return `HTML ${formatKb(weight.html.wireBytes)} on the wire (${weight.html.encoding}; ${formatKb(weight.html.rawBytes)} raw), CSS ${formatKb(weight.cssWireBytes)} on the wire (${describeSheets(weight)})`
}

function describeSheets(weight: PageWeight): string {
  return weight.stylesheets.map((s) => `${new URL(s.url).pathname}: ${formatKb(s.wireBytes)} ${s.encoding}, ${formatKb(s.rawBytes)} raw, ${formatKb(s.gzipBytes)} if gzipped`).join('; ')
}
