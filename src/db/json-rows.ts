import type { RawBuilder, SelectQueryBuilder, ShallowDehydrateObject, Simplify } from 'kysely'
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres'
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite'
import type { DialectName } from './connection.ts'
import type { DB } from './schema.ts'

export type JsonRow<O> = Simplify<ShallowDehydrateObject<O>>

/** A subquery's rows as one JSON array column: PostgreSQL hands it over parsed, SQLite as text. */
export type JsonRows<O> = JsonRow<O>[] | string

/**
 * The rows of a (correlated) subquery as one column of the outer row, so a story and its bylines,
 * topics, sources and corrections come back in one query, one round trip on PostgreSQL. The order of
 * the rows in the array is not guaranteed: select what to sort by and sort after `readJsonRows`.
 */
export function jsonRows<TB extends keyof DB, O>(dialect: DialectName, subquery: SelectQueryBuilder<DB, TB, O>): RawBuilder<JsonRows<O>> {
  return dialect === 'postgres' ? postgresJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery)
}

export function readJsonRows<O>(value: JsonRows<O>): JsonRow<O>[] {
  return typeof value === 'string' ? (JSON.parse(value) as JsonRow<O>[]) : value
}
