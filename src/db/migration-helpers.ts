import { sql, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely'
import type { DialectName } from './connection.ts'

export type MigrationContext = { dialect: DialectName }

type ColumnType = 'integer' | 'serial'
type ColumnBuild = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder

/**
 * An auto-numbered integer primary key. SQLite wants `integer primary key autoincrement`
 * (the rowid alias), PostgreSQL wants `serial`; the rest of the schema is identical.
 */
export function idColumn(dialect: DialectName): [ColumnType, ColumnBuild] {
  return dialect === 'postgres'
    ? ['serial', (c) => c.primaryKey()]
    : ['integer', (c) => c.primaryKey().autoIncrement()]
}

/** A CHECK expression limiting a text column to a fixed set of values (portable enum). */
export function checkIn(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`
}
