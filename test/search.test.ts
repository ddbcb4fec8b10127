import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as cheerio from 'cheerio'
import { Migrator, sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, saveArticle, type ArticleDraftInput, transitionArticle } from '../src/content/articles/index.ts'
import { searchArticles } from '../src/content/published/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { createUser, toActor } from '../src/content/accounts/index.ts'
import { openDatabase } from '../src/db/connection.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import * as m0001 from '../src/db/migrations/0001-initial.ts'
import * as m0002 from '../src/db/migrations/0002-newsroom.ts'
import { inTransaction } from '../src/db/transaction.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets, testSchemaName, type DatabaseTarget } from './helpers/databases.ts'
import { testPassword } from './helpers/newsroom.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

async function search(server: TestServer, query: string) {
  const res = await server.get(`/search?${query}`)
  const html = await res.text()
  const $ = cheerio.load(html)
  const hrefs = $('main .search-result .teaser-headline a').map((_, a) => $(a).attr('href')).get()
  return { res, html, $, hrefs, heading: $('#search-results-title').text() }
}
const q = (text: string, page?: number) => new URLSearchParams({ q: text, ...(page ? { page: String(page) } : {}) }).toString()

describe.each(await databaseTargets())('search on $name', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { demo: false })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('ranks a headline match above a dek match above a body-only match, whatever their age', async () => {
    const { db } = server.database
    const headline = await buildArticle(db, { headline: 'Quokka census begins on the island', publishedAt: '2024-01-01T08:00:00Z' })
    const dek = await buildArticle(db, { headline: 'Island ferry timetable', dek: 'Visitors come for the quokka', publishedAt: '2024-02-01T08:00:00Z' })
    const body = await buildArticle(db, {
      headline: 'Tourism figures for the summer',
      bodyHtml: '<p>The quokka draws crowds. Every quokka selfie helps. Rangers count each quokka.</p>',
      publishedAt: '2024-03-01T08:00:00Z',
    })
    const { res, hrefs, heading } = await search(server, q('quokka'))
    expect(res.status).toBe(200)
    expect(heading).toBe('3 results for “quokka”')
    expect(hrefs).toEqual([headline, dek, body].map((a) => `/articles/${a.slug}`))
  })

  it('highlights the matched words of the body in a snippet, stemming plurals', async () => {
    const article = await buildArticle(server.database.db, {
      headline: 'A life on the rock',
      bodyHtml: '<p>After forty years the <strong>lighthouse</strong> keeper retired to the mainland.</p>',
    })
    const { hrefs, $ } = await search(server, q('Lighthouse keepers'))
    expect(hrefs).toEqual([`/articles/${article.slug}`])
    const snippet = $('main .search-result .snippet')
    expect(snippet.text()).toContain('lighthouse keeper retired')
    expect(snippet.find('mark').map((_, m) => $(m).text()).get()).toEqual(['lighthouse', 'keeper'])
    expect(snippet.find('strong').length).toBe(0)
  })

  it('pages through results ten at a time, keeping the query in the links', async () => {
    for (let i = 0; i < 13; i++) await buildArticle(server.database.db, { bodyHtml: `<p>Marmot sighting number ${i}.</p>` })
    const first = await search(server, q('marmot'))
    expect(first.heading).toBe('13 results for “marmot”')
    expect(first.hrefs).toHaveLength(10)
    expect(first.$('main a[rel=next]').attr('href')).toBe('/search?q=marmot&page=2')
    const second = await search(server, q('marmot', 2))
    expect(second.res.status).toBe(200)
    expect(second.hrefs).toHaveLength(3)
    expect(second.$('main ol.search-result-list').attr('start')).toBe('11')
    expect(second.$('main a[rel=prev]').attr('href')).toBe('/search?q=marmot')
    expect(second.$('main a[rel=next]').length).toBe(0)
    expect(new Set([...first.hrefs, ...second.hrefs]).size).toBe(13)
    expect((await server.get(`/search?${q('marmot', 3)}`)).status).toBe(404)
  })

  it('follows publish, edit and unpublish at once, and rolls back with the write', async () => {
    const { db } = server.database
    const editor = toActor(await createUser(db, { email: 'search.editor@newsroom.test', name: 'Search Editor', role: 'editor', password: testPassword }))
    const sectionId = (await ensureSection(db, { name: 'Nature' })).id
    const other = await buildArticle(db, { headline: 'Night walk', bodyHtml: '<p>We saw a wombat and a platypus.</p>', publishedAt: '2023-01-01T08:00:00Z' })
    // Only the body names the animal, so finding it proves the body's text is indexed on every write.
    const draft: ArticleDraftInput = { headline: 'Burrows found on the links', bodyHtml: '<p>A wombat colony lives under the golf course.</p>', sectionId }
    const article = await createDraft(db, editor, draft)
    const find = async (query: string) => {
      const { hrefs, heading } = await search(server, q(query))
      return { heading, slugs: hrefs.map((href) => href.replace('/articles/', '')).sort() }
    }
    expect(await find('wombat')).toEqual({ heading: '1 result for “wombat”', slugs: [other.slug] })

    await transitionArticle(db, editor, article.id, 'publish')
    expect((await find('wombat')).slugs).toEqual([article.slug, other.slug].sort())

    const edited = await saveArticle(db, editor, article.id, { ...draft, headline: 'Platypus burrows found', bodyHtml: '<p>A platypus colony lives under the golf course.</p>' }, { expectedVersion: article.version })
    expect((await find('wombat')).slugs).toEqual([other.slug])
    expect((await find('platypus')).slugs).toEqual([article.slug, other.slug].sort())

    // The index is written by the same transaction: a save that fails leaves the old words findable.
    const failed = inTransaction(db, async (trx) => {
      await saveArticle(trx, editor, article.id, { ...draft, headline: 'Echidna burrows found', bodyHtml: '<p>Echidna.</p>' }, { expectedVersion: edited.version })
      throw new Error('roll back')
    })
    await expect(failed).rejects.toThrow('roll back')
    expect((await find('echidna')).slugs).toEqual([])
    expect((await find('platypus')).slugs).toEqual([article.slug, other.slug].sort())

    await transitionArticle(db, editor, article.id, 'unpublish')
    expect(await find('platypus')).toEqual({ heading: '1 result for “platypus”', slugs: [other.slug] })
    expect(await find('colony')).toEqual({ heading: 'No results for “colony”', slugs: [] })
  })

  it('answers any query with a page, never an error', async () => {
    const queries = [
      'q=', 'q=%20%20%20', 'q=%22', 'q=%22unbalanced', 'q=AND', 'q=OR%20NOT', 'q=NEAR(a%20b)', 'q=a%20NEAR/2%20b', 'q=*', 'q=harb*', 'q=%5Eharbour',
      'q=headline:harbour', 'q=(((', 'q=))', 'q=-harbour', 'q=%26%7C!%3C-%3E', 'q=%F0%9F%8E%89%F0%9F%94%A5', "q=';%20DROP%20TABLE%20articles;--",
      'q=1%20OR%201=1', 'q=%3Cscript%3Ealert(1)%3C/script%3E', 'q=%00', 'q=%E0%A4%A', 'q=%', 'q=a:*', 'q=the', `q=${'harbour%20'.repeat(1000)}`, `q=${'x'.repeat(10_000)}`,
      'q=quokka&q=marmot', 'q[]=x', 'q=quokka&page=1',
    ]
    for (const query of queries) {
      const res = await server.get(`/search?${query}`)
      expect(res.status, query).toBe(200)
      const html = await res.text()
      expect(html, query).not.toMatch(/<script/i)
      const $ = cheerio.load(html)
      expect($('main input[name=q]').length, query).toBe(1)
      expect(($('main input[name=q]').attr('value') ?? '').length, query).toBeLessThanOrEqual(200)
    }
    for (const query of ['q=x&page=0', 'q=x&page=abc', 'q=x&page=-1']) expect((await server.get(`/search?${query}`)).status, query).toBe(400)
    // A repeated q searches for the first one.
    expect((await search(server, 'q=quokka&q=marmot')).heading).toBe('3 results for “quokka”')
  })

  it('escapes the echoed query and snippet text that looks like markup', async () => {
    await buildArticle(server.database.db, {
      headline: 'Web form safety',
      bodyHtml: '<p>Never type &lt;script&gt;alert(1)&lt;/script&gt; into the narwhal form &amp; friends: &lt;img src=x onerror=alert(2)&gt; is worse.</p>',
    })
    const { res, html, $, heading } = await search(server, q('Narwhal <friends>'))
    expect(res.status).toBe(200)
    expect(html).not.toMatch(/<script|<img src="?x|<friends/i)
    expect($('main [onerror]').length).toBe(0)
    expect($('main input[name=q]').attr('value')).toBe('Narwhal <friends>')
    expect(heading).toBe('1 result for “Narwhal <friends>”')
    const snippet = $('main .snippet')
    expect(snippet.text()).toContain('narwhal form & friends: <img src=x onerror=alert(2)> is worse')
    // PostgreSQL's headline function drops the tag-like `<script>` token itself; SQLite keeps the text.
    if (target.name === 'sqlite') expect(snippet.text()).toContain('<script>alert(1)</script>')
    expect(snippet.find('mark').map((_, m) => $(m).text()).get()).toEqual(['narwhal', 'friends'])
  })

  it('is a search page: labelled form, result heading, noindex, friendly empty states', async () => {
    const empty = await search(server, '')
    expect(empty.res.status).toBe(200)
    expect(empty.res.headers.get('cache-control')).toMatch(/^public/)
    const form = empty.$('main form[role=search]')
    expect(form.attr('action')).toBe('/search')
    expect(form.attr('method')).toBe('get')
    const input = form.find('input[name=q]')
    expect(input.attr('type')).toBe('search')
    expect(form.find(`label[for="${input.attr('id')}"]`).text()).toBe('Search')
    expect(empty.$('meta[name=robots]').attr('content')).toBe('noindex')
    expect(empty.$('.search-results').length).toBe(0)
    expect((await search(server, 'q=%00%01')).$('.search-results').length).toBe(0)

    const found = await search(server, q('quokka'))
    expect(found.$('main section.search-results').attr('aria-labelledby')).toBe('search-results-title')
    expect(found.$('main h2#search-results-title').length).toBe(1)
    expect(found.$('meta[name=robots]').attr('content')).toBe('noindex')
    expect(found.$('title').text()).toMatch(/^Search: quokka/)

    const symbols = await search(server, q('🎉 ***'))
    expect(symbols.heading).toBe('No results for “🎉 ***”')
    expect(symbols.$('main .search-results .empty').text()).toMatch(/none we could look for/)
  })
})

describe.each(await databaseTargets())('search migration on $name', (target) => {
  it('back-fills the index from articles that existed before it', async () => {
    await withDatabaseAt0002(target, async (database) => {
      const db = database.db as unknown as Kysely<unknown>
      const now = '2024-05-01T10:00:00.000Z'
      for (const [slug, status] of [['old-pelican-story', 'published'], ['old-pelican-draft', 'draft']] as const) {
        await sql`insert into articles (slug, headline, body_html, status, published_at, created_at, updated_at)
          values (${slug}, ${'An old story'}, ${'<p>The <b>pelican</b> brief &amp; more</p>'}, ${status}, ${now}, ${now}, ${now})`.execute(db)
      }
      await migrateToLatest(database)
      const results = await searchArticles(database.db, database.dialect, 'pelican', { page: 1, pageSize: 10 })
      expect(results.items.map((hit) => hit.article.slug)).toEqual(['old-pelican-story'])
      const snippet = results.items[0]?.snippet ?? []
      expect(snippet.map((part) => part.text).join('')).toMatch(/pelican brief & more$/)
      expect(snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['pelican'])
    })
  })
})

/** A database migrated only as far as the release before search, as an existing install would be. */
async function withDatabaseAt0002(target: DatabaseTarget, work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-search-'))
  const schema = target.url ? testSchemaName('search') : undefined
  const database = await openDatabase(target.url ?? join(dir, 'old.sqlite'), { schema })
  try {
    const context = { dialect: database.dialect }
    const migrator = new Migrator({
      db: database.db,
      provider: {
        getMigrations: async () => ({
          '0001-initial': { up: (db) => m0001.up(db, context) },
          '0002-newsroom': { up: (db) => m0002.up(db, context) },
        }),
      },
      ...(database.schema ? { migrationTableSchema: database.schema } : {}),
    })
    const { error } = await migrator.migrateToLatest()
    if (error) throw error
    await work(database)
  } finally {
    await database.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}
