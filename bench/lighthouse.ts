/**
 * `npm run bench:lighthouse`: Lighthouse (performance, accessibility, best practices, SEO) on the home
 * and article pages of a real Gazette server, in Debian's Chromium, on a phone and a desktop, beside the
 * reader budget (gzipped HTML and CSS). Prints a table, what cost points, and writes Markdown, a JSON
 * summary and the full Lighthouse reports to bench/results/.
 *
 * The server is started as `npm run bench` starts it: a fresh SQLite database with the demo story, then
 * generated articles, the newest of them with library photos.
 *
 * Options: --articles N (generated articles, default 100), --images N (of which with photos, default 8),
 * --form-factors mobile,desktop (default both), --runs N (Lighthouse runs per page, median reported,
 * default 1), --strict (exit 1 when a score is under 95 or the budget is exceeded).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateReport } from 'lighthouse'
import { formatKb, measurePage, readerBudget, type PageWeight } from '../test/helpers/page-weight.ts'
import { freePort, lighthouseCategories, launchAuditBrowser, runLighthouse, type FormFactor, type LighthouseAudit, type LighthouseCategory, type LostPoints } from '../test/helpers/lighthouse.ts'
import { demoSlug } from '../test/helpers/reader-pages.ts'
import { root, startProcess, stopProcess, type StartedProcess } from './gazette-process.ts'
import { generateBenchArticles } from './generate.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100' },
    images: { type: 'string', default: '8' },
    'form-factors': { type: 'string', default: 'mobile,desktop' },
    runs: { type: 'string', default: '1' },
    strict: { type: 'boolean', default: false },
  },
})
const articleCount = Number(values.articles)
const imageCount = Number(values.images)
const runs = Math.max(1, Number(values.runs))
const formFactors = values['form-factors'].split(',').map((f) => f.trim()) as FormFactor[]
for (const f of formFactors) if (f !== 'mobile' && f !== 'desktop') throw new Error(`--form-factors: ${f} is neither mobile nor desktop`)

const minimumScore = 95
const pages = [
  { name: 'home', path: '/' },
  { name: 'article', path: `/articles/${demoSlug}` },
]

type Row = {
  page: string
  path: string
  formFactor: FormFactor
  /** The median run by performance: its scores are the ones reported. */
  audit: LighthouseAudit
  runScores: LighthouseAudit['scores'][]
  /** What cost points in any run, with in how many runs it did: an intermittent failure is still one. */
  lostPoints: (LostPoints & { runs: number })[]
  weight: PageWeight
  thirdParty: string[]
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-lighthouse-'))
  const databaseUrl = join(dataDir, 'gazette.sqlite')
  // SITE_URL is the audited origin, so canonical links and the sitemap point where Lighthouse looks.
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: String(port), SITE_URL: base }
  let gazette: StartedProcess | undefined
  let chrome: Awaited<ReturnType<typeof launchAuditBrowser>> | undefined
  const rows: Row[] = []
  try {
    // The first start migrates and loads the demo story; then the archive is filled in.
    gazette = await startProcess(['src/main.ts'], env)
    await stopProcess(gazette)
    await generateBenchArticles(databaseUrl, articleCount, { featureImages: { count: imageCount, mediaDir: join(dataDir, 'media') } })
    gazette = await startProcess(['src/main.ts'], env)

    chrome = await launchAuditBrowser()
    for (const page of pages) {
      const url = base + page.path
      const weight = await measurePage(url)
      if (weight.html.status !== 200) throw new Error(`${url} answered ${weight.html.status}`)
      for (const formFactor of formFactors) {
        const audits: LighthouseAudit[] = []
        for (let run = 0; run < runs; run++) audits.push(await runLighthouse(chrome, url, { formFactor }))
        const audit = medianRun(audits)
        const thirdParty = audit.requests.filter((r) => !r.startsWith('data:') && new URL(r).origin !== base)
        rows.push({ page: page.name, path: page.path, formFactor, audit, runScores: audits.map((a) => a.scores), lostPoints: mergeLostPoints(audits), weight, thirdParty })
        console.log(`${page.name} (${formFactor}): ${lighthouseCategories.map((c) => `${c} ${audit.scores[c] ?? '–'}`).join(', ')}`)
      }
    }
  } finally {
    chrome?.kill()
    await stopProcess(gazette)
    rmSync(dataDir, { recursive: true, force: true })
  }

  const table = formatTable(rows)
  const lost = formatLostPoints(rows)
  const problems = findProblems(rows)
  console.log(`\n${table}\n\n${lost}\n\n${problems.length ? `Below the budget:\n${problems.map((p) => `- ${p}`).join('\n')}` : `Every score ≥ ${minimumScore}; within the budget.`}`)

  const resultsDir = join(root, 'bench/results')
  mkdirSync(resultsDir, { recursive: true })
  const stamp = `lighthouse-${new Date().toISOString().replace(/[:.]/g, '-')}`
  const header = `# Gazette Lighthouse\n\nLighthouse ${rows[0]?.audit.lhr.lighthouseVersion ?? ''} in ${rows[0]?.audit.lhr.environment.hostUserAgent ?? 'Chromium'}; ${articleCount + 1} articles (SQLite), ${runs} run(s) per page (median by performance). Budget: scores ≥ ${minimumScore}; article HTML ≤ ${formatKb(readerBudget.articleHtmlGzipBytes)} and CSS ≤ ${formatKb(readerBudget.cssGzipBytes)} gzipped.\n\n`
  writeFileSync(join(resultsDir, `${stamp}.md`), `${header}${table}\n\n${lost}\n\n${problems.length ? `## Below the budget\n\n${problems.map((p) => `- ${p}`).join('\n')}` : 'Every score ≥ 95; within the budget.'}\n`)
  const summary = rows.map(({ audit, weight, runScores, lostPoints, ...row }) => ({
    ...row,
    scores: audit.scores,
    runScores,
    htmlGzipBytes: weight.html.wireBytes,
    cssBytes: weight.cssWireBytes,
    cssGzipBytes: weight.cssGzipBytes,
    lostPoints,
    requests: audit.requests,
    warnings: audit.warnings,
  }))
  writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify({ problems, rows: summary }, null, 2)}\n`)
  for (const row of rows) writeFileSync(join(resultsDir, `${stamp}-${row.page}-${row.formFactor}.html`), generateReport(row.audit.lhr, 'html'))
  console.log(`\nWritten to ${join(resultsDir, stamp)}.{md,json} and one HTML report per page and form factor.`)
  if (values.strict && problems.length) process.exitCode = 1
}

/** The run with the median performance score (the first when performance was not run). */
function medianRun(audits: LighthouseAudit[]): LighthouseAudit {
  const sorted = [...audits].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0))
  return sorted[Math.floor((sorted.length - 1) / 2)] as LighthouseAudit
}

/** Each audit that cost points in any run, at its worst score, worst first. */
function mergeLostPoints(audits: LighthouseAudit[]): Row['lostPoints'] {
  const byId = new Map<string, Row['lostPoints'][number]>()
  for (const audit of audits) {
    for (const lost of audit.lostPoints) {
      const key = `${lost.category}/${lost.id}`
      const seen = byId.get(key)
      if (!seen) byId.set(key, { ...lost, runs: 1 })
      else byId.set(key, { ...(lost.score < seen.score ? lost : seen), runs: seen.runs + 1 })
    }
  }
  return [...byId.values()].sort((a, b) => b.weight * (1 - b.score) - a.weight * (1 - a.score))
}

function findProblems(rows: Row[]): string[] {
  const problems: string[] = []
  for (const row of rows) {
    for (const category of lighthouseCategories) {
      const score = row.audit.scores[category]
      if (score == null || score < minimumScore) problems.push(`${row.page} (${row.formFactor}) ${category}: ${score ?? 'not scored'}`)
    }
    if (row.thirdParty.length) problems.push(`${row.page}: requests to other origins: ${row.thirdParty.join(', ')}`)
    if (row.weight.scripts) problems.push(`${row.page}: ${row.weight.scripts} <script> element(s)`)
  }
  const article = rows.find((r) => r.page === 'article')
  if (article && article.weight.html.wireBytes > readerBudget.articleHtmlGzipBytes) problems.push(`article HTML ${formatKb(article.weight.html.wireBytes)} gzipped`)
  if (article && article.weight.cssWireBytes > readerBudget.cssGzipBytes) problems.push(`article CSS ${formatKb(article.weight.cssWireBytes)} as downloaded`)
  return [...new Set(problems)]
}

const labels: Record<LighthouseCategory, string> = { performance: 'performance', accessibility: 'accessibility', 'best-practices': 'best practices', seo: 'SEO' }

function formatTable(rows: Row[]): string {
  const score = (s: number | null | undefined) => (s == null ? '–' : s < minimumScore ? `**${s}**` : String(s))
  const cell = (r: Row, c: LighthouseCategory) => {
    const all = r.runScores.map((run) => run[c] ?? 0)
    const [low, high] = [Math.min(...all), Math.max(...all)]
    return low === high ? score(r.audit.scores[c]) : `${score(r.audit.scores[c])} (${low}–${high})`
  }
  const header = `| page | form factor | ${lighthouseCategories.map((c) => labels[c]).join(' | ')} | HTML gzip | CSS as sent (gzip) | requests | other origins |`
  const line = `|---|---|${lighthouseCategories.map(() => '---:').join('|')}|---:|---:|---:|---:|`
  const body = rows.map((r) => {
    const css = `${formatKb(r.weight.cssWireBytes)} (${formatKb(r.weight.cssGzipBytes)})`
    return `| ${r.page} \`${r.path}\` | ${r.formFactor} | ${lighthouseCategories.map((c) => cell(r, c)).join(' | ')} | ${formatKb(r.weight.html.wireBytes)} | ${css} | ${r.audit.requests.length} | ${r.thirdParty.length} |`
  })
  return [header, line, ...body].join('\n')
}

function formatLostPoints(rows: Row[]): string {
  const sections = rows.map((r) => {
    const lost = r.lostPoints.slice(0, 12).map((l) => {
      const items = l.items.slice(0, 3).map((item) => `\n  - \`${item.replace(/`/g, "'").slice(0, 200)}\``).join('')
      const runsNote = runs > 1 ? `, in ${l.runs} of ${runs} runs` : ''
      return `- ${labels[l.category]}: **${l.id}** (score ${l.score.toFixed(2)}, weight ${l.weight}${runsNote})${l.displayValue ? ` ${l.displayValue}` : ''}: ${l.title}${items}`
    })
    return `### ${r.page} (${r.formFactor})\n\n${lost.length ? lost.join('\n') : 'Nothing lost points.'}`
  })
  return `## What cost points, worst first\n\n${sections.join('\n\n')}`
}

await main()
