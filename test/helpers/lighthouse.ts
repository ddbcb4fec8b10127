import { launch, type LaunchedChrome } from 'chrome-launcher'
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse'
import { chromiumArgs, chromiumPath } from './chromium.ts'

export const lighthouseCategories = ['performance', 'accessibility', 'best-practices', 'seo'] as const
export type LighthouseCategory = (typeof lighthouseCategories)[number]
export type FormFactor = 'mobile' | 'desktop'

/** An audit that cost its category points, with where on the page when Lighthouse says. */
export type LostPoints = {
  category: LighthouseCategory
  id: string
  title: string
  /** 0–1, as Lighthouse scores it; the category loses `weight × (1 − score)` of its weighted total. */
  score: number
  weight: number
  displayValue?: string
  /** Selectors, URLs or snippets of the first few items Lighthouse lists. */
  items: string[]
}

export type LighthouseAudit = {
  url: string
  formFactor: FormFactor
  /** 0–100; null when Lighthouse could not score the category (it says why in `warnings`). */
  scores: Partial<Record<LighthouseCategory, number | null>>
  lostPoints: LostPoints[]
  /** Every URL the page requested while Lighthouse loaded it. */
  requests: string[]
  warnings: string[]
  lhr: Result
}

/**
 * Chromium for Lighthouse, started by chrome-launcher (which adds its own quiet-browser flags to ours):
 * Lighthouse drives it over the DevTools port. One browser serves every audit of a run.
 */
export function launchAuditBrowser(): Promise<LaunchedChrome> {
  return launch({ chromePath: chromiumPath, chromeFlags: chromiumArgs, logLevel: 'silent' })
}

/**
 * Runs Lighthouse on one URL. `mobile` is Lighthouse's default (a mid-range phone on slow 4G,
 * simulated from a fast load, so scores depend little on this machine's network); `desktop` is its
 * desktop preset. Error reporting to Lighthouse's maintainers is a CLI feature the Node API never starts,
 * and the page's own origin is the only one Chromium can resolve (chromiumArgs).
 */
export async function runLighthouse(
  chrome: LaunchedChrome,
  url: string,
  options: { formFactor?: FormFactor; categories?: readonly LighthouseCategory[] } = {},
): Promise<LighthouseAudit> {
  const formFactor = options.formFactor ?? 'mobile'
  const categories = options.categories ?? lighthouseCategories
  const flags: Flags = { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: [...categories] }
  const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined)
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`)
  const { lhr } = result
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)

  const scores: LighthouseAudit['scores'] = {}
  const lostPoints: LostPoints[] = []
  for (const category of categories) {
    const result = lhr.categories[category]
    scores[category] = result?.score == null ? null : Math.round(result.score * 100)
    for (const ref of result?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id]
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue
      lostPoints.push({ category, id: ref.id, title: audit.title, score: audit.score, weight: ref.weight, displayValue: audit.displayValue, items: detailItems(audit.details) })
    }
  }
  lostPoints.sort((a, b) => b.weight * (1 - b.score) - a.weight * (1 - a.score))
  const requestItems = (lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)?.items ?? []
  return {
    url,
    formFactor,
    scores,
    lostPoints,
    requests: requestItems.map((item) => item.url ?? '').filter(Boolean),
    warnings: lhr.runWarnings,
    lhr,
  }
}

/** The first few things an audit points at: DOM selectors with a snippet, or URLs. */
function detailItems(details: unknown): string[] {
  const items = (details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []
  return items.slice(0, 5).map((item) => {
    const node = item.node as { selector?: string; snippet?: string; explanation?: string } | undefined
    if (node?.selector) return `${node.selector} ${node.snippet ?? ''}${node.explanation ? ` — ${node.explanation.replace(/\s+/g, ' ')}` : ''}`.trim()
    if (typeof item.url === 'string') return item.url
    if (typeof item.source === 'object' && item.source && 'url' in item.source) return String((item.source as { url: unknown }).url)
    const location = item.sourceLocation as { url?: string } | undefined
    if (typeof item.description === 'string') return location?.url ? `${item.description} (${location.url})` : item.description
    return JSON.stringify(item).slice(0, 160)
  })
}

/** The lost points as an indented list, worst first. */
export function describeLostPoints(audit: LighthouseAudit, categories: readonly LighthouseCategory[] = lighthouseCategories): string {
  return audit.lostPoints
    .filter((lost) => categories.includes(lost.category))
    .map((lost) => {
      const items = lost.items.map((item) => `\n      ${item}`).join('')
      return `  ${lost.category} / ${lost.id} (score ${lost.score.toFixed(2)}, weight ${lost.weight})${lost.displayValue ? ` ${lost.displayValue}` : ''}: ${lost.title}${items}`
    })
    .join('\n')
}

/** Chosen before the server starts, so SITE_URL (and so each canonical link) is the audited origin. */
export { freePort } from './free-port.ts'
