import type { Db } from '../db/connection.ts'
import { listSections, type Section } from '../content/sections.ts'
import { copyrightYears, defaultSiteSettings, getSiteSettings, type SiteSettings } from '../content/settings.ts'
import { themeStylesheet } from './theme/stylesheet.ts'

/** What every public page shows around its content: masthead, section navigation, footer. */
export type SiteChrome = {
  settings: SiteSettings
  sections: Section[]
  copyright: string
  siteUrl: string
  stylesheet: string
}

export async function loadSiteChrome(db: Db, siteUrl: string): Promise<SiteChrome> {
  const [settings, sections, years] = await Promise.all([getSiteSettings(db), listSections(db), copyrightYears(db)])
  return { settings, sections, copyright: copyrightLine(years, settings), siteUrl, stylesheet: themeStylesheet(settings).path }
}

/** Chrome for error pages when the database itself is what failed. */
export function fallbackChrome(siteUrl: string): SiteChrome {
  const years = String(new Date().getUTCFullYear())
  const settings = defaultSiteSettings
  return { settings, sections: [], copyright: copyrightLine(years, settings), siteUrl, stylesheet: themeStylesheet(settings).path }
}

function copyrightLine(years: string, settings: SiteSettings): string {
  return `© ${years} ${settings.copyrightHolder || settings.name}`
}
