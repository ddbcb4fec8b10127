import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely'
import type { Database } from './connection.ts'
import type { MigrationContext } from './migration-helpers.ts'
import * as m0001 from './migrations/0001-initial.ts'
import * as m0002 from './migrations/0002-newsroom.ts'
import * as m0003 from './migrations/0003-search.ts'
import * as m0004 from './migrations/0004-corrections.ts'
import * as m0005 from './migrations/0005-api-keys.ts'
import * as m0006 from './migrations/0006-admin-api.ts'
import * as m0007 from './migrations/0007-sitemap-indexes.ts'
import * as m0008 from './migrations/0008-listing-indexes.ts'
import * as m0009 from './migrations/0009-media-files.ts'
import * as m0010 from './migrations/0010-article-body-last.ts'
import * as m0011 from './migrations/0011-clean-revisions-excerpts.ts'
import * as m0012 from './migrations/0012-login-throttle.ts'

type GazetteMigration = {
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>
  down?(db: Kysely<unknown>, context: MigrationContext): Promise<void>
}

/** Numbered, in order. A migration, once released, is never edited: add the next number instead. */
const migrations: Record<string, GazetteMigration> = {
  '0001-initial': m0001,
  '0002-newsroom': m0002,
  '0003-search': m0003,
  '0004-corrections': m0004,
  '0005-api-keys': m0005,
  '0006-admin-api': m0006,
  '0007-sitemap-indexes': m0007,
  '0008-listing-indexes': m0008,
  '0009-media-files': m0009,
  '0010-article-body-last': m0010,
  '0011-clean-revisions-excerpts': m0011,
  '0012-login-throttle': m0012,
}

class ListedMigrations implements MigrationProvider {
  constructor(private readonly context: MigrationContext) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const result: Record<string, Migration> = {}
    for (const [name, migration] of Object.entries(migrations)) {
      const { up, down } = migration
      result[name] = {
        up: (db) => up(db, this.context),
        ...(down ? { down: (db: Kysely<unknown>) => down(db, this.context) } : {}),
      }
    }
    return result
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Brings the schema up to date; each migration runs in its own transaction on both engines. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  return migrate(database, (migrator) => migrator.migrateToLatest())
}

/** Brings the schema up to (and including) the named migration: how a test builds an older database. */
export async function migrateTo(database: Database, name: keyof typeof migrations): Promise<string[]> {
  return migrate(database, (migrator) => migrator.migrateTo(name))
}

async function migrate(database: Database, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  // The bookkeeping tables must live in the same schema as the data: Kysely finds them by name across
  // schemas otherwise, and two databases in one PostgreSQL server would see each other's.
  const migrator = new Migrator({
    db: database.db,
    provider: new ListedMigrations({ dialect: database.dialect }),
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  })
  const { error, results } = await oneAtATime(database, () => run(migrator))
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`Migration ${failed} failed`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Any number shared by every Gazette process: the key of the advisory lock migrations take. */
const migrationLockKey = 0x6a7a_e771

/**
 * PostgreSQL: migrations of every schema in the database run one at a time. Kysely checks its
 * bookkeeping tables by listing the tables of all schemas and then reading their columns, so a
 * migration dropping a table in another schema (0012 drops `login_failures`) between the two reads
 * fails it; several sites (or test suites) in one database would trip over each other. A session
 * advisory lock, held on one connection of the pool while the migrator uses the others, serializes
 * them; on one site it only makes servers starting together wait for each other.
 */
async function oneAtATime<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.dialect !== 'postgres') return work()
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${migrationLockKey})`.execute(connection)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(${migrationLockKey})`.execute(connection)
    }
  })
}
