import { writeFileSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, createUser, findSession, toActor } from '../../src/content/accounts/index.ts'
import { sessionCookie } from '../../src/admin/session.ts'
import { chromiumArgs, chromiumPath, checkChromium } from '../helpers/chromium.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { editorForm, testPassword, type Client } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'
import { inspectFieldsScript, inspectPageScript, learnBaseline, markerInitScript, reportBinding, unexpectedElements, type PageInspection } from './xss/page-check.ts'
import { addressPayloads } from './xss/ledger.ts'
import { newSettingsFeeds, plantCleanSite, plantSizes, plantPayloads, plantSettings, type CleanSite, type PlantedSite } from './xss/plant.ts'
import { payloads } from './xss/payloads.ts'
import { feedHtmlFields, isSafeAddress, jsonHtmlFields, renderFieldsScript, type HtmlField } from './xss/reader-fields.ts'
import { apiPath, apiVisits, feedVisits, isDocument, newsroomListVisits, sitemapVisits, type Visit } from './xss/visits.ts'

/**
 * Stored and reflected XSS in a real browser. The corpus (xss/payloads.ts) goes into every field a
 * person, the Admin API or an import can write (xss/plant.ts); then every public and newsroom page
 * that shows those fields is loaded in Chromium, which counts dialogs and the marker global the
 * payloads set, and each page is searched for elements and attributes its template never writes
 * (xss/page-check.ts, compared with a clean page of the same kind). Public pages are loaded twice:
 * as readers get them (the CSP forbids all script) and with the CSP bypassed, so the HTML itself is
 * shown to be safe. Feeds and the Content API are also rendered the way their clients use them.
 */

const hasChromium = checkChromium('XSS browser suite')
const slow = 120_000
const siteOrigin = 'http://gazette.test'
const settingsRounds = 3

type Context = { name: string; context: BrowserContext; page: Page }

describe.skipIf(!hasChromium).each(await databaseTargets())('XSS in Chromium on $name', (target) => {
  let server: TestServer
  let browser: Browser
  let reader: Context
  let readerNoCsp: Context
  let newsroom: Context
  let cleanAdmin: Client
  let payloadAdmin: Client
  let planted: PlantedSite
  let apiKey: string
  const baselines = new Map<string, Map<string, number>>()
  const executions: string[] = []
  const injections: string[] = []
  const answers = new Map<string, { status: number; headers: Record<string, string>; body: string }>()
  let pagesLoaded = 0
  let started = 0

  beforeAll(async () => {
    started = Date.now()
    server = await startTestServer(target, { demo: false })
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    reader = await openContext('reader', false)
    readerNoCsp = await openContext('reader without CSP', true)
    newsroom = await openContext('newsroom without CSP', true)
  }, slow)
  afterAll(async () => {
    if (planted) {
      const { ledger } = planted
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(`xss on ${target.name}: ${payloads.length} payloads × ${ledger.fields.length} fields × ${pagesLoaded} pages: ${executions.length} executions, ${injections.length} injections (${ledger.pairs} payload-field pairs stored, ${seconds} s)`)
      console.log(`  stored/refused by field: ${ledger.summary()}`)
      if (process.env.XSS_DUMP) writeFileSync(process.env.XSS_DUMP, distinct([...executions, ...injections]).join('\n'))
    }
    await browser?.close()
    await server?.close()
  })

  /** Findings once, with numbers (ids, ports, payload numbers) folded: one line per kind of problem. */
  function distinct(lines: string[]): string[] {
    return [...new Set(lines.map((line) => line.replace(/[0-9]+/g, 'N')))]
  }

  /** What was found since `mark()`: each test answers for the pages it loaded. */
  const mark = () => ({ executions: executions.length, injections: injections.length })
  function expectNothingSince(since: ReturnType<typeof mark>): void {
    expect(distinct(injections.slice(since.injections)), 'injected elements and attributes').toEqual([])
    expect(distinct(executions.slice(since.executions)), 'scripts that ran').toEqual([])
  }

  async function openContext(name: string, bypassCSP: boolean): Promise<Context> {
    const context = await browser.newContext({ bypassCSP, viewport: { width: 1280, height: 900 } })
    await context.exposeBinding(reportBinding, ({ frame }, what: string) => void executions.push(`${name}: ${what} (frame ${frame.url()})`))
    await context.addInitScript(markerInitScript)
    // Answers to form posts (made in Node) are shown as the browser would show them.
    await context.route(`${server.url}/__xss-answer/**`, async (route) => {
      const answer = answers.get(new URL(route.request().url()).pathname)
      await (answer ? route.fulfill(answer) : route.fulfill({ status: 404, body: 'no such answer' }))
    })
    // The canary: a page with one script and one handler of each kind the suite detects, and its clean twin.
    await context.route(`${server.url}/__xss-canary*`, (route) => {
      const clean = new URL(route.request().url()).searchParams.has('clean')
      const planted = clean ? '' : '<img src=x onerror=alert(1)><script>window.__xss=1</script><a href="javascript:alert(2)">x</a>'
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en"><head><title>canary</title></head><body><p>Canary</p>${planted}</body></html>` })
    })
    await context.route(`${server.url}/__xss-reader`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><head><title>reader</title></head><body></body></html>' }))
    const page = await context.newPage()
    // A page a planted refresh keeps moving fails in seconds, not in the test's whole time.
    page.setDefaultTimeout(10_000)
    page.on('dialog', (dialog) => {
      executions.push(`${name}: ${dialog.type()}(${dialog.message()}) on ${page.url()}`)
      void dialog.dismiss().catch(() => {})
    })
    return { name, context, page }
  }

  /**
   * Loads a page, lets focus and toggle events fire, and inspects it. A page that moves itself (a
   * planted refresh or base) is a finding, not a crash of the suite.
   */
  async function load(ctx: Context, visit: Visit): Promise<PageInspection> {
    const url = server.url + visit.path
    pagesLoaded++
    try {
      const response = await ctx.page.goto(url, { waitUntil: 'load' })
      await ctx.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))')
      const inspection = (await ctx.page.evaluate(inspectPageScript)) as PageInspection
      if (!samePlace(ctx.page.url(), url)) inspection.findings.push(`the page moved to ${ctx.page.url()}`)
      if (!response || response.status() >= 500) inspection.findings.push(`answered ${response?.status()}`)
      return inspection
    } catch (error) {
      return { risky: [], findings: [`the page moved while it was loaded or inspected (${String(error).split('\n')[0]})`] }
    }
  }

  /** The same address, whatever the browser percent-encoded on the way. */
  function samePlace(a: string, b: string): boolean {
    const decode = (u: string) => decodeURIComponent(new URL(u).href)
    return decode(a) === decode(b)
  }

  async function learn(ctx: Context, visit: Visit): Promise<void> {
    const inspection = await load(ctx, visit)
    expect(inspection.findings, `clean ${visit.kind} page ${visit.path} in ${ctx.name}`).toEqual([])
    const key = `${ctx.name === 'newsroom without CSP' ? 'newsroom' : 'public'}:${visit.kind}`
    if (!baselines.has(key)) baselines.set(key, new Map())
    learnBaseline(baselines.get(key)!, inspection.risky)
  }

  async function check(ctx: Context, visit: Visit): Promise<void> {
    const inspection = await load(ctx, visit)
    const key = `${ctx.name === 'newsroom without CSP' ? 'newsroom' : 'public'}:${visit.kind}`
    const found = [...inspection.findings, ...unexpectedElements(inspection.risky, baselines.get(key))]
    for (const finding of found) injections.push(`${ctx.name} ${visit.path}: ${finding}`)
  }

  /** A newsroom session of the user for Node (posting forms with its form token) and the same one in the browser. */
  async function sessionOf(user: { id: number; author_id: number | null }): Promise<Client> {
    const { db } = server.database
    const { token } = await createSession(db, user.id)
    const csrf = (await findSession(db, token))!.csrfToken
    const cookie = `${sessionCookie}=${token}`
    await newsroom.context.clearCookies()
    await newsroom.context.addCookies([{ name: sessionCookie, value: token, url: server.url }])
    return {
      userId: user.id,
      authorId: user.author_id,
      csrf,
      cookie: () => cookie,
      get: (path) => server.get(path, { headers: { cookie } }),
      async post(path, form) {
        const body = new URLSearchParams({ _csrf: csrf })
        for (const [k, v] of Object.entries(form as Record<string, string | string[]>)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
        return server.get(path, { method: 'POST', body, headers: { cookie } })
      },
    }
  }

  /** Posts a newsroom form in Node and keeps the answer to be shown in the browser at `/__xss-answer/<name>`. */
  async function answer(client: Client, name: string, path: string, form: Record<string, string | string[]>): Promise<Visit> {
    const res = await client.post(path, form)
    const headers: Record<string, string> = { 'content-type': res.headers.get('content-type') ?? 'text/html' }
    const csp = res.headers.get('content-security-policy')
    if (csp) headers['content-security-policy'] = csp
    const key = `/__xss-answer/${name}-${answers.size}`
    answers.set(key, { status: res.status, headers, body: await res.text() })
    return { kind: `answer:${name}`, path: key }
  }

  /** Form answers that repeat what was typed: an edit conflict, refused settings, webhook and profile, created token and key. */
  async function answerVisits(client: Client, storyId: number, authorId: number, value: (k: number) => string, address: (k: number) => string): Promise<Visit[]> {
    const form = await editorForm(client, storyId)
    return [
      await answer(client, 'conflict', `/admin/articles/${storyId}`, { ...form, headline: value(0), dek: value(1), bodyHtml: `<p>${value(2)}</p>${value(3)}`, version: '1' }),
      await answer(client, 'settings', '/admin/settings', { name: value(4), description: value(5), logoUrl: address(0), language: 'not a language', timezone: 'UTC', copyrightHolder: value(6), socialNetwork: 'x', socialUrl: address(1) }),
      await answer(client, 'webhook', '/admin/webhooks', { url: value(7), events: 'article.published' }),
      await answer(client, 'webhook', '/admin/webhooks', { url: address(2), events: 'article.published' }),
      await answer(client, 'author', `/admin/authors/${authorId}`, { name: value(8), bio: value(9), avatarUrl: address(3) }),
      await answer(client, 'author', `/admin/authors/${authorId}`, { name: value(12), bio: value(13), avatarUrl: 'not an address' }),
      await answer(client, 'token', '/admin/tokens', { name: value(10) }),
      await answer(client, 'api-key', '/admin/api-keys', { name: value(11) }),
    ]
  }

  let clean: CleanSite
  let readerFieldsBaseline: HtmlField[] = []

  it('sees a script that runs and markup that does not belong (canary)', async () => {
    const since = mark()
    await learn(readerNoCsp, { kind: 'canary', path: '/__xss-canary?clean' })
    const found = await load(readerNoCsp, { kind: 'canary', path: '/__xss-canary' })
    expect(found.findings.join('\n')).toMatch(/img\[onerror="alert\(1\)"\]: event handler attribute\na\[href="javascript:alert\(2\)"\]: script address/)
    expect(unexpectedElements(found.risky, baselines.get('public:canary'))).toEqual(['script||||| (not in the clean page)'])
    const ran = executions.splice(since.executions)
    expect(ran.join('\n')).toMatch(/alert\(1\)/)
    expect(ran.join('\n')).toMatch(/__xss=1/)
  })

  it('learns the elements of every kind of page from a clean site', async () => {
    const { db } = server.database
    cleanAdmin = await sessionOf(await createUser(db, { email: 'clean-admin@newsroom.test', name: 'Clean Admin', role: 'admin', password: testPassword }))
    clean = await plantCleanSite(db, server.dataDir, { id: cleanAdmin.userId, role: 'admin', authorId: cleanAdmin.authorId })
    apiKey = clean.apiKey
    const publicVisits: Visit[] = [
      { kind: 'home', path: '/' },
      { kind: 'story', path: `/articles/${clean.story.slug}` },
      { kind: 'section', path: `/section/${clean.section.slug}` },
      { kind: 'tag', path: `/tag/${clean.tag.slug}` },
      { kind: 'author', path: `/author/${clean.author.slug}` },
      { kind: 'search', path: '/search?q=ferry' },
      { kind: 'search', path: '/search?q=nothing+matches+this' },
      { kind: 'trending', path: '/trending' },
      { kind: 'sitemap-page', path: '/sitemap' },
      { kind: 'not-found', path: '/articles/no-such-story' },
      { kind: 'login', path: '/admin/login?next=%2Fadmin%2Farticles' },
      ...feedVisits('/'),
      ...feedVisits(`/section/${clean.section.slug}`),
      ...(await sitemapVisits(server.get, siteOrigin)),
      ...apiVisits(apiKey),
    ]
    // Both reader contexts share one baseline: the CSP changes what runs, not what the page holds.
    for (const visit of publicVisits) await learn(readerNoCsp, visit)
    const newsroomVisits: Visit[] = [
      ...newsroomListVisits(),
      { kind: 'editor', path: `/admin/articles/${clean.story.id}` },
      { kind: 'revisions', path: `/admin/articles/${clean.story.id}/revisions` },
      { kind: 'revision', path: `/admin/articles/${clean.story.id}/revisions/${clean.revisionId}` },
      { kind: 'author-form', path: `/admin/authors/${clean.author.id}` },
      { kind: 'webhook', path: `/admin/webhooks/${clean.webhookId}` },
      ...(await answerVisits(cleanAdmin, clean.story.id, clean.author.id, (k) => `Clean value ${k}`, (k) => `https://clean.example/${k}`)),
    ]
    for (const visit of newsroomVisits) await learn(newsroom, visit)
    readerFieldsBaseline = await readerFields(['/', `/section/${clean.section.slug}`])
    expect(executions).toEqual([])
  }, slow)

  const settingsFeeds = newSettingsFeeds()
  let publicVisits: Visit[] = []
  let newsroomVisits: Visit[] = []
  const searchTerms = [...Array.from({ length: 6 }, (_, k) => payloads[(k * 113) % payloads.length]!), 'alert', 'script img onerror']

  it('writes the corpus into every field', async () => {
    const admin = await createUser(server.database.db, { email: 'xss-admin@newsroom.test', name: payloads[3]!, role: 'admin', password: testPassword })
    planted = await plantPayloads(server.database.db, server.dataDir, toActor(admin))
    planted.ledger.store('user name', [3])
    payloadAdmin = await sessionOf(admin)
    await plantSettings(server.database.db, planted.admin, planted.ledger, settingsFeeds, 0)
    // Every story was written (with the refused values left out), through both the newsroom's path and an importer's.
    expect(planted.stories).toHaveLength(plantSizes.stories + plantSizes.importedStories)
    expect(await (await server.get('/trending')).text()).toContain(`/articles/${planted.stories[11]!.slug}`)
    publicVisits = [
      { kind: 'home', path: '/' },
      ...planted.stories.map((s) => ({ kind: 'story', path: `/articles/${s.slug}` })),
      ...planted.sections.map((s) => ({ kind: 'section', path: `/section/${s.slug}` })),
      ...planted.tags.slice(0, 8).map((t) => ({ kind: 'tag', path: `/tag/${t.slug}` })),
      ...planted.authors.slice(0, 6).map((a) => ({ kind: 'author', path: `/author/${a.slug}` })),
      ...searchTerms.map((q) => ({ kind: 'search', path: `/search?q=${encodeURIComponent(q)}` })),
      ...[payloads[0]!, payloads[120]!, payloads[400]!].map((p) => ({ kind: 'not-found', path: `/articles/${encodeURIComponent(p)}` })),
      ...[payloads[7]!, payloads[addressPayloads[0]!]!, payloads[300]!].map((p) => ({ kind: 'login', path: `/admin/login?next=${encodeURIComponent(p)}` })),
      { kind: 'trending', path: '/trending' },
      { kind: 'sitemap-page', path: '/sitemap' },
      ...feedVisits('/'),
      ...feedVisits(`/section/${planted.sections[0]!.slug}`),
      ...feedVisits(`/tag/${planted.tags[0]!.slug}`),
      ...feedVisits(`/author/${planted.authors[0]!.slug}`),
      ...(await sitemapVisits(server.get, siteOrigin)),
      ...apiVisits(apiKey),
      { kind: 'api', path: apiPath(apiKey, `posts/slug/${planted.stories[0]!.slug}`, '&include=authors,tags&formats=html') },
    ]
    const { db } = server.database
    const withRevisions = planted.stories.slice(0, 5)
    const revisions = await db.selectFrom('article_revisions').select(['id', 'article_id']).where('article_id', 'in', withRevisions.map((s) => s.id)).execute()
    newsroomVisits = [
      ...newsroomListVisits(),
      ...planted.stories.map((s) => ({ kind: 'editor', path: `/admin/articles/${s.id}` })),
      ...withRevisions.map((s) => ({ kind: 'revisions', path: `/admin/articles/${s.id}/revisions` })),
      ...revisions.map((r) => ({ kind: 'revision', path: `/admin/articles/${r.article_id}/revisions/${r.id}` })),
      ...planted.authors.slice(0, 5).map((a) => ({ kind: 'author-form', path: `/admin/authors/${a.id}` })),
      ...planted.webhookIds.slice(0, 5).map((id) => ({ kind: 'webhook', path: `/admin/webhooks/${id}` })),
    ]
  }, slow)

  it('public pages run nothing and carry no injected markup, as readers get them (CSP on)', async () => {
    const since = mark()
    for (const visit of publicVisits.filter(isDocument)) await check(reader, visit)
    expectNothingSince(since)
  }, slow)

  it('public pages are safe by their HTML alone (CSP bypassed)', async () => {
    const since = mark()
    for (const visit of publicVisits) await check(readerNoCsp, visit)
    expectNothingSince(since)
  }, slow)

  it('newsroom pages and form answers are safe (CSP bypassed)', async () => {
    payloadAdmin = await sessionOf({ id: payloadAdmin.userId, author_id: payloadAdmin.authorId })
    let k = 0
    const value = () => payloads[(k++ * 31) % payloads.length]!
    // Even places in the address list are the ones that are not http(s): the answers must not print them as given.
    const address = (n: number) => payloads[addressPayloads[(n * 2) % addressPayloads.length]!]!
    const answered = await answerVisits(payloadAdmin, planted.stories[1]!.id, planted.authors[0]!.id, () => value(), address)
    const since = mark()
    for (const visit of [...newsroomVisits, ...answered]) await check(newsroom, visit)
    expectNothingSince(since)
  }, slow)

  it('each round of site settings shows safely everywhere the settings appear', async () => {
    const since = mark()
    for (let round = 1; round <= settingsRounds; round++) {
      await plantSettings(server.database.db, planted.admin, planted.ledger, settingsFeeds, round)
      const visits: Visit[] = [
        { kind: 'home', path: '/' },
        { kind: 'story', path: `/articles/${planted.stories[round]!.slug}` },
        ...feedVisits('/'),
        { kind: 'api', path: apiPath(apiKey, 'settings') },
      ]
      for (const visit of visits) for (const ctx of isDocument(visit) ? [reader, readerNoCsp] : [readerNoCsp]) await check(ctx, visit)
      await check(newsroom, { kind: 'settings', path: '/admin/settings' })
    }
    expectNothingSince(since)
  }, slow)

  /** The HTML fields of the feeds of these pages and of the Content API, and their addresses checked. */
  async function readerFields(pagePaths: string[]): Promise<HtmlField[]> {
    const fields: HtmlField[] = []
    const addresses: string[] = []
    for (const pagePath of pagePaths) {
      for (const visit of feedVisits(pagePath)) {
        const body = await (await server.get(visit.path)).text()
        const found = visit.kind === 'feed-json' ? jsonHtmlFields(JSON.parse(body), visit.path) : feedHtmlFields(body, visit.path)
        fields.push(...found.html)
        addresses.push(...found.addresses)
      }
    }
    for (const visit of apiVisits(apiKey)) {
      const found = jsonHtmlFields(await (await server.get(visit.path)).json(), visit.path.replace(apiKey, 'KEY'))
      fields.push(...found.html)
      addresses.push(...found.addresses)
    }
    for (const address of addresses) if (!isSafeAddress(address)) injections.push(`an address a client would link or load: ${address}`)
    return fields
  }

  /**
   * Each HTML field is inspected in a parsed document of its own (so a finding names its field), then
   * all are inserted into a live page as a client would, where a handler that runs is counted.
   */
  async function renderLikeAClient(fields: HtmlField[]): Promise<string[]> {
    await load(readerNoCsp, { kind: 'reader', path: '/__xss-reader' })
    const parsed = (await readerNoCsp.page.evaluate(inspectFieldsScript(fields))) as PageInspection
    const found = [...parsed.findings]
    try {
      await readerNoCsp.page.evaluate(renderFieldsScript(fields))
      await readerNoCsp.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))')
      if (!samePlace(readerNoCsp.page.url(), `${server.url}/__xss-reader`)) found.push(`the fields moved the page to ${readerNoCsp.page.url()}`)
    } catch (error) {
      found.push(`the fields moved the page (${String(error).split('\n')[0]})`)
    }
    return found
  }

  it('feeds and the Content API are safe in clients that render their HTML fields (RSS description, Atom type=html, JSON Feed content_html, Ghost html and feature_image_caption)', async () => {
    expect(await renderLikeAClient(readerFieldsBaseline)).toEqual([])
    const since = mark()
    const fields = await readerFields(['/', `/section/${planted.sections[0]!.slug}`, `/tag/${planted.tags[0]!.slug}`, `/author/${planted.authors[0]!.slug}`])
    for (const finding of await renderLikeAClient(fields)) injections.push(`rendered like a client: ${finding}`)
    expect(fields.length).toBeGreaterThan(100)
    expectNothingSince(since)
  }, slow)

})
