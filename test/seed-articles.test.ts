import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { countWords, htmlToText, sanitizeArticleHtml } from '../src/content/shared/index.ts'
import { searchArticles } from '../src/content/published/index.ts'
import { openDatabase, type Database } from '../src/db/connection.ts'
import { checkSearchIndex } from '../src/db/bulk-load.ts'
import { databaseTargets, testSchemaName } from './helpers/databases.ts'

const root = new URL('..', import.meta.url).pathname
const dataDir = mkdtempSync(join(tmpdir(), 'gazette-seed-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const count = 2000
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/gazette.js', 'seed', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' })

describe('gazette seed --articles', () => {
  it.each([['abc'], ['0'], ['-5'], ['1.5']])('refuses --articles %s with exit code 2', (n) => {
    const result = cli(['--articles', n])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/--articles|argument/)
  })

  it('refuses --articles without a number with exit code 2', () => {
    expect(cli(['--articles']).status).toBe(2)
  })
})

for (const target of await databaseTargets()) {
  describe(`gazette seed --articles ${count} (${target.name})`, () => {
    const schema = testSchemaName('seed')
    const url = target.url ? `${target.url}${target.url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` : join(dataDir, `${target.name}.sqlite`)
    let database: Database

    afterAll(async () => {
      await database?.destroy()
    })

    it('generates a realistic archive with a complete search index', { timeout: 120_000 }, async () => {
      if (target.url) await (await openDatabase(target.url, { schema })).destroy()
      const result = cli(['--articles', String(count), '--database', url, '--quiet'])
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      expect(result.stdout).toMatch(/Seeded 2,000 stories .* stories\/s/)
      database = await openDatabase(url)
      const { db } = database

      const counts = await db
        .selectFrom('articles')
        .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.min('published_at').as('first'), eb.fn.max('published_at').as('last'), eb.fn.min('word_count').as('minWords'), eb.fn.max('word_count').as('maxWords')])
        .executeTakeFirstOrThrow()
      expect(Number(counts.all)).toBe(count)
      expect(Number(counts.minWords)).toBeGreaterThanOrEqual(600)
      expect(Number(counts.maxWords)).toBeLessThanOrEqual(1500)
      const years = (Date.parse(String(counts.last)) - Date.parse(String(counts.first))) / (365.25 * 86_400_000)
      expect(years).toBeGreaterThan(7)
      const published = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow()
      expect(Number(published.n)).toBeGreaterThan(count * 0.9)

      const sections = await db.selectFrom('sections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(sections.n)).toBeGreaterThanOrEqual(8)
      const authors = await db.selectFrom('authors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(authors.n)).toBe(count / 2000 + 20)
      const tags = await db.selectFrom('tags').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(tags.n)).toBe(count / 100 + 50)
      for (const table of ['article_authors', 'article_tags', 'sources'] as const) {
        const linked = await db.selectFrom(table).select((eb) => eb.fn.count<number>('article_id').distinct().as('n')).executeTakeFirstOrThrow()
        expect(Number(linked.n), table).toBeGreaterThan(table === 'sources' ? count * 0.6 : count - 1)
      }
      const labelled = await db.selectFrom('articles').innerJoin('labels', 'labels.name', 'articles.label').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(labelled.n)).toBeGreaterThan(count * 0.3)

      // Stored as the domain would store it.
      const sample = await db.selectFrom('articles').select(['body_html', 'body_text', 'word_count', 'slug']).where(sql<boolean>`id % 97 = 0`).execute()
      for (const row of sample) {
        expect(sanitizeArticleHtml(row.body_html)).toBe(row.body_html)
        expect(htmlToText(row.body_html)).toBe(row.body_text)
        expect(countWords(row.body_text)).toBe(row.word_count)
      }

      // The search index holds every story: a seeded word finds each published story that has it.
      await checkSearchIndex(db, database.dialect)
      const withWord = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'published')
        .where((eb) => eb.or([eb('headline', 'like', '%shipyard%'), eb('dek', 'like', '%shipyard%'), eb('body_text', 'like', '%shipyard%')]))
        .executeTakeFirstOrThrow()
      expect(Number(withWord.n)).toBeGreaterThan(100)
      const found = await searchArticles(db, database.dialect, 'shipyard', { page: 1, pageSize: 10 })
      expect(found.total).toBe(Number(withWord.n))
      const last = await db.selectFrom('articles').select(['headline']).where('status', '=', 'published').orderBy('id', 'desc').executeTakeFirstOrThrow()
      const byHeadline = await searchArticles(db, database.dialect, last.headline, { page: 1, pageSize: 10 })
      expect(byHeadline.total).toBeGreaterThan(0)
    })
  })
}
