import * as cheerio from 'cheerio'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateSiteSettings } from '../src/content/settings/index.ts'
import { contrastRatio } from '../src/http/theme/colors.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets } from './helpers/databases.ts'
import { signIn } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

async function stylesheetOf(server: TestServer, path = '/') {
  const $ = cheerio.load(await (await server.get(path)).text())
  const href = $('link[rel=stylesheet]').attr('href') ?? ''
  const res = await server.get(href)
  return { href, res, css: await res.text() }
}

describe.each(await databaseTargets())('theme settings on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    await buildArticle(server.database.db, { headline: 'Ferry timetable changes for winter' })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('puts the accent colour into a new content-hashed stylesheet, kept readable in light and dark mode', async () => {
    const before = await stylesheetOf(server)
    await updateSiteSettings(server.database.db, { accentColor: '#ffd60a' })
    const after = await stylesheetOf(server)
    expect(after.href).not.toBe(before.href)
    expect(after.res.status).toBe(200)
    expect(after.res.headers.get('cache-control')).toContain('immutable')
    const light = /--accent:(#[0-9a-f]{6})/.exec(after.css)?.[1] ?? ''
    const dark = /--accent-dark:(#[0-9a-f]{6})/.exec(after.css)?.[1] ?? ''
    // Yellow on near-white fails AA, so the sheet carries a darker shade of it; on the dark page it passes as chosen.
    expect(light).not.toBe('#ffd60a')
    expect(contrastRatio(light, '#fffdf9')).toBeGreaterThanOrEqual(4.5)
    expect(dark).toBe('#ffd60a')
    expect(after.css).toContain('@media (prefers-color-scheme: dark)')
    expect(after.css).toContain('@media print')
    // The old sheet stays available for pages still cached with its address.
    expect((await server.get(before.href)).status).toBe(200)
  })

  it('serves the chosen fonts from its own origin, with no request elsewhere', async () => {
    await updateSiteSettings(server.database.db, { font: 'lora' })
    const { css } = await stylesheetOf(server)
    const fonts = [...css.matchAll(/url\((\/assets\/fonts\/[^)]+\.woff2)\)/g)].map((m) => m[1] ?? '')
    expect(fonts.length).toBe(5)
    expect(css).toMatch(/--serif:'Lora'/)
    expect(css).not.toMatch(/url\(https?:/)
    const font = await server.get(fonts[0]!)
    expect(font.status).toBe(200)
    expect(font.headers.get('content-type')).toBe('font/woff2')
    expect(font.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await font.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('wOF2')
    expect((await server.get('/assets/fonts/lora-latin-400-normal.000000000000.woff2')).status).toBe(404)
    await updateSiteSettings(server.database.db, { font: 'system' })
    expect((await stylesheetOf(server)).css).not.toContain('@font-face')
  })

  it('lets an administrator change the theme from the settings page, and refuses bad values with a 400', async () => {
    const admin = await signIn(server, 'admin')
    const $ = cheerio.load(await (await admin.get('/admin/settings')).text())
    const form: Record<string, string> = {}
    $('form[action="/admin/settings"]').find('input, select').each((_, el) => {
      const name = $(el).attr('name')
      if (!name || name === '_csrf' || ($(el).attr('type') === 'checkbox' && !$(el).is(':checked'))) return
      form[name] = el.tagName === 'select' ? (($(el).find('option:selected').val() as string) ?? '') : (($(el).val() as string) ?? '')
    })
    expect(form.showTrending).toBe('on')
    const saved = await admin.post('/admin/settings', { ...form, accentColor: '#1d4ed8', font: 'source', frontLayout: 'river', frontSectionRails: '2', showTrending: '' })
    expect(saved.status).toBe(303)
    const { css } = await stylesheetOf(server)
    expect(css).toContain('--accent:#1d4ed8')
    expect(css).toContain("'Source Serif 4'")
    const home = cheerio.load(await (await server.get('/')).text())
    expect(home('.trending')).toHaveLength(0)
    const badValues: Record<string, string>[] = [{ accentColor: 'red' }, { font: 'comic-sans' }, { frontLayout: 'magazine' }, { frontSectionRails: '99' }]
    for (const bad of badValues) {
      const res = await admin.post('/admin/settings', { ...form, ...bad })
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect((await stylesheetOf(server)).css).toContain('--accent:#1d4ed8')
    const editor = await signIn(server, 'editor')
    expect((await editor.post('/admin/settings', { ...form, accentColor: '#000000' })).status).toBe(403)
  })
})

describe.each(await databaseTargets())('theme folder on $name', (target) => {
  let server: TestServer
  let slug = ''

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false, env: { THEME_DIR: resolve('test/fixtures/theme') } })
    slug = (await buildArticle(server.database.db, { headline: 'Lighthouse keeper retires after forty years' })).slug
  })
  afterAll(async () => {
    await server?.close()
  })

  it('renders the theme folder components in place of the built-in parts', async () => {
    const home = cheerio.load(await (await server.get('/')).text())
    // Footer.tsx wraps the built-in footer: both are there.
    expect(home('.theme-footer-note').text()).toBe('Printed by the Gazette theme folder.')
    expect(home('.site-footer .copyright')).toHaveLength(1)
    const article = cheerio.load(await (await server.get(`/articles/${slug}`)).text())
    // ShareLinks.tsx replaces the built-in share links outright.
    expect(article('.theme-share a').attr('href')).toBe(`mailto:?body=${encodeURIComponent(`http://gazette.test/articles/${slug}`)}`)
    expect(article('.share')).toHaveLength(0)
    // Error pages use the theme too.
    const missing = await server.get('/articles/no-such-story')
    expect(missing.status).toBe(404)
    expect(cheerio.load(await missing.text())('.theme-footer-note')).toHaveLength(1)
  })

  it('leaves other servers in the same process untouched', async () => {
    const plain = await startTestServer(target, { demo: false })
    try {
      await buildArticle(plain.database.db)
      const home = cheerio.load(await (await plain.get('/')).text())
      expect(home('.theme-footer-note')).toHaveLength(0)
      expect(home('.site-footer .copyright')).toHaveLength(1)
    } finally {
      await plain.close()
    }
  })
})

describe.each(await databaseTargets())('site icon on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('draws the icon from the site name and accent, at both addresses browsers ask for', async () => {
    await updateSiteSettings(server.database.db, { name: 'The <Harbour> Herald', accentColor: '#ffd60a' })
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await server.get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/svg+xml')
      const svg = await res.text()
      expect(svg).toContain('&lt;</text>')
      const fill = /<rect[^>]*fill="(#[0-9a-f]{6})"/.exec(svg)?.[1] ?? ''
      expect(contrastRatio(fill, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    }
    const home = cheerio.load(await (await server.get('/')).text())
    expect(home('link[rel=icon]').attr('href')).toBe('/favicon.svg')
  })
})
