import { TZDate } from '@date-fns/tz'
import type { ArticleDraftInput } from '../content/articles/index.ts'
import { sourceKinds } from '../content/articles/index.ts'
import { ValidationError } from '../errors.ts'
import { parseRowId, parseWholeNumber } from '../http/ids.ts'
import type { ArticleForm } from './schemas.ts'

function ids(values: string[]): number[] {
  return values.map(parseRowId).filter((id): id is number => id !== null)
}

/** The editor form as a draft; the domain validates it. Blank source rows are ignored. */
export function readArticleForm(form: ArticleForm): ArticleDraftInput {
  const names = form.sourceName
  const urls = form.sourceUrl
  const kinds = form.sourceKind
  const sources = names
    .map((name, i) => ({ name: name.trim(), url: (urls[i] ?? '').trim(), kind: (kinds[i] ?? 'reported-by') as (typeof sourceKinds)[number] }))
    .filter((s) => s.name !== '' || s.url !== '')
  return {
    headline: form.headline,
    dek: form.dek,
    slug: form.slug,
    bodyHtml: form.bodyHtml,
    sectionId: parseRowId(form.sectionId),
    label: form.label,
    dateline: form.dateline,
    featureMediaId: parseRowId(form.featureMediaId),
    featureImageAlt: form.featureImageAlt,
    featureImageCaption: form.featureImageCaption,
    featureImageCredit: form.featureImageCredit,
    authorIds: ids(form.authorIds),
    tagIds: ids(form.tagIds),
    sources,
    seoTitle: form.seoTitle,
    seoDescription: form.seoDescription,
    // An unchecked box sends nothing, so a form showing the box (it says so with `featuredShown`)
    // always says yes or no; a form without it (a writer's) leaves the flag as stored.
    featured: form.featuredShown === '1' ? form.featured === 'on' : undefined,
  }
}

/** The version the form was loaded at; read inside the route's try, so a missing one shows the editor again. */
export function readVersion(sent: string): number {
  const version = parseWholeNumber(sent)
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
