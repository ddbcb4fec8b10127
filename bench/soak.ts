import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { root, startProcess, stopProcess, type StartedProcess } from './gazette-process.ts'

/**
 * `npm run soak -- --minutes N`: one Gazette server under mixed reads and writes for N minutes, as a
 * newsroom's day looks from outside (readers on stories, lists, search, feeds and clicks carrying
 * tracking parameters; editors creating, editing, publishing and unpublishing over the Admin API).
 * Reports errors, p50/p99 per minute and their drift, and the server's RSS growth after warm-up.
 * Exits 1 when there were errors or RSS grew by 5 % or more. Traffic goes to loopback only.
 */
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    articles: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '8' },
    database: { type: 'string' },
  },
})
const minutes = Number(args.minutes)
const connections = Number(args.connections)
if (!(minutes > 0) || !(connections > 0) || !(Number(args.articles) >= 0)) {
  console.error('Usage: npm run soak -- --minutes N [--articles N] [--connections N] [--database postgres://…]')
  process.exit(2)
}

const dataDir = mkdtempSync(join(tmpdir(), 'gazette-soak-'))
const env = {
  DATA_DIR: dataDir,
  DATABASE_URL: args.database ?? join(dataDir, 'gazette.sqlite'),
  SITE_URL: 'http://gazette.test',
  GAZETTE_DEMO: '1',
  THEME_DIR: join(dataDir, 'theme'),
  LOG_LEVEL: 'warn',
}
const cli = (cliArgs: string[], input?: string) =>
  execFileSync(join(root, 'node_modules/.bin/tsx'), ['src/cli/index.ts', ...cliArgs], { cwd: root, env: { ...process.env, ...env }, input, encoding: 'utf8' })

type Bucket = { latencies: number[]; errors: number; rssMb: number[] }
const buckets: Bucket[] = []
const errorSamples: string[] = []
const bucketOf = (at: number): Bucket => (buckets[Math.floor(at / 60_000)] ??= { latencies: [], errors: 0, rssMb: [] })

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number) : 0
}

const trackers = ['utm_source=newsletter&utm_medium=email', 'fbclid=', 'gclid=', 'mc_cid=abc&mc_eid=', 'utm_campaign=breaking']

async function main() {
  console.log(`soak: ${minutes} min, ${connections} connections, ${args.articles} stories, ${args.database ? 'PostgreSQL' : 'SQLite'}`)
  cli(['migrate'])
  if (Number(args.articles) > 0) cli(['seed', '--articles', args.articles as string])
  cli(['user', 'create', '--email', 'soak@gazette.test', '--name', 'Soak Editor', '--role', 'editor'], 'a long soak password\n')
  const token = cli(['token', 'create', '--email', 'soak@gazette.test', '--name', 'soak']).trim().split('\n').pop() as string
  let server: StartedProcess | undefined
  try {
    // Node itself with tsx as a loader (not the tsx wrapper), so the pid is the server's and so is its RSS.
    server = await startProcess(['--import', 'tsx', 'src/main.ts'], env, process.execPath)
    const base = `http://127.0.0.1:${server.port}`
    const pid = server.child.pid as number
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${base}/api/admin${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    const listed = (await (await api('GET', '/articles?status=published&page=1')).json()) as { articles: { slug: string }[] }
    const slugs = listed.articles.map((a) => a.slug)
    const sections = [...new Set((await (await fetch(`${base}/`)).text()).match(/\/section\/[a-z0-9-]+/g) ?? [])]
    const mine: { id: number; version: number; published: boolean; deleted?: boolean }[] = []
    let serial = 0

    const reads = [
      () => '/',
      () => `/articles/${slugs[Math.floor(Math.random() * slugs.length)] ?? 'missing'}`,
      () => `/articles/${slugs[Math.floor(Math.random() * slugs.length)] ?? 'missing'}?${trackers[serial % trackers.length]}${serial}`,
      () => sections[serial % sections.length] ?? '/',
      () => `${sections[serial % sections.length] ?? '/'}?utm_source=social&utm_id=${serial}`,
      () => `/search?q=${['harbour', 'election', 'council budget', 'storm'][serial % 4]}`,
      () => '/rss.xml',
      () => '/sitemap.xml',
      () => '/trending',
    ]
    /** A write, and whether its story was deleted meanwhile by another worker (then a 404 is right). */
    async function write(): Promise<[Response, boolean]> {
      const pick = Math.random()
      const story = mine[Math.floor(Math.random() * mine.length)]
      if (!story || pick < 0.3 || mine.length < 5) {
        const res = await api('POST', '/articles', { headline: `Soak story ${++serial}`, body_html: `<p>Paragraph ${serial} of the soak, about the harbour.</p>`.repeat(20), section_id: 1 })
        if (res.status === 201) {
          const body = (await res.clone().json()) as { id: number; version: number }
          mine.push({ id: body.id, version: body.version, published: false })
          if (mine.length > 200) {
            const oldest = mine.shift()!
            // Another worker may be writing to it right now: its 404 is then the right answer.
            oldest.deleted = true
            await api('DELETE', `/articles/${oldest.id}`).then((r) => r.arrayBuffer())
          }
        }
        return [res, false]
      }
      if (pick < 0.7) {
        const res = await api('PATCH', `/articles/${story.id}`, { version: story.version, dek: `Updated ${++serial}` })
        if (res.ok) story.version = ((await res.clone().json()) as { version: number }).version
        return [res, story.deleted === true]
      }
      const res = await api('POST', `/articles/${story.id}/${story.published ? 'unpublish' : 'publish'}`)
      if (res.ok) {
        story.published = !story.published
        story.version = ((await res.clone().json()) as { version: number }).version
      }
      return [res, story.deleted === true]
    }

    const started = Date.now()
    const end = started + minutes * 60_000
    const sampler = setInterval(() => bucketOf(Date.now() - started).rssMb.push(rssMbOf(pid)), 5000)
    const progress = setInterval(() => {
      // The minute that just ended.
      const minute = Math.floor((Date.now() - started) / 60_000)
      const b = buckets[minute - 1]
      if (b) console.log(`  minute ${minute}: ${b.latencies.length} requests, ${b.errors} errors, RSS ${b.rssMb.at(-1)?.toFixed(0) ?? '?'} MB`)
    }, 60_000)
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < end) {
          const t0 = performance.now()
          const isWrite = Math.random() < 0.15
          let label = ''
          try {
            let res: Response
            let gone = false
            if (isWrite) {
              label = 'write'
              ;[res, gone] = await write()
            } else {
              label = (reads[Math.floor(Math.random() * reads.length)] as () => string)()
              serial += 1
              res = await fetch(`${base}${label}`, { headers: { 'accept-encoding': 'gzip, br' } })
            }
            await res.arrayBuffer()
            // A write refused for a reason the soak causes itself (a story another worker changed) is not an error.
            const expected = res.status === 409 || (res.status === 404 && gone)
            const failed = res.status >= 500 || (!isWrite && res.status >= 400) || (isWrite && res.status >= 400 && !expected)
            if (failed) {
              bucketOf(Date.now() - started).errors += 1
              if (errorSamples.length < 20) errorSamples.push(`${res.status} ${label}`)
            }
          } catch (error) {
            bucketOf(Date.now() - started).errors += 1
            if (errorSamples.length < 20) errorSamples.push(`${label}: ${(error as Error).message}`)
          }
          bucketOf(Date.now() - started).latencies.push(performance.now() - t0)
        }
      }),
    )
    clearInterval(sampler)
    clearInterval(progress)
    report()
  } finally {
    await stopProcess(server)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function report() {
  // A request that started in the last second of the run can land in a minute of its own: leave it out.
  const rows = buckets.slice(0, minutes).map((b, i) => {
    const sorted = [...b.latencies].sort((x, y) => x - y)
    const rss = b.rssMb.length ? b.rssMb.reduce((s, v) => s + v, 0) / b.rssMb.length : NaN
    return { minute: i + 1, requests: b.latencies.length, errors: b.errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), rss }
  })
  // The first fifth (at least a minute) fills the render cache and warms the JIT. Growth and drift
  // compare the medians of the first five minutes after it with those of the last five, so one
  // sample taken during a garbage collection does not decide either.
  const warm = rows.slice(Math.max(1, Math.floor(rows.length / 5)))
  const span = Math.max(1, Math.min(5, Math.floor(warm.length / 2)))
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
  const first = { rss: median(warm.slice(0, span).map((r) => r.rss)), p99: median(warm.slice(0, span).map((r) => r.p99)) }
  const last = { rss: median(warm.slice(-span).map((r) => r.rss)), p99: median(warm.slice(-span).map((r) => r.p99)) }
  const peakRss = Math.max(...rows.map((r) => r.rss))
  const errors = rows.reduce((s, r) => s + r.errors, 0)
  const requests = rows.reduce((s, r) => s + r.requests, 0)
  const rssGrowth = ((last.rss - first.rss) / first.rss) * 100
  const p99Drift = last.p99 / first.p99
  const lines = [
    `# Soak, ${new Date().toISOString()}`,
    '',
    `${minutes} min, ${connections} connections, ${args.articles} seeded stories, ${args.database ? 'PostgreSQL' : 'SQLite'}: ${requests} requests, ${errors} errors.`,
    `RSS (median of ${span} min) after warm-up ${first.rss.toFixed(0)} MB → at the end ${last.rss.toFixed(0)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)} %), peak ${peakRss.toFixed(0)} MB; p99 ${first.p99.toFixed(1)} → ${last.p99.toFixed(1)} ms (× ${p99Drift.toFixed(2)}).`,
    '',
    '| minute | requests | errors | p50 ms | p99 ms | RSS MB |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.minute} | ${r.requests} | ${r.errors} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rss.toFixed(0)} |`),
    ...(errorSamples.length ? ['', 'First errors:', ...errorSamples.map((e) => `- ${e}`)] : []),
  ]
  const text = lines.join('\n')
  console.log(`\n${text}`)
  const dir = join(root, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  writeFileSync(join(dir, `soak-${stamp}.md`), `${text}\n`)
  writeFileSync(join(dir, `soak-${stamp}.json`), JSON.stringify({ minutes, connections, requests, errors, rssGrowthPercent: rssGrowth, peakRssMb: peakRss, p99Drift, rows }, null, 2))
  if (errors > 0 || rssGrowth >= 5) process.exitCode = 1
}

await main()
