import { sql, type Kysely, type Transaction } from 'kysely'
import type { DialectName } from './connection.ts'
import type { DB } from './schema.ts'

/**
 * Helpers for loading many rows at once (`gazette seed --articles N`). Only the seed uses them: the
 * normal write paths keep the index current row by row, in the same statement as the write.
 */

type Pragmas = { synchronous: number; temp_store: number; cache_size: number }

/**
 * SQLite: trades durability for speed while `load` runs (a crash during it can lose the last chunks,
 * never corrupt the file: WAL stays on), then puts the connection's settings back.
 */
export async function withBulkLoadSettings<T>(db: Kysely<DB>, dialect: DialectName, load: () => Promise<T>): Promise<T> {
  if (dialect !== 'sqlite') return load()
  const saved = {} as Pragmas
  for (const name of ['synchronous', 'temp_store', 'cache_size'] as const) {
    const { rows } = await sql<Record<string, number>>`pragma ${sql.raw(name)}`.execute(db)
    saved[name] = Number(Object.values(rows[0] ?? {})[0])
  }
  await sql`pragma synchronous = OFF`.execute(db)
  await sql`pragma temp_store = MEMORY`.execute(db)
  // Negative: KiB, so 512 MB of page cache for the load.
  await sql`pragma cache_size = -524288`.execute(db)
  try {
    return await load()
  } finally {
    await sql`pragma synchronous = ${sql.raw(String(saved.synchronous))}`.execute(db)
    await sql`pragma temp_store = ${sql.raw(String(saved.temp_store))}`.execute(db)
    await sql`pragma cache_size = ${sql.raw(String(saved.cache_size))}`.execute(db)
  }
}

/** The highest article id so far: the bulk writer numbers its rows from there. */
export async function maxArticleId(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst()
  return Number(row?.max ?? 0)
}

/** PostgreSQL: rows inserted with explicit ids leave the serial behind; move it past them. */
export async function syncArticleIdSequence(db: Kysely<DB>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`select setval(pg_get_serial_sequence('articles', 'id'), greatest((select max(id) from articles), 1))`.execute(db)
}

/**
 * SQLite keeps the FTS5 index current with a trigger per inserted row. For a chunk of new rows it is
 * cheaper to lift the triggers, insert, then index the chunk's rows with one INSERT … SELECT (what the
 * triggers would have written) and put the triggers back — all inside the caller's transaction, so a
 * failure or a crash rolls the whole chunk back and never leaves the triggers missing.
 * PostgreSQL derives its tsvector in the row itself: nothing to do.
 */
export async function insertWithoutSearchTriggers(
  trx: Transaction<DB>,
  dialect: DialectName,
  ids: { first: number; last: number },
  insert: () => Promise<void>,
): Promise<void> {
  if (dialect !== 'sqlite') return insert()
  const { rows: triggers } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'articles' and name like 'articles_fts_%'`.execute(trx)
  for (const trigger of triggers) await sql`drop trigger ${sql.id(trigger.name)}`.execute(trx)
  await insert()
  await sql`insert into articles_fts (rowid, headline, dek, body_text)
    select id, headline, dek, body_text from articles where id between ${ids.first} and ${ids.last}`.execute(trx)
  for (const trigger of triggers) await sql.raw(trigger.sql).execute(trx)
}

/** SQLite: checks every indexed row against the articles table; throws when the index is incomplete. */
export async function checkSearchIndex(db: Kysely<DB>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return
  await sql`insert into articles_fts (articles_fts, rank) values ('integrity-check', 1)`.execute(db)
}

/**
 * PostgreSQL plans by table statistics and answers index-only scans from the visibility map, both of
 * which autovacuum brings up to date only some time after a bulk load. Until then a million new
 * stories look like an empty table (the home page took 250 ms instead of a few) and every link read
 * by an index-only scan also visits the table. SQLite runs without statistics by design.
 */
export async function vacuumLoadedTables(db: Kysely<DB>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`vacuum (analyze) articles, article_tags, article_authors, sources`.execute(db)
}
