import pg from 'pg'

export type DatabaseTarget = { name: 'sqlite' | 'postgres'; url?: string }

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Every cross-database suite runs once per engine. PostgreSQL is TEST_POSTGRES_URL when set (CI sets
 * it, and then an unreachable server fails the run); otherwise the local default is used if it answers.
 */
export async function databaseTargets(): Promise<DatabaseTarget[]> {
  const targets: DatabaseTarget[] = [{ name: 'sqlite' }]
  const explicit = process.env.TEST_POSTGRES_URL
  if (explicit) return [...targets, { name: 'postgres', url: explicit }]
  if (process.env.TEST_POSTGRES === '0') return targets
  if (await answers(defaultPostgresUrl)) targets.push({ name: 'postgres', url: defaultPostgresUrl })
  else console.warn(`PostgreSQL is not reachable at ${defaultPostgresUrl}: running the SQLite suites only.`)
  return targets
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

let schemaCounter = 0

/**
 * A fresh PostgreSQL schema name for one suite. It carries the test run's id, so the run's global
 * teardown (postgres-schemas.ts) drops it; suites never drop schemas themselves while others migrate.
 */
export function testSchemaName(label: string): string {
  const run = process.env.GAZETTE_TEST_RUN ?? `${process.pid}_${Date.now().toString(36)}`
  return `gzt_${run}_${label}_${process.pid}_${schemaCounter++}`
}
