import { mkdirSync } from 'node:fs'
import axe from 'axe-core'
import type { AxeResults, Result } from 'axe-core'
import * as cheerio from 'cheerio'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumArgs, chromiumPath, checkChromium } from '../helpers/chromium.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { addReaderStories, readerPage, type ReaderPage } from '../helpers/reader-pages.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * The reader experience in a real browser: screenshots, no sideways scrolling from 320 to 1920 px,
 * axe-core, nothing fetched from other origins, no script, and a story readable without JavaScript.
 * About 25 s per engine; it runs on both engines because the pages are built from what
 * each database returns (ordering, dates, joins).
 */

const hasChromium = checkChromium('Reader browser tests')
const widths = [320, 375, 768, 1280, 1920]
const screenshotWidths = [375, 1280]
/** axe checks colour contrast and target sizes as laid out, so it runs on a phone and a desktop layout. */
const axeWidths = [375, 1280]
/** Each test loads a dozen or more pages; room for a busy two-core CI machine running other suites beside. */
const slowTest = 90_000

/** The bits of the DOM the in-page functions use; the project compiles without the DOM library. */
type InPage = {
  innerWidth: number
  document: {
    documentElement: { scrollWidth: number }
    scripts: { length: number }
    querySelectorAll(selector: string): ArrayLike<InPageElement>
    fonts: { ready: Promise<unknown> }
  }
  axe: { run(context: unknown, options: unknown): Promise<AxeResults> }
  getComputedStyle(el: InPageElement): { overflowX: string; overflowY: string }
}
type InPageElement = {
  tagName: string
  id: string
  className: unknown
  parentElement: InPageElement | null
  textContent: string | null
  innerText: string
  scrollHeight: number
  clientHeight: number
  getAttribute(name: string): string | null
  getBoundingClientRect(): { left: number; right: number; width: number; height: number }
  checkVisibility(options?: Record<string, boolean>): boolean
}

describe.skipIf(!hasChromium).each(await databaseTargets())('reader pages in Chromium on $name', (target) => {
  let server: TestServer
  let browser: Browser
  let pages: ReaderPage[]

  beforeAll(async () => {
    server = await startTestServer(target, { demo: true })
    pages = await addReaderStories(server)
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options })
    return context.newPage()
  }

  /** Loads a reader page and checks the status it must answer with. */
  async function open(page: Page, route: ReaderPage): Promise<void> {
    const response = await page.goto(server.url + route.path, { waitUntil: 'load' })
    expect(response?.status(), `${route.name} ${route.path}`).toBe(route.status)
  }

  it('screenshots home and article at 375 and 1280 px into test-artifacts/', async () => {
    mkdirSync('test-artifacts', { recursive: true })
    const page = await newPage({ javaScriptEnabled: false })
    for (const name of ['home', 'article', 'story']) {
      for (const width of screenshotWidths) {
        await page.setViewportSize({ width, height: 900 })
        await open(page, readerPage(pages, name))
        await page.screenshot({ path: `test-artifacts/reader-${target.name}-${name}-${width}.png`, fullPage: true })
      }
    }
    await page.context().close()
  }, slowTest)

  it('scrolls no page sideways at any width from 320 to 1920 px', async () => {
    const page = await newPage()
    const failures: string[] = []
    for (const route of pages) {
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 })
        await open(page, route)
        const report = await page.evaluate(() => {
          const w = globalThis as unknown as InPage
          const viewport = w.innerWidth
          const name = (el: InPageElement) => {
            const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
            return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}`
          }
          const describeElement = (el: InPageElement) => {
            const path = [name(el)]
            for (let up = el.parentElement; up && path.length < 3 && up.tagName !== 'BODY'; up = up.parentElement) path.unshift(name(up))
            const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)
            return `${path.join(' > ')}${text ? ` "${text}"` : ''}`
          }
          const all = Array.from(w.document.querySelectorAll('body *'))
          const sticking = new Set(all.filter((el) => el.getBoundingClientRect().right > viewport + 0.5 && el.getBoundingClientRect().width > 0))
          // The outermost elements that stick out are the ones to fix; their children follow them.
          const roots = [...sticking].filter((el) => !(el.parentElement && sticking.has(el.parentElement)))
          return {
            viewport,
            scrollWidth: w.document.documentElement.scrollWidth,
            offenders: roots.slice(0, 6).map((el) => `${describeElement(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`),
          }
        })
        if (report.scrollWidth > report.viewport) {
          failures.push(`${route.name} ${route.path} at ${width} px: scrollWidth ${report.scrollWidth} > ${report.viewport}; sticking out: ${report.offenders.join(', ') || 'none found'}`)
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([])
  }, slowTest)

  it('has no axe-core violations on home, article, section, search and 404 pages', async () => {
    // Public pages forbid all script by CSP; bypassing it is what lets axe itself be injected.
    const page = await newPage({ bypassCSP: true })
    const failures: string[] = []
    for (const route of pages) {
      for (const width of axeWidths) {
        await page.setViewportSize({ width, height: 900 })
        await open(page, route)
        await page.evaluate(() => (globalThis as unknown as InPage).document.fonts.ready.then(() => undefined))
        await page.addScriptTag({ content: axe.source })
        const results = await page.evaluate(() => (globalThis as unknown as InPage).axe.run((globalThis as unknown as InPage).document, { resultTypes: ['violations'] }))
        for (const violation of results.violations) failures.push(`${route.name} ${route.path} at ${width} px: ${describeViolation(violation)}`)
      }
    }
    expect(failures, `axe-core violations:\n${failures.join('\n')}`).toEqual([])
  }, slowTest)

  it('keeps AA contrast in dark mode, and prints the story without navigation', async () => {
    const page = await newPage({ bypassCSP: true, colorScheme: 'dark' })
    const failures: string[] = []
    for (const route of pages) {
      await open(page, route)
      await page.addScriptTag({ content: axe.source })
      const results = await page.evaluate(() => (globalThis as unknown as InPage).axe.run((globalThis as unknown as InPage).document, { runOnly: ['color-contrast'], resultTypes: ['violations'] }))
      for (const violation of results.violations) failures.push(`${route.name} ${route.path} in dark mode: ${describeViolation(violation)}`)
    }
    expect(failures, `contrast in dark mode:\n${failures.join('\n')}`).toEqual([])
    const background = () => page.evaluate(() => (globalThis as unknown as { getComputedStyle(el: unknown): { backgroundColor: string }; document: { body: unknown } }).getComputedStyle((globalThis as unknown as { document: { body: unknown } }).document.body).backgroundColor)
    expect(await background()).toBe('rgb(21, 20, 19)')

    const story = pages.find((route) => route.name === 'article')
    if (!story) throw new Error('no article page in the reader routes')
    await open(page, story)
    await page.emulateMedia({ media: 'print', colorScheme: 'light' })
    expect(await background()).toBe('rgb(255, 255, 255)')
    for (const selector of ['.sections-nav', '.search-form', '.share', '.related', '.site-footer nav']) {
      expect(await page.locator(selector).first().isVisible(), `${selector} when printing`).toBe(false)
    }
    expect(await page.locator('.story-body').isVisible()).toBe(true)
    await page.context().close()
  }, slowTest)

  it('fetches nothing from another origin, loads no script and logs no error', async () => {
    const context = (await newPage()).context()
    const origin = new URL(server.url).origin
    const failures = new Set<string>()
    for (const route of pages) {
      for (const width of [375, 1280]) {
        // A fresh tab per load: a resize would make the previous page fetch other srcset widths.
        const page = await context.newPage()
        await page.setViewportSize({ width, height: 900 })
        const requests: { url: string; type: string }[] = []
        const failed: string[] = []
        const errors: string[] = []
        const onRequest = (r: { url(): string; resourceType(): string }) => requests.push({ url: r.url(), type: r.resourceType() })
        const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) => failed.push(`${r.url()} (${r.failure()?.errorText})`)
        const onResponse = (r: { url(): string; status(): number; request(): { isNavigationRequest(): boolean } }) => {
          if (r.status() >= 400 && !r.request().isNavigationRequest()) failed.push(`${r.url()} (${r.status()})`)
        }
        const onConsole = (m: { type(): string; text(): string; location(): { url: string } }) => {
          // The browser reports the 404 page's own status as an error; that status is the point of the page.
          if (route.status >= 400 && m.location().url === server.url + route.path && /status of \d{3}/.test(m.text())) return
          if (m.type() === 'error') errors.push(m.text())
        }
        const onPageError = (e: Error) => errors.push(`page error: ${e.message}`)
        page.on('request', onRequest)
        page.on('requestfailed', onFailed)
        page.on('response', onResponse)
        page.on('console', onConsole)
        page.on('pageerror', onPageError)
        await open(page, route)
        await page.waitForLoadState('networkidle')
        // Also what the markup asks for but this viewport did not load: other srcset widths, icons, preloads.
        const referenced = await page.evaluate(() => {
          const w = globalThis as unknown as InPage
          const urls: string[] = []
          const loading = 'link[rel~="stylesheet"], link[rel~="icon"], link[rel~="preload"], link[rel~="modulepreload"], link[rel~="prefetch"], link[rel~="preconnect"], link[rel~="dns-prefetch"], link[rel~="manifest"], link[rel~="apple-touch-icon"]'
          for (const el of Array.from(w.document.querySelectorAll(loading))) urls.push(el.getAttribute('href') ?? '')
          for (const el of Array.from(w.document.querySelectorAll('[src]'))) urls.push(el.getAttribute('src') ?? '')
          for (const el of Array.from(w.document.querySelectorAll('[srcset]'))) {
            for (const candidate of (el.getAttribute('srcset') ?? '').split(',')) urls.push(candidate.trim().split(/\s+/)[0] ?? '')
          }
          for (const el of Array.from(w.document.querySelectorAll('[poster], object[data], [background]'))) urls.push(el.getAttribute('poster') ?? el.getAttribute('data') ?? el.getAttribute('background') ?? '')
          const icon = Array.from(w.document.querySelectorAll('link[rel~="icon"]'))[0]?.getAttribute('href') ?? null
          // JSON-LD is a data block browsers never run; every other script element counts.
          return { urls: urls.filter(Boolean), scripts: w.document.querySelectorAll('script:not([type="application/ld+json"])').length, icon }
        })
        await page.close()

        const where = `${route.name} ${route.path} at ${width} px`
        const isOurs = (url: string) => url.startsWith('data:') || new URL(url, server.url + route.path).origin === origin
        for (const r of requests) if (!isOurs(r.url)) failures.add(`${where}: requested another origin: ${r.url}`)
        for (const url of referenced.urls) if (!isOurs(url)) failures.add(`${where}: markup references another origin: ${url}`)
        for (const r of requests) if (r.type === 'script') failures.add(`${where}: loaded a script: ${r.url}`)
        if (referenced.scripts > 0) failures.add(`${where}: has ${referenced.scripts} <script> element(s)`)
        for (const f of failed) failures.add(`${where}: failed request ${f}`)
        // Every file the markup names must exist, also the srcset widths this viewport did not pick.
        for (const url of new Set(referenced.urls.filter((u) => !u.startsWith('data:') && isOurs(u)))) {
          const res = await fetch(new URL(url, server.url + route.path))
          await res.arrayBuffer()
          if (res.status !== 200) failures.add(`${where}: ${url} answers ${res.status}`)
        }
        // Browsers ask for an icon on every page; without a <link rel="icon"> they ask for /favicon.ico.
        const icon = referenced.icon ?? '/favicon.ico'
        const iconStatus = icon.startsWith('data:') ? 200 : (await server.get(new URL(icon, server.url + route.path).pathname)).status
        if (iconStatus !== 200) failures.add(`${route.name} ${route.path}: the site icon ${icon} answers ${iconStatus}`)
        for (const e of errors) failures.add(`${where}: console error: ${e}`)
      }
    }
    expect([...failures], [...failures].join('\n')).toEqual([])
  }, slowTest)

  it('shows the whole article without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } })
    for (const name of ['article', 'story']) {
      const route = readerPage(pages, name)
      const html = await (await server.get(route.path)).text()
      const slug = route.path.split('/').pop() as string
      const row = await server.database.db.selectFrom('articles').select(['headline', 'body_html']).where('slug', '=', slug).executeTakeFirstOrThrow()
      const $ = cheerio.load(row.body_html)
      const normalize = (text: string) => text.replace(/\s+/g, ' ').trim()
      const blocks = $('p, li, h2, h3')
        .map((_, el) => normalize($(el).text()))
        .get()
        .filter(Boolean)
      expect(blocks.length, name).toBeGreaterThan(0)
      expect(html, name).not.toMatch(/<script(?![^>]*application\/ld\+json)/i)

      await open(page, route)
      const rendered = await page.evaluate(() => {
        const w = globalThis as unknown as InPage
        const visible = (el: InPageElement) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, contentVisibilityAuto: true })
        const texts = Array.from(w.document.querySelectorAll('main p, main li, main h1, main h2, main h3'))
          .filter(visible)
          .map((el) => el.innerText.replace(/\s+/g, ' ').trim())
        // A "read more" box that cuts the story off: a container of the body that clips its content.
        const clipped: string[] = []
        for (const p of Array.from(w.document.querySelectorAll('main p'))) {
          for (let el = p.parentElement; el; el = el.parentElement) {
            const style = w.getComputedStyle(el)
            if ((style.overflowY !== 'visible' || style.overflowX !== 'visible') && el.scrollHeight > el.clientHeight + 1) clipped.push(`${el.tagName.toLowerCase()}.${String(el.className)}`)
          }
        }
        const images = Array.from(w.document.querySelectorAll('main img')).map((img) => ({
          alt: img.getAttribute('alt'),
          loaded: (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0,
        }))
        return { texts, clipped: [...new Set(clipped)], images }
      })
      expect(rendered.texts, `${name}: headline`).toContain(normalize(row.headline))
      const missing = blocks.filter((block) => !rendered.texts.some((text) => text.includes(block)))
      expect(missing, `${name}: paragraphs not visible without JavaScript`).toEqual([])
      expect(rendered.clipped, `${name}: containers that cut the story off`).toEqual([])
      expect(rendered.images.length, `${name}: feature image`).toBeGreaterThan(0)
      for (const image of rendered.images) {
        expect(image.loaded, `${name}: image ${image.alt} loads without JavaScript`).toBe(true)
        expect(image.alt, `${name}: every image has alt text`).not.toBeNull()
      }
    }
  }, slowTest)
})

function describeViolation(violation: Result): string {
  const nodes = violation.nodes.slice(0, 5).map((node) => {
    const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim()
    return `\n    ${node.target.join(' ')} — ${summary}`
  })
  const more = violation.nodes.length > 5 ? `\n    … and ${violation.nodes.length - 5} more` : ''
  return `${violation.id} (${violation.impact}): ${violation.help} [${violation.nodes.length} node(s)]${nodes.join('')}${more}`
}
