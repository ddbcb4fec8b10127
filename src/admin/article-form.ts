import { TZDate } from '@date-fns/tz'
import type { ArticleDraftInput } from '../content/articles/index.ts'
import { sourceKinds } from '../content/articles/index.ts'
import { ValidationError } from '../errors.ts'
import { parseRowId, parseWholeNumber } from '../http/ids.ts'
import { field, fields } from './render.tsx'

type Body = Record<string, unknown>

function ids(values: string[]): number[] {
  return values.map(parseRowId).filter((id): id is number => id !== null)
}

/** The editor form as a draft; the domain validates it. Blank source rows are ignored. */
export function readArticleForm(body: Body): ArticleDraftInput {
  const names = fields(body, 'sourceName')
  const urls = fields(body, 'sourceUrl')
  const kinds = fields(body, 'sourceKind')
  const sources = names
    .map((name, i) => ({ name: name.trim(), url: (urls[i] ?? '').trim(), kind: (kinds[i] ?? 'reported-by') as (typeof sourceKinds)[number] }))
    .filter((s) => s.name !== '' || s.url !== '')
  return {
    headline: field(body, 'headline'),
    dek: field(body, 'dek'),
    slug: field(body, 'slug'),
    bodyHtml: typeof body.bodyHtml === 'string' ? body.bodyHtml : '',
    sectionId: parseRowId(field(body, 'sectionId')),
    label: field(body, 'label'),
    dateline: field(body, 'dateline'),
    featureMediaId: parseRowId(field(body, 'featureMediaId')),
    featureImageAlt: field(body, 'featureImageAlt'),
    featureImageCaption: field(body, 'featureImageCaption'),
    featureImageCredit: field(body, 'featureImageCredit'),
    authorIds: ids(fields(body, 'authorIds')),
    tagIds: ids(fields(body, 'tagIds')),
    sources,
    seoTitle: field(body, 'seoTitle'),
    seoDescription: field(body, 'seoDescription'),
    // An unchecked box sends nothing, so a form showing the box (it says so with `featuredShown`)
    // always says yes or no; a form without it (a writer's) leaves the flag as stored.
    featured: field(body, 'featuredShown') === '1' ? field(body, 'featured') === 'on' : undefined,
  }
}

export function readVersion(body: Body): number {
  const version = parseWholeNumber(field(body, 'version'))
  if (version === null) throw new ValidationError('The form is missing the article version: reload the editor.')
  return version
}

/** A `datetime-local` value is wall-clock time in the site's timezone. */
export function readLocalDateTime(value: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!match) throw new ValidationError('Give the publication time as a date and time.')
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number]
  const date = new Date(new TZDate(y, mo - 1, d, h, mi, timeZone).getTime())
  if (Number.isNaN(date.getTime())) throw new ValidationError('That publication time does not exist.')
  return date
}
