import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../src/db/connection.ts'
import { maxPreparedPerConnection } from '../src/db/postgres-statements.ts'
import { databaseTargets, testSchemaName } from './helpers/databases.ts'

/** A table of the test's own, outside the app's schema types. */
type ProbeDb = { probe: { id: number; name: string; note?: string | null } }
const probeOf = (connection: Database['db']) => connection as unknown as Kysely<ProbeDb>

const postgres = (await databaseTargets()).find((target) => target.name === 'postgres')

/** What Kysely sends repeatedly becomes a prepared statement of the connection (src/db/postgres-statements.ts). */
describe.runIf(postgres)('prepared statements on PostgreSQL', () => {
  let database: Database

  beforeAll(async () => {
    database = await openDatabase(postgres!.url!, { schema: testSchemaName('statements') })
    await sql`create table probe (id integer primary key, name text not null)`.execute(database.db)
    await sql`insert into probe (id, name) select n, 'name ' || n from generate_series(1, 50) n`.execute(database.db)
  })
  afterAll(async () => {
    await database?.destroy()
  })

  /** The statements prepared on one connection of the pool, with their SQL text. */
  const preparedOn = (connection: Database['db']) =>
    sql<{ statement: string; generic_plans: number; custom_plans: number }>`select statement, generic_plans, custom_plans from pg_prepared_statements`
      .execute(connection)
      .then((result) => result.rows)

  it('prepares a query shape once per connection and answers each run with its own parameters', async () => {
    await database.db.connection().execute(async (connection) => {
      const byId = (id: number) => probeOf(connection).selectFrom('probe').select('name').where('id', '=', id)
      for (const id of [3, 7, 11, 19, 23, 29, 31]) expect(await byId(id).executeTakeFirst()).toEqual({ name: `name ${id}` })
      expect(await byId(999).executeTakeFirst()).toBeUndefined()
      const text = byId(1).compile().sql
      const prepared = (await preparedOn(connection)).filter((row) => row.statement === text)
      expect(prepared).toHaveLength(1)
      // Eight runs: PostgreSQL planned the first five for their values, then kept one generic plan.
      expect(Number(prepared[0]!.generic_plans) + Number(prepared[0]!.custom_plans)).toBe(8)
    })
  })

  it('keeps a connection usable after a prepared statement fails on its values', async () => {
    await database.db.connection().execute(async (connection) => {
      const quotient = (divisor: number) => sql<{ q: number }>`select 100 / ${divisor}::integer as q`.execute(connection)
      expect((await quotient(4)).rows).toEqual([{ q: 25 }])
      await expect(quotient(0)).rejects.toThrow(/division by zero/)
      expect((await quotient(5)).rows).toEqual([{ q: 20 }])
    })
  })

  it('runs a query whose result changed shape after a schema change', async () => {
    await database.db.connection().execute(async (connection) => {
      const everything = () => probeOf(connection).selectFrom('probe').selectAll().where('id', '=', 1).executeTakeFirst()
      expect(await everything()).toEqual({ id: 1, name: 'name 1' })
      await sql`alter table probe add column note text`.execute(connection)
      expect(await everything()).toEqual({ id: 1, name: 'name 1', note: null })
      expect(await everything()).toEqual({ id: 1, name: 'name 1', note: null })
    })
  })

  // Last: it fills the connection's quota.
  it(`prepares at most ${maxPreparedPerConnection} shapes a connection and runs the rest unnamed`, async () => {
    await database.db.connection().execute(async (connection) => {
      const shapes = maxPreparedPerConnection + 20
      for (let n = 1; n <= shapes; n++) {
        // A list of n ids is a shape of its own.
        const ids = Array.from({ length: n }, (_, i) => (i % 50) + 1)
        const rows = await probeOf(connection).selectFrom('probe').select('id').where('id', 'in', ids).execute()
        expect(rows).toHaveLength(Math.min(n, 50))
      }
      expect((await preparedOn(connection)).length).toBe(maxPreparedPerConnection)
    })
  })
})
