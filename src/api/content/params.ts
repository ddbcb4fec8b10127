import { z } from 'zod'
import type { ApiOrder, BrowseRequest } from '../../content/content-api/index.ts'
import { parseInput } from '../../content/shared/index.ts'
import { ValidationError } from '../../errors.ts'
import { pageNumberField } from '../../http/query.ts'
import { parseNql } from './nql.ts'

/**
 * The Content API's query parameters, checked for shape. Which fields may be ordered or filtered by is
 * the domain's call (src/content/content-api-*.ts); here `limit=abc` or `order=title sideways` stop
 * with a 400. Unknown parameters are ignored, as Ghost does (clients add cache busters).
 */
export const defaultLimit = 15
/** Ghost caps every page at 100, `limit=all` included; a larger limit is capped, not refused. */
export const maxLimit = 100

export type Format = 'html' | 'plaintext'
export type OutputParams = { fields: string[] | null; include: Set<string>; formats: Set<Format> }
export type BrowseParams = OutputParams & { request: BrowseRequest }

const nameList = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean))

const outputSchema = z.object({
  fields: nameList(1000).pipe(z.array(z.string().regex(/^[a-z_.]+$/, 'fields are names such as title,url'))).optional(),
  include: nameList(200).optional(),
  formats: nameList(100).pipe(z.array(z.enum(['html', 'plaintext'], 'formats are html and plaintext'))).optional(),
})

const browseSchema = outputSchema.extend({
  limit: z
    .string()
    .regex(/^(all|\d{1,9})$/i, 'limit must be a whole number or "all"')
    .transform((value) => (value.toLowerCase() === 'all' ? maxLimit : Math.min(Number(value), maxLimit)))
    .pipe(z.number().min(1, 'limit must be at least 1'))
    .optional(),
  page: pageNumberField.optional(),
  order: z.string().max(300, 'order is too long').optional(),
})

/** `include` names what this resource can embed; others are dropped silently, as Ghost does. */
export function readOutputParams(query: Record<string, string>, includable: readonly string[]): OutputParams {
  const data = parseInput(outputSchema, pick(query, ['fields', 'include', 'formats']), 'parameters')
  return toOutput(data, includable)
}

export function readBrowseParams(query: Record<string, string>, includable: readonly string[]): BrowseParams {
  const data = parseInput(browseSchema, pick(query, ['fields', 'include', 'formats', 'limit', 'page', 'order']), 'parameters')
  // `filter` is all the parser's to check (its length too), so every filter problem reads "Error parsing filter".
  const filterText = query.filter?.trim()
  return {
    ...toOutput(data, includable),
    request: {
      limit: data.limit ?? defaultLimit,
      page: data.page ?? 1,
      order: data.order ? parseOrder(data.order) : [],
      filter: filterText ? parseNql(filterText) : null,
    },
  }
}

function toOutput(data: z.output<typeof outputSchema>, includable: readonly string[]): OutputParams {
  return {
    fields: data.fields?.length ? data.fields : null,
    include: new Set((data.include ?? []).filter((name) => includable.includes(name))),
    formats: new Set(data.formats?.length ? data.formats : ['html']),
  }
}

const orderClause = /^([a-z_][a-z0-9_.]*)(?:\s+(asc|desc))?$/i

/** `published_at desc, title` → clauses; the direction defaults to ascending, as in Ghost. */
export function parseOrder(text: string): ApiOrder[] {
  const clauses = text.split(',').map((part) => part.trim())
  if (clauses.length > 5) throw new ValidationError('Invalid order.', ['order takes at most 5 fields'])
  return clauses.map((clause) => {
    const match = orderClause.exec(clause)
    if (!match?.[1]) throw new ValidationError('Invalid order.', [`"${clause}" is not "field asc" or "field desc"`])
    return { field: match[1].toLowerCase(), direction: match[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' }
  })
}

function pick(query: Record<string, string>, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) if (query[name] !== undefined) picked[name] = query[name]
  return picked
}
