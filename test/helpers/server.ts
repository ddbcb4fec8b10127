import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfig } from '../../src/config.ts'
import { openDatabase, type Database } from '../../src/db/connection.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { testSchemaName, type DatabaseTarget } from './databases.ts'

export type TestServer = RunningServer & {
  dataDir: string
  /** PostgreSQL only: the schema this server works in (pass it as `schema` to start a second one on it). */
  schema: string | undefined
  get(path: string, init?: RequestInit): Promise<Response>
}

/**
 * A real Gazette server on a random port over a fresh database of the given engine: a temporary SQLite
 * file, or a PostgreSQL schema of its own that is dropped on close.
 */
export type TestServerOptions = {
  demo?: boolean
  env?: Record<string, string>
  /** Runs on the migrated database before the server starts, as if written while it was down. */
  prepare?: (database: Database) => Promise<void>
  /**
   * PostgreSQL only: work in this existing schema (another test server's) instead of a fresh one, as a
   * second node on the same database. Its owner drops it; this server leaves it on close.
   */
  schema?: string
}

export async function startTestServer(target: DatabaseTarget, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-test-'))
  const shared = target.name === 'postgres' && options.schema !== undefined
  const schema = target.name === 'postgres' ? (options.schema ?? testSchemaName('server')) : undefined
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: target.url ?? join(dataDir, 'gazette.sqlite'),
    SITE_URL: 'http://gazette.test',
    LOG_LEVEL: 'silent',
    GAZETTE_DEMO: options.demo === false ? '0' : '1',
    // A theme folder in the working directory must not change what the suites see.
    THEME_DIR: join(dataDir, 'theme'),
    ...options.env,
  })
  if (options.prepare) {
    const database = await openDatabase(config.databaseUrl, { schema })
    try {
      await migrateToLatest(database)
      await options.prepare(database)
    } finally {
      await database.destroy()
    }
  }
  const server = await startServer(config, { databaseSchema: schema })
  return {
    ...server,
    dataDir,
    schema,
    get: (path, init) => fetch(server.url + path, { redirect: 'manual', ...init }),
    async close() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
