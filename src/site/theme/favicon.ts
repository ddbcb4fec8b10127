import type { SiteSettings } from '../../content/settings/index.ts'
import { readableOn } from '../../http/theme/colors.ts'

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** The site's icon: the first letter of its name, white on the accent colour (darkened until white reads on it). */
export function faviconSvg(settings: Pick<SiteSettings, 'name' | 'accentColor'>): string {
  const letter = (Array.from(settings.name.replace(/^the\s+/i, '').trim())[0] ?? 'G').toUpperCase().replace(/[&<>"]/g, (c) => escapes[c] ?? c)
  const background = readableOn(settings.accentColor, '#ffffff')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" rx="12" fill="${background}"/>` +
    `<text x="32" y="47" font-family="Georgia,'Times New Roman',serif" font-size="44" font-weight="700" text-anchor="middle" fill="#fff">${letter}</text>` +
    `</svg>`
  )
}
