import pg from 'pg'

/**
 * Vitest global setup for PostgreSQL test schemas. Suites never drop a schema while the run is going:
 * another process may be migrating at that moment, and Kysely's table introspection checks the
 * privilege of every schema by name, which fails with "schema does not exist" if one vanishes under it.
 * Instead every schema of a run carries the run's id and all of them are dropped once, after the last
 * suite. Schemas left by a run that was killed are swept at the start of the next one.
 */
export default async function postgresSchemas(): Promise<(() => Promise<void>) | undefined> {
  const runId = `${process.pid}_${Date.now().toString(36)}`
  process.env.GAZETTE_TEST_RUN = runId
  const url = process.env.TEST_POSTGRES_URL ?? (process.env.TEST_POSTGRES === '0' ? undefined : 'postgres://postgres@127.0.0.1:5432/test')
  if (!url) return undefined
  const stale = (await testSchemas(url).catch(() => [])).filter((name) => !isAlive(Number(name.split('_')[1])))
  await dropSchemas(url, stale).catch(() => {})
  return async () => {
    await dropSchemas(url, (await testSchemas(url)).filter((name) => name.startsWith(`gzt_${runId}_`)))
  }
}

async function testSchemas(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>("select nspname as name from pg_namespace where nspname like 'gzt\\_%'")
    return rows.map((row) => row.name)
  })
}

async function dropSchemas(url: string, names: string[]): Promise<void> {
  if (names.length === 0) return
  await withClient(url, async (client) => {
    for (const name of names) await client.query(`drop schema if exists "${name}" cascade`)
  })
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
