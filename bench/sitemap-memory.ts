/**
 * `npx tsx bench/sitemap-memory.ts`: how the streamed sitemaps behave on a large archive. Fills a
 * SQLite database with generated stories (most spread over fifteen years, one month holding more
 * than one file's worth), starts Gazette in its own process, fetches every kind of sitemap with a
 * fast client and the largest one with a slow client too, and prints time, bytes and the server's
 * resident memory (sampled every 5 ms while each request runs).
 *
 * Options: --articles N (default 200000), --crowded N (stories in the one crowded month, default
 * 60000), --tags N (default 1000), --readers N (concurrent slow readers of the largest file, default
 * 10), --heap-mb N (start the server with --max-old-space-size=N).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureAuthor, ensureSection, ensureTag, type Tag } from '../src/content/taxonomy/index.ts'
import { openDatabase } from '../src/db/connection.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { startProcess, stopProcess, type StartedProcess } from './gazette-process.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '200000' },
    crowded: { type: 'string', default: '60000' },
    tags: { type: 'string', default: '1000' },
    readers: { type: 'string', default: '10' },
    'heap-mb': { type: 'string' },
  },
})
const articleCount = Number(values.articles)
const crowdedCount = Number(values.crowded)
const tagCount = Number(values.tags)
const readerCount = Number(values.readers)
/** Caps the server's V8 heap: a body held in memory per request would then run out of it. */
const heapMb = values['heap-mb']

/** Inserts the archive in multi-row statements, which is what makes 200,000 stories take seconds. */
async function fillArchive(databaseUrl: string): Promise<void> {
  const database = await openDatabase(databaseUrl)
  try {
    await migrateToLatest(database)
    const { db } = database
    const sections = await Promise.all(['World', 'Business', 'Science', 'Sport'].map((name) => ensureSection(db, { name })))
    const authors = await Promise.all(['Ada Reporter', 'Sam Writer', 'Lee Editor'].map((name) => ensureAuthor(db, { name })))
    const tags: Tag[] = []
    for (let i = 0; i < tagCount; i++) tags.push(await ensureTag(db, { name: `Topic ${i}` }))
    const spreadStart = Date.parse('2009-01-01T00:00:00Z')
    const crowdedStart = Date.parse('2024-03-01T00:00:00Z')
    const spread = articleCount - crowdedCount
    const chunk = 400
    await db.transaction().execute(async (trx) => {
      for (let first = 0; first < articleCount; first += chunk) {
        const rows = []
        for (let i = first; i < Math.min(first + chunk, articleCount); i++) {
          const published = i < spread ? spreadStart + i * 2_400_000 : crowdedStart + (i - spread) * 40_000
          const at = new Date(published).toISOString()
          rows.push({
            slug: `story-${i}`,
            headline: `Generated story number ${i} & its <headline>`,
            body_html: `<p>Story ${i}.</p>`,
            body_text: `Story ${i}.`,
            word_count: 2,
            status: 'published' as const,
            section_id: (sections[i % sections.length] as { id: number }).id,
            feature_image_url: i % 3 === 0 ? `/media/generated/${i}.jpg` : null,
            published_at: at,
            created_at: at,
            updated_at: at,
          })
        }
        const inserted = await trx.insertInto('articles').values(rows).returning('id').execute()
        await trx.insertInto('article_authors').values(inserted.map(({ id }, n) => ({ article_id: id, author_id: (authors[n % authors.length] as { id: number }).id, position: 0 }))).execute()
        await trx.insertInto('article_tags').values(inserted.map(({ id }) => ({ article_id: id, tag_id: (tags[id % tags.length] as { id: number }).id, position: 0 }))).execute()
      }
    })
  } finally {
    await database.destroy()
  }
}

function startGazette(dataDir: string, databaseUrl: string): Promise<StartedProcess> {
  // node itself (not the tsx launcher) so that the pid measured is the server's.
  const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), '--import', 'tsx', 'src/main.ts']
  return startProcess(args, { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, GAZETTE_DEMO: '0' }, process.execPath)
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return kb / 1024
}

type Fetched = { status: number; bytes: number; ms: number; peakRssMb: number; encoding: string }

/** GETs a URL, discarding the body (slowly, when `pauseMs` is set) while sampling the server's RSS. */
function fetchMeasured(url: string, pid: number, headers: Record<string, string>, pauseMs = 0): Promise<Fetched> {
  let peak = rssMb(pid)
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 5)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (pauseMs) {
          res.pause()
          setTimeout(() => res.resume(), pauseMs)
        }
      })
      res.on('end', () => {
        clearInterval(sampler)
        resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, peakRssMb: Math.max(peak, rssMb(pid)), encoding: String(res.headers['content-encoding'] ?? 'identity') })
      })
      res.on('error', reject)
    }).on('error', reject)
  })
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-sitemap-bench-'))
  const databaseUrl = join(dataDir, 'gazette.sqlite')
  let gazette: StartedProcess | undefined
  try {
    let started = performance.now()
    await fillArchive(databaseUrl)
    console.log(`${articleCount} stories (${crowdedCount} in 2024-03), ${tagCount} topics written in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    gazette = await startGazette(dataDir, databaseUrl)
    const pid = gazette.child.pid as number
    const base = `http://127.0.0.1:${gazette.port}`
    console.log(`server RSS after start: ${rssMb(pid).toFixed(1)} MB${heapMb ? ` (V8 heap capped at ${heapMb} MB)` : ''}`)
    const identity = { 'accept-encoding': 'identity' }
    const gzip = { 'accept-encoding': 'gzip' }
    const runs: [string, string, Record<string, string>, number?][] = [
      ['index', '/sitemap.xml', identity],
      ['index (again)', '/sitemap.xml', identity],
      ['month, 50,000 URLs', '/sitemaps/articles-2024-03.xml', identity],
      ['month, 50,000 URLs, gzip', '/sitemaps/articles-2024-03.xml', gzip],
      ['month, 50,000 URLs, slow reader', '/sitemaps/articles-2024-03.xml', identity, 20],
      ['month, second file', '/sitemaps/articles-2024-03-2.xml', identity],
      ['ordinary month', '/sitemaps/articles-2015-06.xml', identity],
      ['tags', '/sitemaps/tags.xml', identity],
      ['authors', '/sitemaps/authors.xml', identity],
      ['sections', '/sitemaps/sections.xml', identity],
      ['news', '/sitemap-news.xml', identity],
    ]
    console.log('\n| request | status | encoding | bytes | ms | peak server RSS (MB) |\n|---|---|---|---|---|---|')
    for (const [name, path, headers, pauseMs] of runs) {
      const result = await fetchMeasured(base + path, pid, headers, pauseMs)
      console.log(`| ${name} | ${result.status} | ${result.encoding} | ${result.bytes} | ${result.ms.toFixed(0)} | ${result.peakRssMb.toFixed(1)} |`)
    }
    // Crawlers reading the largest file at once: a buffered body would be held once per reader.
    started = performance.now()
    const together = await Promise.all(Array.from({ length: readerCount }, () => fetchMeasured(`${base}/sitemaps/articles-2024-03.xml`, pid, identity, 5)))
    const peak = Math.max(...together.map((r) => r.peakRssMb))
    console.log(`| ${readerCount} concurrent slow readers, 50,000 URLs each | ${together.every((r) => r.status === 200) ? 200 : 'error'} | identity | ${together.reduce((sum, r) => sum + r.bytes, 0)} | ${(performance.now() - started).toFixed(0)} | ${peak.toFixed(1)} |`)
    console.log('')
    for (const path of ['/sitemap.xml', '/sitemaps/articles-2024-03.xml', '/sitemaps/tags.xml']) {
      const etag = (await fetch(base + path, { method: 'HEAD' })).headers.get('etag') ?? ''
      started = performance.now()
      const res = await fetch(base + path, { headers: { 'if-none-match': etag } })
      console.log(`conditional GET ${path}: ${res.status} in ${(performance.now() - started).toFixed(1)} ms`)
    }
    console.log(`server RSS at the end: ${rssMb(pid).toFixed(1)} MB`)
  } finally {
    await stopProcess(gazette)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
