import type { Transaction } from 'kysely'
import type { Db } from './connection.ts'
import type { DB } from './schema.ts'

/** Runs `work` in a transaction, joining the caller's when there already is one. */
export function inTransaction<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>)
  return db.transaction().execute(work)
}
