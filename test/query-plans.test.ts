import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery, type Compilable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listingQuery, publicationYearsQuery, teaserRowsByIdsQuery, articleBySlugQuery, relatedBySectionQuery, relatedByTopicQuery, relatedTeasersQuery, trendingQuery } from '../src/content/published/index.ts'
import { openDatabase, type Database } from '../src/db/connection.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { databaseTargets, testSchemaName } from './helpers/databases.ts'

/**
 * The reader-facing hot queries must not read a whole table of the archive. Each query is built by
 * the same function the app calls, compiled, and explained over an archive big enough (5,000 stories)
 * for PostgreSQL's planner to prefer an index when one fits (after ANALYZE, as autovacuum would);
 * SQLite is explained as the app runs it, without statistics. `SHOW_PLANS=1` prints every plan.
 */
const archiveTables = ['articles', 'article_tags', 'article_authors']
const stories = 5000
const cursor = { publishedAt: '2021-06-01T00:00:00.000Z', id: 2500 }

describe.each(await databaseTargets())('query plans on $name', (target) => {
  let database: Database
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    if (target.url) {
      const schema = testSchemaName('plans')
      database = await openDatabase(target.url, { schema })
      cleanup = () => database.destroy()
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'gazette-plans-'))
      database = await openDatabase(join(dir, 'plans.sqlite'))
      cleanup = async () => {
        await database.destroy()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    await migrateToLatest(database)
    await fillArchive(database)
  }, 120_000)
  afterAll(async () => {
    await cleanup?.()
  })

  async function explain(query: Compilable, walksInOrder = false): Promise<{ text: string; fullScans: string[]; rowsRead: number }> {
    const { sql, parameters } = query.compile()
    if (database.dialect === 'sqlite') {
      const { rows } = await database.db.executeQuery<{ id: number; parent: number; detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]))
      const depth = new Map<number, number>([[0, 0]])
      const lines = rows.map((row) => {
        depth.set(row.id, (depth.get(row.parent) ?? 0) + 1)
        return `${'  '.repeat(depth.get(row.id) ?? 1)}${row.detail}`
      })
      // "SCAN articles" reads every row; "SCAN … USING (COVERING) INDEX" walks an index in order and
      // stops at the LIMIT, which the ordered listings rely on. A search on `status` alone walks every
      // published story unless the query stops early in index order (`walksInOrder`).
      const fullScans = rows
        .map((r) => r.detail)
        .filter(
          (detail) =>
            archiveTables.some((t) => new RegExp(`^SCAN ${t}\\b(?!.*USING (COVERING )?INDEX)`).test(detail)) ||
            (!walksInOrder && /^SEARCH articles USING (COVERING )?INDEX \w+ \(status=\?\)$/.test(detail)),
        )
      return { text: `${sql}\n${lines.join('\n')}`, fullScans, rowsRead: 0 }
    }
    // Run for real: the rows each node of an archive table produced are what the query read.
    const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...parameters]))
    const [root] = rows[0]?.['QUERY PLAN'] as [{ Plan: PgPlan }]
    const lines: string[] = []
    const fullScans: string[] = []
    let rowsRead = 0
    const walk = (plan: PgPlan, depth: number) => {
      if (archiveTables.includes(plan['Relation Name'] ?? '')) rowsRead += (plan['Actual Rows'] ?? 0) * (plan['Actual Loops'] ?? 1)
      const relation = plan['Relation Name'] ? ` on ${plan['Relation Name']}` : ''
      const index = plan['Index Name'] ? ` using ${plan['Index Name']}` : ''
      lines.push(`${'  '.repeat(depth)}${plan['Node Type']}${relation}${index} (rows=${plan['Actual Rows']}×${plan['Actual Loops']})`)
      if (plan['Node Type'] === 'Seq Scan' && archiveTables.includes(plan['Relation Name'] ?? '')) fullScans.push(`Seq Scan on ${plan['Relation Name']}`)
      for (const child of plan.Plans ?? []) walk(child, depth + 1)
    }
    walk(root.Plan, 1)
    return { text: `${sql}\n${lines.join('\n')}`, fullScans, rowsRead }
  }

  const inOrder = { walksInOrder: true }
  const hotQueries: [string, (db: Database['db']) => Compilable, { walksInOrder?: boolean }?][] = [
    ['article by slug, with its bylines, topics, sources and corrections', (db) => articleBySlugQuery(db, database.dialect, 'story-2500')],
    ['teasers by id (related, trending, search)', (db) => teaserRowsByIdsQuery(db, [12, 2500, 4801])],
    ['first and last publication (copyright years)', (db) => publicationYearsQuery(db), inOrder],
    ['home, first page', (db) => listingQuery(db, {}, { page: 1 }, 20), inOrder],
    ['home, older page (cursor)', (db) => listingQuery(db, {}, { before: cursor }, 20)],
    ['home, newer page (cursor)', (db) => listingQuery(db, {}, { after: cursor }, 20)],
    ['home, old numbered link', (db) => listingQuery(db, {}, { page: 50 }, 20), inOrder],
    ['section, older page', (db) => listingQuery(db, { sectionId: 3 }, { before: cursor }, 20)],
    ['topic, first page', (db) => listingQuery(db, { tagId: 1 }, { page: 1 }, 20), inOrder],
    ['rare topic, first page', (db) => listingQuery(db, { tagId: 40 }, { page: 1 }, 20, { fewStories: true })],
    ['rare topic, older page (from its links)', (db) => listingQuery(db, { tagId: 40 }, { before: cursor }, 20, { fewStories: true })],
    ['author, first page (from its links)', (db) => listingQuery(db, { authorId: 7 }, { page: 1 }, 20, { fewStories: true })],
    ['topic, older page', (db) => listingQuery(db, { tagId: 1 }, { before: cursor }, 20)],
    ['author, older page', (db) => listingQuery(db, { authorId: 7 }, { before: cursor }, 20)],
    ['HTML sitemap, older page', (db) => listingQuery(db, {}, { before: cursor }, 100)],
    ['related: by topic', (db) => relatedByTopicQuery(db, 2500, [1, 2, 3], 4)],
    ['related: teasers of the best-ranked', (db) => relatedTeasersQuery(db, database.dialect, 2500, [1, 2, 3], 4)],
    ['related: by section', (db) => relatedBySectionQuery(db, database.dialect, 'section-3', [2500, 2499], 4)],
    ['trending, last week', (db) => trendingQuery(db, new Date('2024-12-25T00:00:00Z'), 10)],
  ]

  it.each(hotQueries)('%s reads no archive table in full', async (_name, build, options) => {
    const plan = await explain(build(database.db), options?.walksInOrder)
    if (process.env.SHOW_PLANS) console.log(`${target.name}: ${_name}\n${plan.text.split('\n').slice(1).join('\n')}`)
    expect(plan.fullScans, `full scans in the plan:\n${plan.text}`).toEqual([])
    // PostgreSQL reports what each node read: a hot query reads a bounded slice, not the archive.
    expect(plan.rowsRead, `rows read from archive tables:\n${plan.text}`).toBeLessThanOrEqual(stories / 2)
  })
})

type PgPlan = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; Plans?: PgPlan[] }

const words = ['harbour', 'council', 'ferry', 'budget', 'strike', 'river', 'school', 'station', 'storm', 'vote', 'market', 'court']
function body(id: number): string {
  return Array.from({ length: 150 }, (_, i) => words[(id * 7 + i * i) % words.length]).join(' ')
}

/** Sections, topics and authors of a plausible newsroom, and `stories` stories, in multi-row inserts. */
async function fillArchive({ db, dialect }: Database): Promise<void> {
  const now = '2025-01-01T00:00:00.000Z'
  await db.insertInto('sections').values(Array.from({ length: 8 }, (_, i) => ({ slug: `section-${i + 1}`, name: `Section ${i + 1}`, position: i, created_at: now }))).execute()
  await db.insertInto('authors').values(Array.from({ length: 20 }, (_, i) => ({ slug: `author-${i + 1}`, name: `Author ${i + 1}`, created_at: now }))).execute()
  await db.insertInto('tags').values(Array.from({ length: 40 }, (_, i) => ({ slug: `tag-${i + 1}`, name: `Tag ${i + 1}`, created_at: now }))).execute()
  const start = Date.parse('2019-01-01T00:00:00Z')
  for (let from = 1; from <= stories; from += 500) {
    const ids = Array.from({ length: Math.min(500, stories - from + 1) }, (_, i) => from + i)
    await db
      .insertInto('articles')
      .values(
        ids.map((id) => {
          const at = new Date(start + id * 9 * 3600_000).toISOString()
          return {
            id,
            slug: `story-${id}`,
            headline: `Story ${id}`,
            // Rows about as wide as real stories' (a short story's body), so a table read costs what it would.
            body_html: `<p>${body(id)}</p>`,
            body_text: body(id),
            word_count: 2,
            status: id % 10 === 0 ? 'draft' : 'published',
            section_id: (id % 8) + 1,
            published_at: id % 10 === 0 ? null : at,
            created_at: at,
            updated_at: at,
          }
        }),
      )
      .execute()
    // Two topics per story: tag 1 is on every other story, tags 2–38 share the rest, and tag 40 is
    // on one story in 500 (a rarely used topic must not walk the archive looking for its stories).
    await db
      .insertInto('article_tags')
      .values(ids.flatMap((id) => [{ article_id: id, tag_id: id % 2 === 0 ? 1 : (id % 37) + 2, position: 0 }, { article_id: id, tag_id: id % 500 === 0 ? 40 : 39, position: 1 }]))
      .execute()
    await db.insertInto('article_authors').values(ids.map((id) => ({ article_id: id, author_id: (id % 20) + 1, position: 0 }))).execute()
  }
  const hours = Array.from({ length: 24 * 14 }, (_, h) => new Date(Date.parse(now) - h * 3600_000).toISOString().slice(0, 13))
  await db.insertInto('article_views').values(hours.flatMap((hour, h) => [0, 1, 2].map((k) => ({ article_id: stories - 1 - ((h * 3 + k) % 200), hour, views: 1 + k })))).execute()
  if (dialect === 'postgres') {
    await db.executeQuery(CompiledQuery.raw(`select setval(pg_get_serial_sequence('articles', 'id'), ${stories})`))
    for (const table of ['articles', 'article_tags', 'article_authors', 'article_views', 'sections', 'tags', 'authors']) await db.executeQuery(CompiledQuery.raw(`analyze ${table}`))
  }
}
