import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { html } from 'hono/html'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { islandAssetRoutes, islandScriptPath, islandStylePaths } from '../../src/admin/island-assets.ts'
import { adminCspOverride, securityHeaders } from '../../src/http/security-headers.ts'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
if (!hasChromium) console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (install the chromium package, or set CHROMIUM_PATH).`)

const initialBody = '<p>Hello from the desk.</p>'

/**
 * A stand-in admin page, only for this test: the real island files, the real admin CSP, and a form with
 * the textarea contract. Posting the form echoes what the server received.
 */
function fixtureApp(): Hono {
  const app = new Hono()
  app.use(securityHeaders({ hsts: false, cspOverrides: [adminCspOverride] }))
  app.route('/', islandAssetRoutes())
  app.get('/admin/editor', (c) => {
    const body = c.req.query('body') ?? initialBody
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <title>Edit story</title>
          ${islandStylePaths('article-editor').map((href) => html`<link rel="stylesheet" href="${href}" />`)}
          <script type="module" src="${islandScriptPath('article-editor')}"></script>
        </head>
        <body>
          <form method="post" action="/admin/editor">
            <label for="body">Body</label>
            <textarea id="body" name="bodyHtml" data-rich-editor rows="10">${body}</textarea>
            <button type="submit">Save</button>
          </form>
        </body>
      </html>`)
  })
  app.post('/admin/editor', async (c) => {
    const form = await c.req.parseBody()
    return c.html(html`<!doctype html><title>Saved</title><pre id="received">${String(form.bodyHtml)}</pre>`)
  })
  return app
}

describe.skipIf(!hasChromium)('article editor island in Chromium', () => {
  let server: ServerType
  let origin: string
  let browser: Browser
  const cspViolations: string[] = []

  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: fixtureApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })

  async function open(options: { javaScriptEnabled?: boolean; body?: string } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true })
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text())
    })
    page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`))
    const query = options.body === undefined ? '' : `?body=${encodeURIComponent(options.body)}`
    await page.goto(`${origin}/admin/editor${query}`)
    return page
  }

  it('replaces the textarea with an editor holding its content', async () => {
    const page = await open()
    const editor = page.getByTestId('rich-editor')
    await expect.poll(() => editor.isVisible()).toBe(true)
    expect(await editor.textContent()).toBe('Hello from the desk.')
    expect(await page.locator('textarea[name=bodyHtml]').isHidden()).toBe(true)
    expect(await editor.getAttribute('aria-labelledby')).toBe('body-label')
    await page.context().close()
  })

  it('offers a toolbar of real, labelled buttons', async () => {
    const page = await open()
    const buttons = page.getByRole('toolbar', { name: 'Formatting' }).locator('button')
    await expect.poll(() => buttons.count()).toBe(12)
    for (const label of ['Bold', 'Italic', 'Heading 2', 'Heading 3', 'Bullet list', 'Numbered list', 'Quote', 'Pull quote', 'Add or edit link', 'Remove link', 'Undo', 'Redo']) {
      const button = page.getByRole('button', { name: label, exact: true })
      expect(await button.getAttribute('type'), label).toBe('button')
    }
    expect(await page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false')
    await page.context().close()
  })

  it('writes bold text back into the textarea and submits it with the form', async () => {
    const page = await open()
    const editor = page.getByTestId('rich-editor')
    await editor.click()
    await page.keyboard.press('End')
    const bold = page.getByRole('button', { name: 'Bold' })
    await bold.click()
    expect(await bold.getAttribute('aria-pressed')).toBe('true')
    await page.keyboard.type(' Breaking')
    const textarea = page.locator('textarea[name=bodyHtml]')
    expect(await textarea.inputValue()).toBe('<p>Hello from the desk.<strong> Breaking</strong></p>')

    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.locator('#received').textContent()).toContain('<strong> Breaking</strong>')
    await page.context().close()
  })

  it('marks a paragraph as a pull quote, keeps pull quotes it loads, and turns them back', async () => {
    const page = await open()
    const textarea = page.locator('textarea[name=bodyHtml]')
    await page.getByTestId('rich-editor').click()
    const pull = page.getByRole('button', { name: 'Pull quote', exact: true })
    await pull.click()
    expect(await textarea.inputValue()).toBe('<blockquote class="pull-quote"><p>Hello from the desk.</p></blockquote>')
    expect(await pull.getAttribute('aria-pressed')).toBe('true')
    expect(await page.getByRole('button', { name: 'Quote', exact: true }).getAttribute('aria-pressed')).toBe('false')
    await pull.click()
    expect(await textarea.inputValue()).toBe('<p>Hello from the desk.</p>')
    await page.context().close()

    const loaded = await open({ body: '<blockquote class="pull-quote"><p>Said it.</p></blockquote><blockquote><p>Plain.</p></blockquote>' })
    await loaded.getByTestId('rich-editor').click()
    await loaded.keyboard.type('!')
    const html = await loaded.locator('textarea[name=bodyHtml]').inputValue()
    expect(html).toContain('<blockquote class="pull-quote">')
    expect(html).toContain('<blockquote><p>Plain.!</p></blockquote>')
    await loaded.context().close()
  })

  it('makes headings and links, and undoes', async () => {
    const page = await open()
    const editor = page.getByTestId('rich-editor')
    const textarea = page.locator('textarea[name=bodyHtml]')
    await editor.click()
    await page.getByRole('button', { name: 'Heading 2' }).click()
    expect(await textarea.inputValue()).toBe('<h2>Hello from the desk.</h2>')
    expect(await page.getByRole('button', { name: 'Heading 2' }).getAttribute('aria-pressed')).toBe('true')

    await editor.press('ControlOrMeta+a')
    page.once('dialog', (dialog) => void dialog.accept('example.com/report'))
    await page.getByRole('button', { name: 'Add or edit link' }).click()
    expect(await textarea.inputValue()).toContain('<a rel="noopener noreferrer" href="https://example.com/report">')
    await page.getByRole('button', { name: 'Remove link' }).click()
    expect(await textarea.inputValue()).not.toContain('<a ')

    const undo = page.getByRole('button', { name: 'Undo' })
    for (let clicks = 0; (await undo.isEnabled()) && clicks < 10; clicks++) await undo.click()
    expect(await undo.isDisabled()).toBe(true)
    expect(await textarea.inputValue()).toBe(initialBody)
    expect(await page.getByRole('button', { name: 'Redo' }).isEnabled()).toBe(true)
    await page.context().close()
  })

  it('leaves a body with markup it cannot keep as a plain textarea', async () => {
    const body = '<figure><img src="https://example.com/a.jpg" alt="A"><figcaption>A</figcaption></figure>'
    const page = await open({ body })
    await expect.poll(() => page.locator('.rich-editor-note').count()).toBe(1)
    expect(await page.getByTestId('rich-editor').count()).toBe(0)
    expect(await page.locator('textarea[name=bodyHtml]').inputValue()).toBe(body)
    await page.context().close()
  })

  it('without JavaScript, keeps the textarea working as is', async () => {
    const page = await open({ javaScriptEnabled: false })
    const textarea = page.locator('textarea[name=bodyHtml]')
    expect(await textarea.isVisible()).toBe(true)
    expect(await textarea.inputValue()).toBe(initialBody)
    expect(await page.getByTestId('rich-editor').count()).toBe(0)
    await textarea.fill('<p>Typed by hand.</p>')
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.locator('#received').textContent()).toBe('<p>Typed by hand.</p>')
    await page.context().close()
  })

  it('runs under the admin CSP without violations or errors', () => {
    expect(cspViolations).toEqual([])
  })
})
