import { TZDate } from '@date-fns/tz'
/** Presentation helpers shared by views: dates in the site's timezone and language. */
const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'long' }
const dateTimeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
}

// Building a DateTimeFormat costs far more than using one; a site has one language and timezone.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(kind: 'date' | 'datetime', timeZone: string, language: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}|${language}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(safeLocale(language), { ...(kind === 'date' ? dateOptions : dateTimeOptions), timeZone })
    if (formatters.size > 100) formatters.clear()
    formatters.set(key, format)
  }
  return format
}

export function formatDate(iso: string, timeZone: string, language: string): string {
  return formatter('date', timeZone, language).format(new Date(iso))
}

export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return formatter('datetime', timeZone, language).format(new Date(iso))
}

function safeLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

export function withPage(path: string, page: number): string {
  return page <= 1 ? path : `${path}?page=${page}`
}

/** An ISO 8601 time with the site's UTC offset (`2020-01-21T05:00:00-05:00`), for `<time datetime>`. */
export function isoInZone(iso: string, timeZone: string): string {
  return new TZDate(new Date(iso), timeZone).toISOString().replace(/\.\d{3}/, '')
}
