import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from './connection.ts'

const dir = mkdtempSync(join(tmpdir(), 'gazette-connection-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const pageSize = async (file: string) => {
  const database = await openDatabase(file)
  try {
    await sql`create table if not exists probe (id integer primary key)`.execute(database.db)
    const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(database.db)
    return rows[0]?.page_size
  } finally {
    await database.destroy()
  }
}

describe('openDatabase (SQLite)', () => {
  it('creates a new file with 16 KB pages, in WAL mode', async () => {
    const file = join(dir, 'new.sqlite')
    expect(await pageSize(file)).toBe(16384)
    const database = await openDatabase(file)
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db)
    await database.destroy()
    expect(rows[0]?.journal_mode).toBe('wal')
  })

  it('keeps the page size an existing file was made with', async () => {
    const file = join(dir, 'old.sqlite')
    const Sqlite = (await import('better-sqlite3')).default
    const old = new Sqlite(file)
    old.pragma('page_size = 4096')
    old.exec('create table legacy (id integer primary key)')
    old.close()
    expect(await pageSize(file)).toBe(4096)
  })
})
