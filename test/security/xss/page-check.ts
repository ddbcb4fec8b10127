/**
 * What the XSS suite looks for in a page loaded in Chromium. Both scripts run in the page; the suite
 * compiles without the DOM library, so they are kept as source text.
 */

/** The name of the binding (Playwright's exposeBinding) the marker global reports to, from any frame. */
export const reportBinding = '__xssReport'

/**
 * Runs before any of the page's own script, in every frame: setting the marker global `__xss` (what
 * the corpus's scripts do when they are not calling alert) is reported at once to the test.
 */
export const markerInitScript = `(() => {
  const report = (what) => { try { window.${reportBinding}(String(what) + ' at ' + location.href) } catch {} }
  try {
    Object.defineProperty(window, '__xss', { configurable: false, get() { return undefined }, set(v) { report('__xss=' + v) } })
  } catch {}
})()`

/** A risky element or attribute found in a page, and where. */
export type PageInspection = {
  /** One signature per element that can run or load code, send a form or move the page: compared with a clean page of the same kind. */
  risky: string[]
  /** Always an injection, whatever the template: an `on…` attribute, a javascript:/vbscript:/data: address, srcdoc, script-carrying style. */
  findings: string[]
}

/**
 * Lists the page's risky elements as signatures (`form|post|/admin/articles/N/corrections`) and every
 * attribute no Gazette template writes. Digits in paths become N and query strings are dropped, so a
 * signature names the template's element, not the row it was rendered for. A `data-from` ancestor
 * (the reader sandbox) is named in findings, so a failure says which field it came from.
 */
export const inspectPageScript = `(${inspectorSource()})(document, location.href, '')`

/**
 * In-page: parses each HTML field into a document of its own (DOMParser: nothing in it runs or loads)
 * and inspects it. A field has no template, so every risky element in it is unexpected.
 */
export const inspectFieldsScript = (fields: { from: string; html: string }[]) => `(() => {
  const inspect = ${inspectorSource()}
  const risky = []
  const findings = []
  for (const field of ${JSON.stringify(fields)}) {
    const doc = new DOMParser().parseFromString(field.html, 'text/html')
    const found = inspect(doc, location.href, field.from)
    findings.push(...found.findings, ...found.risky.map((signature) => field.from + ': ' + signature))
  }
  return { risky, findings }
})()`

function inspectorSource(): string {
  return `(doc, pageUrl, label) => {
  const riskyTags = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'form', 'style', 'link', 'animate', 'set', 'animatetransform', 'animatemotion', 'handler', 'listener'])
  const markupNamespaces = new Set(['http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML'])
  const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'lowsrc', 'dynsrc', 'codebase', 'code', 'archive', 'classid', 'cite', 'longdesc', 'ping', 'to', 'from', 'by', 'manifest', 'icon', 'srcset', 'imagesrcset'])
  const where = (el) => el.localName + (label ? ' in ' + label : '')
  const place = (value) => {
    if (value === null || value === undefined) return ''
    try {
      const url = new URL(value, pageUrl)
      return url.origin + url.pathname.replace(/[0-9]+/g, 'N')
    } catch {
      return 'unparsable:' + value
    }
  }
  const scriptAddress = /^(javascript|vbscript|livescript):/
  const risky = []
  const findings = []
  for (const el of doc.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase()
    const markup = markupNamespaces.has(el.namespaceURI)
    if (markup && (riskyTags.has(tag) || (tag === 'meta' && el.hasAttribute('http-equiv')))) {
      const attr = (name) => (el.getAttribute(name) || '').trim().toLowerCase()
      const target = tag === 'form' ? place(el.getAttribute('action') ?? pageUrl)
        : tag === 'link' ? place(el.getAttribute('href')).replace(/^(https?:\\/\\/[^/]+).*$/, '$1')
        : tag === 'meta' ? attr('content').replace(/[0-9]+/g, 'N')
        : place(el.getAttribute('src') ?? el.getAttribute('href') ?? el.getAttribute('data') ?? el.getAttribute('xlink:href'))
      risky.push([tag, attr('type'), attr('rel'), attr('http-equiv'), tag === 'form' ? attr('method') || 'get' : '', target].join('|'))
    }
    for (const { name: rawName, value } of el.attributes) {
      const name = rawName.toLowerCase()
      const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name
      const compact = value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase()
      const say = (why) => findings.push(where(el) + '[' + rawName + '="' + value.slice(0, 120) + '"]: ' + why)
      if (local.startsWith('on')) say('event handler attribute')
      else if (local === 'srcdoc') say('srcdoc')
      else if (local === 'formaction') say('formaction')
      else if (local === 'style' && /expression\\(|javascript:|vbscript:|-moz-binding|behavior:/.test(compact)) say('script in style')
      else if (tag === 'meta' && local === 'content') {
        if (el.hasAttribute('http-equiv') && /url=(javascript|vbscript|data):/.test(compact)) say('script address in a refresh')
      } else if (local === 'values') {
        if (compact.split(';').some((v) => scriptAddress.test(v))) say('script address in an animation')
      } else if (urlAttributes.has(local)) {
        if (scriptAddress.test(compact)) say('script address')
        else if (compact.startsWith('data:') && !(['img', 'source', 'image'].includes(tag) && /^data:image\\/(png|gif|jpe?g|webp|avif);/.test(compact))) say('data: address')
      }
    }
  }
  return { risky, findings }
}`
}

/**
 * The risky elements of a page that its kind's clean page does not have: a signature it never had, or
 * more of an element than it had (scripts, styles, metas and the like come in fixed numbers; forms and
 * links vary with the rows shown, so only their signatures are compared).
 */
export function unexpectedElements(risky: string[], baseline: Map<string, number> | undefined): string[] {
  if (!baseline) return [`no clean page of this kind to compare with (${risky.length} risky elements)`]
  const counts = new Map<string, number>()
  for (const signature of risky) counts.set(signature, (counts.get(signature) ?? 0) + 1)
  const unexpected: string[] = []
  for (const [signature, count] of counts) {
    const allowed = baseline.get(signature)
    const variable = signature.startsWith('form|') || signature.startsWith('link|')
    if (allowed === undefined) unexpected.push(`${signature} (not in the clean page)`)
    else if (!variable && count > allowed) unexpected.push(`${signature} ×${count} (clean page: ${allowed})`)
  }
  return unexpected
}

/** Adds a clean page's signatures to its kind's baseline (the largest count seen of each). */
export function learnBaseline(baseline: Map<string, number>, risky: string[]): void {
  const counts = new Map<string, number>()
  for (const signature of risky) counts.set(signature, (counts.get(signature) ?? 0) + 1)
  for (const [signature, count] of counts) baseline.set(signature, Math.max(baseline.get(signature) ?? 0, count))
}
