import { get } from 'node:http'
import { gunzipSync, gzipSync } from 'node:zlib'
import * as cheerio from 'cheerio'

/**
 * The reader budget from the reader-experience issue. KB is read as 1,000 bytes, the stricter of the
 * two readings.
 */
export const readerBudget = {
  articleHtmlGzipBytes: 15_000,
  cssGzipBytes: 30_000,
}

export type Transfer = {
  url: string
  status: number
  contentType: string
  /** Content-Encoding as sent: `gzip`, or `identity` when the server did not compress. */
  encoding: string
  /** Bytes on the wire for a client that accepts gzip (and nothing better): what the budget counts. */
  wireBytes: number
  /** The decoded body. */
  rawBytes: number
  /** The decoded body gzipped at level 6, as the server compresses: what it would weigh compressed. */
  gzipBytes: number
  text: string
}

/** GETs a URL as a browser that accepts only gzip, keeping the size on the wire and the decoded text. */
export function fetchGzipped(url: string): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { 'accept-encoding': 'gzip', accept: 'text/html,text/css,*/*', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126 gazette-budget' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const wire = Buffer.concat(chunks)
        const encoding = res.headers['content-encoding'] ?? 'identity'
        if (encoding !== 'gzip' && encoding !== 'identity') return reject(new Error(`${url}: unexpected Content-Encoding ${encoding} for a gzip-only client`))
        const body = encoding === 'gzip' ? gunzipSync(wire) : wire
        resolve({
          url,
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          encoding,
          wireBytes: wire.length,
          rawBytes: body.length,
          gzipBytes: gzipSync(body, { level: 6 }).length,
          text: body.toString('utf8'),
        })
      })
    })
    request.on('error', reject)
  })
}

export type PageWeight = {
  html: Transfer
  /** Every stylesheet the page links, and every sheet those @import. */
  stylesheets: Transfer[]
  cssWireBytes: number
  cssGzipBytes: number
  /** `<script>` elements that would run, inline or not (JSON-LD data blocks never run and are not counted). */
  scripts: number
  /** Elements carrying an inline event handler attribute (`onclick=` …), which are script too. */
  inlineHandlers: number
}

/** Fetches a page and the stylesheets it needs, as a first-time reader's browser would. */
export async function measurePage(url: string): Promise<PageWeight> {
  const html = await fetchGzipped(url)
  const $ = cheerio.load(html.text)
  const pending = $('link[rel~="stylesheet"][href]')
    .map((_, el) => new URL($(el).attr('href') as string, url).href)
    .get()
  const stylesheets: Transfer[] = []
  const seen = new Set<string>()
  while (pending.length > 0) {
    const next = pending.shift() as string
    if (seen.has(next)) continue
    seen.add(next)
    const sheet = await fetchGzipped(next)
    stylesheets.push(sheet)
    for (const match of sheet.text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/g)) pending.push(new URL(match[1] as string, next).href)
  }
  const inlineHandlers = $('*').filter((_, el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}).some((name) => /^on/i.test(name))).length
  return {
    html,
    stylesheets,
    cssWireBytes: stylesheets.reduce((sum, s) => sum + s.wireBytes, 0),
    cssGzipBytes: stylesheets.reduce((sum, s) => sum + s.gzipBytes, 0),
    scripts: $('script:not([type="application/ld+json"])').length,
    inlineHandlers,
  }
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`
}
