import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { PreparingClient } from './postgres-statements.ts'
import type { DB } from './schema.ts'

export type DialectName = 'sqlite' | 'postgres'

/** What domain functions take: the database itself or an open transaction, so callers can combine them. */
export type Db = Kysely<DB> | Transaction<DB>

export type Database = {
  db: Kysely<DB>
  dialect: DialectName
  /** PostgreSQL only: the schema the connection works in. */
  schema?: string
  destroy(): Promise<void>
}

export type OpenOptions = {
  /** PostgreSQL only: the schema to work in (tests use one per suite). Created when missing. */
  schema?: string
}

export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite'
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  return dialectOf(url) === 'postgres' ? openPostgres(url, options) : openSqlite(url)
}

const sqlitePageSize = 16384

function openSqlite(path: string): Database {
  const file = path.replace(/^sqlite:(\/\/)?/i, '')
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  // Only a new, empty file takes a page size. A story row is ~15 KB (HTML plus its text for search):
  // on 16 KB pages it spans one or two pages instead of four or five, and a write of it costs a
  // quarter of the page writes; see docs/decisions.
  sqlite.pragma(`page_size = ${sqlitePageSize}`)
  // WAL lets readers proceed while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  return { db, dialect: 'sqlite', destroy: () => db.destroy() }
}

/**
 * Kysely prepares every query afresh; compiling SQL is a large share of a fast SQLite read. The same
 * few query shapes repeat endlessly, so prepared statements are kept per SQL text (bounded, oldest out).
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>()
  const prepare = sqlite.prepare.bind(sqlite)
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver)
      return (source: string) => {
        let statement = statements.get(source)
        if (!statement) {
          statement = prepare(source)
          if (statements.size >= max) statements.delete(statements.keys().next().value as string)
          statements.set(source, statement)
        }
        return statement
      }
    },
  })
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name: ${schema}`)
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`create schema if not exists "${schema}"`)
    } finally {
      await admin.end()
    }
  }
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  try {
    const { rows } = await pool.query<{ schema: string }>('select current_schema() as schema')
    return { db, dialect: 'postgres', schema: rows[0]?.schema ?? 'public', destroy: () => db.destroy() }
  } catch (error) {
    await db.destroy()
    throw error
  }
}
