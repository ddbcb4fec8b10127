import type { Transaction } from 'kysely'
import type { Db } from './connection.ts'
import type { DB } from './schema.ts'

// The connection each transaction inTransaction opened came from (what a change bus is attached to).
const openedFrom = new WeakMap<Transaction<DB>, Db>()

// Callbacks waiting for the outermost transaction that inTransaction opened to commit.
const pendingAfterCommit = new WeakMap<Transaction<DB>, (() => void)[]>()

/** Runs `work` in a transaction, joining the caller's when there already is one. */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>)
  const callbacks: (() => void)[] = []
  const result = await db.transaction().execute((trx) => {
    pendingAfterCommit.set(trx, callbacks)
    openedFrom.set(trx, db)
    return work(trx)
  })
  for (const callback of callbacks) callback()
  return result
}

/**
 * Runs `callback` once the caller's writes are committed: at the end of the transaction inTransaction
 * opened, or now when there is none. A rolled-back transaction never runs it.
 */
export function afterCommit(db: Db, callback: () => void): void {
  const pending = db.isTransaction ? pendingAfterCommit.get(db as Transaction<DB>) : undefined
  if (pending) pending.push(callback)
  else callback()
}

/** The connection a transaction inTransaction opened was opened on; any other handle is its own. */
export function connectionOf(db: Db): Db {
  return (db.isTransaction ? openedFrom.get(db as Transaction<DB>) : undefined) ?? db
}
