import { createHash } from 'node:crypto'
import type { Db } from '../db/connection.ts'
import { toTimestamp } from './time.ts'

export const maxLoginFailures = 5
export const loginWindowMs = 15 * 60 * 1000

/** Failures are counted per account and client address, stored only as a hash of the two. */
export function loginThrottleKey(email: string, clientAddress: string): string {
  return createHash('sha256').update(`${email.trim().toLowerCase()}|${clientAddress}`).digest('hex')
}

export async function isLoginBlocked(db: Db, key: string, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('key', '=', key)
    .where('at', '>', toTimestamp(new Date(now.getTime() - loginWindowMs)))
    .executeTakeFirstOrThrow()
  return Number(row.n) >= maxLoginFailures
}

export async function recordLoginFailure(db: Db, key: string, now = new Date()): Promise<void> {
  await db.insertInto('login_failures').values({ key, at: toTimestamp(now) }).execute()
  // Old failures no longer count; keep the table small.
  await db.deleteFrom('login_failures').where('at', '<=', toTimestamp(new Date(now.getTime() - loginWindowMs))).execute()
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute()
}
