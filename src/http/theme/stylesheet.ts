import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { SiteSettings } from '../../content/settings/index.ts'
import { readableOn } from './colors.ts'
import { fontTheme } from './fonts.ts'

export type Stylesheet = { path: string; body: Buffer }

export const lightPaper = '#fffdf9'
export const darkPaper = '#151413'

const baseCss = readFileSync(new URL('../../site/assets/site.css', import.meta.url), 'utf8')

// Only a handful of themes exist at a time (one per accent/font a site has used since start).
const sheetsByKey = new Map<string, Stylesheet>()
const sheetsByPath = new Map<string, Stylesheet>()
const maxSheets = 32

type ThemeChoice = Pick<SiteSettings, 'accentColor' | 'font'>

/**
 * The public stylesheet for a theme: the accent and fonts chosen in settings, in front of the base
 * sheet, under an address that carries a hash of the content so it can be cached forever.
 */
export function themeStylesheet({ accentColor, font }: ThemeChoice): Stylesheet {
  const key = `${accentColor}|${font}`
  const cached = sheetsByKey.get(key)
  if (cached) return cached
  const fonts = fontTheme(font)
  const variables =
    `:root{--accent:${readableOn(accentColor, lightPaper)};--accent-dark:${readableOn(accentColor, darkPaper)};` +
    `--serif:${fonts.serif};--sans:${fonts.sans}}`
  const body = Buffer.from(`${fonts.css}\n${variables}\n${baseCss}`)
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  const sheet = { path: `/assets/site.${hash}.css`, body }
  if (sheetsByKey.size >= maxSheets) {
    sheetsByKey.clear()
    sheetsByPath.clear()
  }
  sheetsByKey.set(key, sheet)
  sheetsByPath.set(sheet.path, sheet)
  return sheet
}

export function findThemeStylesheet(path: string): Stylesheet | undefined {
  return sheetsByPath.get(path)
}
