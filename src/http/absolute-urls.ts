/** A site-relative address (`/media/…`) made absolute; absolute ones are returned as they are. */
export function absoluteUrl(siteUrl: string, url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? siteUrl + url : url
}

/**
 * Makes the site-relative addresses in sanitized article HTML absolute, for readers outside the site
 * (feed readers resolve relative links inconsistently, many not at all). Sanitized HTML always quotes
 * attributes with `"`, so attribute-level rewriting is exact here; protocol-relative `//` never gets
 * through the sanitizer, and other absolute URLs are left alone.
 */
export function absoluteUrlsInHtml(html: string, siteUrl: string): string {
  return html
    .replace(/\b(href|src|cite)="\/(?!\/)/g, `$1="${siteUrl}/`)
    .replace(/\bsrcset="([^"]*)"/g, (_match, list: string) => `srcset="${absoluteSrcset(list, siteUrl)}"`)
}

function absoluteSrcset(list: string, siteUrl: string): string {
  return list
    .split(',')
    .map((candidate) => candidate.trim().replace(/^\/(?!\/)/, `${siteUrl}/`))
    .join(', ')
}
