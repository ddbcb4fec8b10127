import type { Db } from '../db/connection.ts'
import { changeTags, type ChangeBus } from '../content/changes/index.ts'
import { listSections, type Section } from '../content/taxonomy/index.ts'
import { copyrightYears, defaultSiteSettings, getSiteSettings, type SiteSettings } from '../content/settings/index.ts'
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

/**
 * The chrome is the same on every page and changes only with the settings, the sections or the
 * archive's years (a story entering or leaving the lists): it is read once and kept until a change
 * that can move it is announced, here or (relayed) on another server, so a page that misses the
 * render cache reads only its own content.
 */
export function siteChromeCache(db: Db, siteUrl: string, changes: ChangeBus): { load: () => Promise<SiteChrome>; stop: () => void } {
  let current: Promise<SiteChrome> | null = null
  const stop = changes.on((tags) => {
    if (tags.includes(changeTags.site) || tags.includes(changeTags.allLists)) current = null
  })
  const load = () => {
    if (current) return current
    const loading = loadSiteChrome(db, siteUrl)
    current = loading
    // A failed read is not kept: the next page tries again.
    loading.catch(() => {
      if (current === loading) current = null
    })
    return loading
  }
  return { load, stop }
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
