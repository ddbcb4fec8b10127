import { existsSync, mkdirSync } from 'node:fs'
import sharp from 'sharp'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSection } from '../../src/content/taxonomy/index.ts'
import { createUser } from '../../src/content/accounts/index.ts'
import { databaseTargets } from '../helpers/databases.ts'
import { testPassword } from '../helpers/newsroom.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
// In CI a missing browser is a failure, not a reason to skip.
if (!hasChromium && process.env.CI) throw new Error(`No Chromium at ${chromiumPath}: .ci/run installs Debian's chromium package.`)

describe.skipIf(!hasChromium).each(await databaseTargets())('newsroom in Chromium on $name', (target) => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
    const { db } = server.database
    await ensureSection(db, { name: 'Local' })
    await createUser(db, { email: 'rita@newsroom.test', name: 'Rita Reporter', role: 'contributor', password: testPassword })
    await createUser(db, { email: 'eddie@newsroom.test', name: 'Eddie Editor', role: 'editor', password: testPassword })
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${server.url}/admin/login`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(testPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/admin\/articles/)
    return page
  }

  it('a contributor writes and submits a story with an image, an editor publishes it, a reader sees it', async () => {
    const headline = `Harbour ferry returns after ${target.name} winter break`
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer()

    const rita = await signIn('rita@newsroom.test')
    await rita.goto(`${server.url}/admin/media`)
    await rita.setInputFiles('#file', { name: 'ferry.jpg', mimeType: 'image/jpeg', buffer: photo })
    await rita.getByLabel('Alt text').fill('The ferry at the harbour wall')
    await rita.getByRole('button', { name: 'Upload', exact: true }).click()
    await rita.locator('.media-grid figure').first().waitFor()
    expect(await rita.locator('.media-grid figure').count()).toBe(1)

    await rita.goto(`${server.url}/admin/articles`)
    await rita.getByLabel('Start a new article').fill(headline)
    await rita.getByRole('button', { name: 'Create draft' }).click()
    await rita.waitForURL(/\/admin\/articles\/\d+$/)
    await rita.getByLabel('Dek').fill('The crossing runs twice a day from Monday.')
    const body = rita.getByTestId('rich-editor')
    await body.click()
    await rita.keyboard.type('The harbour ferry is back in service, the operator said on Friday.')
    await rita.getByLabel('Dateline').fill('PORTSMOUTH')
    await rita.selectOption('#featureMediaId', { index: 1 })
    await rita.locator('#featureImageAlt').fill('The ferry at the harbour wall')
    await rita.locator('#featureImageCaption').fill('The ferry returns on Monday.')
    await rita.selectOption('#sectionId', { label: 'Local' })
    await rita.getByLabel('Source 1 name').fill('Harbour Ferries Ltd')
    await rita.getByLabel('Source 1 link').fill('https://ferries.example/news')
    // Autosave keeps the draft without adding revisions; the manual save afterwards is not a conflict.
    await rita.getByText(/Draft autosaved/).waitFor({ timeout: 15_000 })
    const articleId = Number(/\/admin\/articles\/(\d+)$/.exec(rita.url())?.[1])
    const revisions = await server.database.db.selectFrom('article_revisions').select('id').where('article_id', '=', articleId).execute()
    expect(revisions).toHaveLength(1)
    expect((await server.database.db.selectFrom('articles').select('body_html').where('id', '=', articleId).executeTakeFirstOrThrow()).body_html).toContain('back in service')
    await rita.getByRole('button', { name: 'Save', exact: true }).click()
    await rita.getByText('Saved.').waitFor()
    await rita.getByRole('button', { name: 'Submit for review' }).click()
    expect(await rita.locator('#workflow-title').textContent()).toContain('In review')
    // A contributor cannot publish: the button is not offered.
    expect(await rita.getByRole('button', { name: 'Publish now' }).count()).toBe(0)

    const eddie = await signIn('eddie@newsroom.test')
    await eddie.goto(`${server.url}/admin/articles?status=in_review`)
    await eddie.getByRole('link', { name: headline }).click()
    await eddie.getByRole('button', { name: 'Publish now' }).click()
    expect(await eddie.locator('#workflow-title').textContent()).toContain('Published')
    const storyUrl = await eddie.getByRole('link', { name: 'View the published story' }).getAttribute('href')

    const reader = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } })).newPage()
    await reader.goto(`${server.url}${storyUrl}`)
    expect(await reader.locator('h1').textContent()).toBe(headline)
    expect(await reader.locator('.byline').textContent()).toContain('Rita Reporter')
    expect(await reader.locator('.story-body').textContent()).toContain('The harbour ferry is back in service')
    expect(await reader.locator('.feature-image figcaption').textContent()).toContain('The ferry returns on Monday.')
    expect(await reader.locator('.feature-image img').getAttribute('alt')).toBe('The ferry at the harbour wall')
    expect(await reader.locator('.sources a').textContent()).toBe('Harbour Ferries Ltd')
    const loaded = await reader.locator('.feature-image img').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)
    expect(loaded).toBe(true)
    mkdirSync('test-artifacts', { recursive: true })
    await reader.screenshot({ path: `test-artifacts/newsroom-flow-${target.name}.png`, fullPage: true })
    await reader.goto(`${server.url}/`)
    expect(await reader.locator('.top-stories .teaser-lead').textContent()).toContain(headline)
  })
})
