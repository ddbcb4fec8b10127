/**
 * `npm run bench`: drives a real Gazette server over loopback with autocannon and compares every route
 * with a bare node:http hello-world measured in the same run. Prints a table and writes it to
 * bench/results/.
 *
 * Options: --seconds N (per route, default 5), --connections N (default 50), --articles N (extra
 * generated articles on top of the demo story, default 500).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { root, startProcess } from './gazette-process.ts'
import { generateBenchArticles } from './generate.ts'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    articles: { type: 'string', default: '500' },
  },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const articleCount = Number(values.articles)

type Row = { name: string; path: string; reqPerSec: number; ratio: number; p50: number; p99: number; gzipBytes: number; rssMb: number; non2xx: number }

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

async function measure(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers })
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-bench-'))
  const databaseUrl = join(dataDir, 'gazette.sqlite')
  const rows: Row[] = []
  const hello = await startProcess(['bench/hello.ts'])
  let gazette: { child: ChildProcess; port: number } | undefined
  try {
    const baseline = await measure(`http://127.0.0.1:${hello.port}/`)
    rows.push({ name: 'node:http hello-world', path: '/', ...baseline, ratio: 1, gzipBytes: 13, rssMb: rssMb(hello.child.pid) })
    hello.child.kill()

    // The first start migrates and loads the demo story; then the archive is filled in.
    gazette = await startProcess(['src/main.ts'], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl })
    gazette.child.kill()
    await new Promise((resolve) => gazette?.child.once('exit', resolve))
    const sample = await generateBenchArticles(databaseUrl, articleCount)
    gazette = await startProcess(['src/main.ts'], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl })
    const base = `http://127.0.0.1:${gazette.port}`

    const routes = [
      { name: 'home page', path: '/' },
      { name: 'article page', path: `/articles/${sample.articleSlug}` },
      { name: 'section page', path: `/section/${sample.sectionSlug}` },
      { name: 'section page, deep', path: `/section/${sample.sectionSlug}?page=${sample.deepPage}` },
      { name: 'RSS feed', path: '/rss.xml' },
      { name: 'sitemap.xml', path: '/sitemap.xml' },
    ]
    for (const route of routes) {
      const body = Buffer.from(await (await fetch(base + route.path)).arrayBuffer())
      const result = await measure(base + route.path, { 'accept-encoding': 'gzip' })
      rows.push({ ...route, ...result, ratio: result.reqPerSec / baseline.reqPerSec, gzipBytes: gzipSync(body).length, rssMb: rssMb(gazette.child.pid) })
    }
  } finally {
    hello.child.kill()
    gazette?.child.kill()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const table = formatTable(rows)
  console.log(table)
  const resultsDir = join(root, 'bench/results')
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.md`)
  writeFileSync(file, `# Gazette benchmark\n\n${seconds}s per route, ${connections} connections, ${articleCount + 1} articles (SQLite).\n\n${table}\n`)
  console.log(`\nWritten to ${file}`)
}

function formatTable(rows: Row[]): string {
  const header = '| route | req/s | × hello-world | p50 ms | p99 ms | gzip bytes | server RSS MB | non-2xx |'
  const line = '|---|---:|---:|---:|---:|---:|---:|---:|'
  const body = rows.map(
    (r) =>
      `| ${r.name} \`${r.path}\` | ${Math.round(r.reqPerSec)} | ${r.ratio.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.gzipBytes} | ${r.rssMb.toFixed(0)} | ${r.non2xx} |`,
  )
  return [header, line, ...body].join('\n')
}

await main()
