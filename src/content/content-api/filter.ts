import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { ValidationError } from '../../errors.ts'
import { toTimestamp } from '../shared/index.ts'

/**
 * A parsed Content API `filter` (Ghost's NQL, the subset src/api/content/nql.ts reads) and its
 * translation into parameterized Kysely conditions. Each resource declares which fields it can be
 * filtered by; anything else is a FilterError (400), never SQL: values only ever travel as parameters.
 */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'nin'

/** `quoted` tells `'true'` (a string) from `true` (a literal), as NQL does. */
export type FilterValue = { text: string; quoted: boolean }

export type FilterComparison = { type: 'comparison'; field: string; operator: FilterOperator; values: FilterValue[] }
export type FilterNode = FilterComparison | { type: 'and' | 'or'; children: FilterNode[] }

export class FilterError extends ValidationError {
  constructor(detail: string) {
    super('Error parsing filter', [detail])
  }
}

export type FieldCondition<TB extends keyof DB> = (eb: ExpressionBuilder<DB, TB>, comparison: FilterComparison) => Expression<SqlBool>
export type FilterFields<TB extends keyof DB> = Record<string, FieldCondition<TB>>

export function filterCondition<TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, node: FilterNode, fields: FilterFields<TB>): Expression<SqlBool> {
  if (node.type !== 'comparison') {
    const children = node.children.map((child) => filterCondition(eb, child, fields))
    return node.type === 'and' ? eb.and(children) : eb.or(children)
  }
  const condition = Object.hasOwn(fields, node.field) ? fields[node.field] : undefined
  if (!condition) throw new FilterError(`"${node.field}" cannot be filtered on; use one of: ${Object.keys(fields).join(', ')}.`)
  return condition(eb, node)
}

/** Fields that only take equality and lists: `slug:news`, `slug:-news`, `slug:[a,b]`, `slug:-[a,b]`. */
export function requireEquality(comparison: FilterComparison): { negated: boolean; values: string[] } {
  const { operator, field } = comparison
  if (operator !== '=' && operator !== '!=' && operator !== 'in' && operator !== 'nin') {
    throw new FilterError(`"${field}" takes a value or a [list], not ${operator}.`)
  }
  return { negated: operator === '!=' || operator === 'nin', values: comparison.values.map((v) => v.text) }
}

/** `featured:true` / `featured:false` (bare, as NQL writes booleans). */
export function booleanValue(comparison: FilterComparison): boolean {
  const { negated, values } = requireEquality(comparison)
  const [value] = comparison.values
  if (values.length !== 1 || !value || value.quoted || (value.text !== 'true' && value.text !== 'false')) {
    throw new FilterError(`"${comparison.field}" is true or false.`)
  }
  return (value.text === 'true') !== negated
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const relativePattern = /^now(?:([-+])(\d{1,4})([smhdwMy]))?$/

/**
 * A date in a filter as the stored timestamp format, so the comparison is plain text order on both
 * engines: `2026-01-31`, `2026-01-31 10:00`, full ISO 8601 with an offset (UTC when none), or NQL's
 * relative `now-30d`.
 */
export function timestampValue(value: FilterValue, field: string, now = new Date()): string {
  const relative = relativePattern.exec(value.text)
  if (relative && !value.quoted) return toTimestamp(shiftDate(now, relative[1], relative[2], relative[3]))
  const match = datePattern.exec(value.text)
  if (match) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone = 'Z'] = match
    const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
    const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, '0')}${offset}`)
    if (!Number.isNaN(date.getTime()) && isCalendarDay(Number(y), Number(mo), Number(d))) return toTimestamp(date)
  }
  throw new FilterError(`"${field}" needs a date such as '2026-01-31' or '2026-01-31T10:00:00+01:00', not "${value.text}".`)
}

/** Date parsing rolls 2026-02-31 over into March instead of refusing it. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function shiftDate(now: Date, sign: string | undefined, amount: string | undefined, unit: string | undefined): Date {
  if (!sign || !amount || !unit) return now
  const n = Number(amount) * (sign === '-' ? -1 : 1)
  const date = new Date(now)
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + n)
  else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + n)
  else {
    const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }
    date.setTime(date.getTime() + n * (seconds[unit] ?? 0) * 1000)
  }
  return date
}

/** Keeps a list filter within reason: a 10,000-entry `[…]` is a mistake or an attack, not a query. */
export function requireFewValues(values: unknown[], field: string, max = 100): void {
  if (values.length > max) throw new FilterError(`"${field}" lists more than ${max} values.`)
}

const sqlOperators: Record<FilterOperator, string> = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=', in: 'in', nin: 'not in' }

/**
 * `column <operator> value(s)` for a column this module's callers name in code (never from input);
 * the values are bound parameters. One shape for every table, so each resource's field list stays short.
 */
export function columnCondition(column: string, operator: FilterOperator, values: (string | number)[]): Expression<SqlBool> {
  const op = sql.raw(sqlOperators[operator])
  if (operator === 'in' || operator === 'nin') return sql<SqlBool>`${sql.ref(column)} ${op} (${sql.join(values)})`
  return sql<SqlBool>`${sql.ref(column)} ${op} ${values[0]}`
}
