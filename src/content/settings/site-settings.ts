import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceChange, changeTags } from '../changes/index.ts'
import { publicationYears } from '../published/index.ts'
import { addressField, parseInput } from '../shared/index.ts'
import { canManageSettings, type Actor } from '../accounts/index.ts'
import { ForbiddenError } from '../../errors.ts'

export const socialNetworks = ['x', 'facebook', 'instagram', 'linkedin', 'youtube', 'tiktok', 'mastodon', 'bluesky', 'threads', 'whatsapp'] as const

const socialLink = z.object({
  network: z.enum(socialNetworks),
  url: z.url({ protocol: /^https?$/ }).max(500),
})
export type SocialLink = z.infer<typeof socialLink>

/** Self-hosted type pairings a site can choose without touching code; `system` downloads no font at all. */
export const fontChoices = ['system', 'source', 'merriweather', 'lora'] as const
export type FontChoice = (typeof fontChoices)[number]

/** `newspaper`: lead story, secondary stories and section rails; `river`: one stream of the latest stories. */
export const frontLayouts = ['newspaper', 'river'] as const
export type FrontLayout = (typeof frontLayouts)[number]

const siteSettingsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(500),
  language: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, 'must be a language tag such as en or en-gb'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
  copyrightHolder: z.string().trim().max(200),
  logoUrl: addressField,
  socialLinks: z.array(socialLink).max(20),
  accentColor: z.string().trim().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #a4161a').transform((v) => v.toLowerCase()),
  font: z.enum(fontChoices),
  frontLayout: z.enum(frontLayouts),
  frontSectionRails: z.coerce.number().int().min(0).max(12),
  showTrending: z.boolean(),
})
export type SiteSettings = z.infer<typeof siteSettingsSchema>

export const defaultSiteSettings: SiteSettings = {
  name: 'Gazette',
  description: 'Independent news.',
  language: 'en',
  timezone: 'UTC',
  copyrightHolder: '',
  logoUrl: '',
  socialLinks: [],
  accentColor: '#a4161a',
  font: 'system',
  frontLayout: 'newspaper',
  frontSectionRails: 4,
  showTrending: true,
}

const settingKeys = Object.keys(defaultSiteSettings) as (keyof SiteSettings)[]

/** Stored settings over the defaults; a value that no longer validates falls back to its default. */
export async function getSiteSettings(db: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom('site_settings').select(['key', 'value']).execute()
  const settings: Record<string, unknown> = { ...defaultSiteSettings }
  for (const { key, value } of rows) {
    if (!(settingKeys as string[]).includes(key)) continue
    const field = siteSettingsSchema.shape[key as keyof SiteSettings]
    const parsed = field.safeParse(safeJson(value))
    if (parsed.success) settings[key] = parsed.data
  }
  return settings as SiteSettings
}

export async function updateSiteSettings(db: Db, patch: Partial<SiteSettings>): Promise<SiteSettings> {
  const data = parseInput(siteSettingsSchema.partial(), patch, 'settings')
  await inTransaction(db, async (trx) => {
    for (const key of settingKeys) {
      if (data[key] === undefined) continue
      const value = JSON.stringify(data[key])
      await trx
        .insertInto('site_settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute()
    }
    announceChange(trx, [changeTags.site])
  })
  return getSiteSettings(db)
}

/** The admin-facing change: only administrators may change site settings. */
export async function changeSiteSettings(db: Db, actor: Actor, patch: Partial<SiteSettings>): Promise<SiteSettings> {
  if (!canManageSettings(actor)) throw new ForbiddenError('Only administrators can change site settings.')
  return updateSiteSettings(db, patch)
}

/** True once any setting was stored: a fresh install has none. */
export async function hasStoredSettings(db: Db): Promise<boolean> {
  const row = await db.selectFrom('site_settings').select('key').limit(1).executeTakeFirst()
  return row !== undefined
}

/**
 * The copyright line's years come from the archive: first to last publication ("2018–2024"), a single
 * year when they match, the current year on a site with nothing published yet.
 */
export async function copyrightYears(db: Db, now: Date = new Date()): Promise<string> {
  const years = await publicationYears(db)
  if (!years) return String(now.getUTCFullYear())
  return years.first === years.last ? String(years.first) : `${years.first}–${years.last}`
}

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'))

function isTimeZone(value: string): boolean {
  if (value === 'UTC' || knownTimeZones.has(value)) return true
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    return undefined
  }
}
