import * as cheerio from 'cheerio'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkChromium, chromiumArgs, chromiumPath } from '../helpers/chromium.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { editorForm } from '../helpers/newsroom.ts'
import { saveFromElsewhere, seedNewsroom, type NewsroomPages } from '../helpers/newsroom-pages.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * The newsroom's policy (src/http/security-headers.ts) allows styles and scripts only from files of our
 * own origin, so a browser drops every inline style attribute, <style> element, inline script and on…=
 * handler. These suites keep the newsroom free of them: the markup served, and what Chromium reports.
 */

const targets = await databaseTargets()

/** Everything inline in a page that the newsroom policy blocks. */
function inlineCode(html: string): string[] {
  const $ = cheerio.load(html)
  const found: string[] = []
  $.root().find('*').each((_, el) => {
    for (const [name, value] of Object.entries(el.attribs)) {
      if (name === 'style' || /^on/i.test(name)) found.push(`<${el.tagName} ${name}="${value}">`)
      if ((name === 'href' || name === 'action' || name === 'src') && /^\s*javascript:/i.test(value)) found.push(`<${el.tagName} ${name}="${value}">`)
    }
  })
  $('style').each(() => void found.push('<style> element'))
  // A JSON-LD block is data, never run; any other script must come from a file.
  $('script:not([src])').not('[type="application/ld+json"]').each((_, el) => void found.push(`inline <script>: ${$(el).text().slice(0, 80)}`))
  return found
}

function expectStrictPolicy(res: Response, path: string) {
  const policy = res.headers.get('content-security-policy') ?? ''
  expect(policy, path).toContain("style-src 'self'")
  expect(policy, path).toContain("script-src 'self'")
  expect(policy, path).not.toContain('unsafe-inline')
}

describe.each(targets)('newsroom markup under its content policy on $name', (target) => {
  let server: TestServer
  let setupHtml: string
  let pages: NewsroomPages

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    // The setup page only answers while the newsroom has no user.
    const setup = await server.get('/admin')
    expectStrictPolicy(setup, '/admin')
    setupHtml = await setup.text()
    pages = await seedNewsroom(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('the setup and sign-in pages carry no inline style, script or handler', async () => {
    expect(setupHtml).toContain('Set up your newsroom')
    expect(inlineCode(setupHtml)).toEqual([])
    const login = await server.get('/admin/login')
    expectStrictPolicy(login, '/admin/login')
    const html = await login.text()
    expect(html).not.toContain(' style=')
    expect(inlineCode(html)).toEqual([])
  })

  it('no page of a signed-in admin carries an inline style, script or handler', async () => {
    const found: Record<string, string[]> = {}
    for (const path of pages.paths) {
      const res = await pages.admin.get(path)
      expect(res.status, path).toBe(path.endsWith('/999999') ? 404 : 200)
      expectStrictPolicy(res, path)
      const html = await res.text()
      const inline = [...inlineCode(html), ...(html.includes(' style=') ? ['" style=" in the HTML'] : [])]
      if (inline.length > 0) found[path] = inline
    }
    expect(found).toEqual({})
  })

  it('nor do the pages answered to a form: a new token, a new key, an edit conflict', async () => {
    const stale = await editorForm(pages.admin, pages.articleId)
    await saveFromElsewhere(pages)
    const answers: [string, Response][] = [
      ['new token', await pages.admin.post('/admin/tokens', { name: 'feed importer' })],
      ['new key', await pages.admin.post('/admin/api-keys', { name: 'Partner site' })],
      ['edit conflict', await pages.admin.post(`/admin/articles/${pages.articleId}`, stale)],
      ['invalid webhook', await pages.admin.post('/admin/webhooks', { url: 'not an address', events: [] })],
    ]
    expect(answers.map(([what, res]) => [what, res.status])).toEqual([['new token', 200], ['new key', 200], ['edit conflict', 409], ['invalid webhook', 400]])
    for (const [what, res] of answers) {
      expectStrictPolicy(res, what)
      expect(inlineCode(await res.text()), what).toEqual([])
    }
  })
})

/** Runs in every document before its own markup: keeps each violation the browser reports. */
const recordViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at line ' + e.lineNumber + (e.sample ? ': ' + e.sample : ''));
  });
`

type Watched = {
  page: Page
  /** The violations and script errors of the document now shown (after it loaded), and since the last call. */
  problems(): Promise<string[]>
}

async function watchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext()
  await context.addInitScript(recordViolations)
  const page = await context.newPage()
  const reported: string[] = []
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) reported.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => reported.push(`page error: ${error.message}`))
  return {
    page,
    async problems() {
      await page.waitForLoadState('load')
      // Violations are reported in tasks of their own; one more turn lets the last of them arrive.
      const events = (await page.evaluate('new Promise((resolve) => setTimeout(() => resolve(window.__cspViolations ?? []), 100))')) as string[]
      return [...events.map((e) => `event: ${e}`), ...reported.splice(0)]
    },
  }
}

const shouldRun = checkChromium('Newsroom CSP browser suite')

describe.skipIf(!shouldRun).each(targets)('newsroom pages in Chromium under their content policy on $name', (target) => {
  let server: TestServer
  let browser: Browser
  let pages: NewsroomPages
  let setupProblems: string[]

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    // Opened before anyone exists: afterwards /admin sends people to sign in.
    const anonymous = await watchedPage(browser)
    await anonymous.page.goto(`${server.url}/admin`)
    await anonymous.page.getByRole('heading', { name: 'Set up your newsroom' }).waitFor()
    setupProblems = await anonymous.problems()
    await anonymous.page.context().close()
    pages = await seedNewsroom(server)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function signedIn(): Promise<Watched> {
    const watched = await watchedPage(browser)
    const { page } = watched
    await page.goto(`${server.url}/admin/login`)
    expect(await watched.problems(), '/admin/login').toEqual([])
    await page.getByLabel('Email').fill(pages.browserAdmin.email)
    await page.getByLabel('Password').fill(pages.browserAdmin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/admin\/articles$/)
    expect(await watched.problems(), '/admin/articles after signing in').toEqual([])
    return watched
  }

  it('the setup page reports no violation', () => {
    expect(setupProblems).toEqual([])
  })

  it('no newsroom page reports a violation, and the styles that replaced inline ones apply', async () => {
    const { page, problems } = await signedIn()
    const found: Record<string, string[]> = {}
    for (const path of pages.paths) {
      const response = await page.goto(`${server.url}${path}`)
      expect(response?.headers()['content-security-policy'], path).toContain("style-src 'self'")
      const seen = await problems()
      if (seen.length > 0) found[path] = seen
    }
    expect(found).toEqual({})

    const style = (selector: string, property: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`)
    await page.goto(`${server.url}/admin/articles`)
    expect(await style('#new-headline', 'flexGrow')).toBe('1')
    expect(await style('form.panel .actions', 'marginTop')).toBe('0px')
    await page.goto(`${server.url}/admin/users`)
    expect(await style('td form.actions', 'marginTop')).toBe('0px')
    await page.context().close()
  })

  it('nor do pages answered to a form: a new token, a new key, an edit conflict', async () => {
    const { page, problems } = await signedIn()
    await page.goto(`${server.url}/admin/tokens`)
    await page.getByLabel('Name').fill('feed importer')
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByText('Token created. Copy it now.').waitFor()
    expect(await problems(), 'new token').toEqual([])

    await page.goto(`${server.url}/admin/api-keys`)
    await page.getByLabel('Name').fill('Partner site')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.waitForLoadState('load')
    expect(await problems(), 'new key').toEqual([])

    await page.goto(`${server.url}/admin/articles/${pages.articleId}`)
    await page.getByTestId('rich-editor').waitFor()
    expect(await problems(), 'editor').toEqual([])
    await saveFromElsewhere(pages)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('heading', { name: 'Someone else saved this article first' }).waitFor()
    expect(await problems(), 'edit conflict').toEqual([])
    await page.context().close()
  })
})
