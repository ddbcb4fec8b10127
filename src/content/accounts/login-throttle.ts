import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'
import { sql } from 'kysely'
import type { Db, DialectName } from '../../db/connection.ts'
import { inTransaction } from '../../db/transaction.ts'
import { toTimestamp } from '../shared/index.ts'

/** Failed sign-ins allowed per account from one address in the window: guessing one password. */
export const maxAccountFailures = 5
/** Failed sign-ins allowed from one address in the window, whatever accounts: spraying one password. */
export const maxAddressFailures = 20
export const loginWindowMs = 15 * 60 * 1000

/*
 * There is deliberately no limit per account across addresses. Such a limit either blocks every
 * address, and then anyone can lock a reporter out by failing five times with their email, or only
 * blocks addresses that have failed on the account already, which buys little against many addresses
 * (each still gets its tries) and still locks the reporter out after a single typo while an attack
 * runs. Guessing one account from many addresses is left to the password rules and argon2's cost.
 */

export type LoginThrottleKey = { account: string; address: string }

/**
 * Failures are counted per account and client address, stored only as hashes. An IPv6 client counts
 * as its /64: one connection usually gets a whole /64, and stepping through it must not buy fresh tries.
 */
export function loginThrottleKey(email: string, clientAddress: string): LoginThrottleKey {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
  return { account: sha256(email.trim().toLowerCase()), address: sha256(throttledNetwork(clientAddress)) }
}

/** `2001:db8:1:2:3:4:5:6` → `2001:db8:1:2::/64`; other addresses unchanged. */
export function throttledNetwork(address: string): string {
  if (!isIPv6(address)) return address
  // The URL parser writes any IPv6 spelling (embedded IPv4 too) in one compressed form.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1)
  const [head = '', tail] = canonical.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${groups.slice(0, 4).join(':')}::/64`
}

export type LoginClaim = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/**
 * Claims one password check for `key`: records the attempt as a failure *before* the password is
 * verified, in the same statement that counts the failures before it, so concurrent attempts can
 * never get more checks than the limits allow. A right password then takes the row back
 * (forgiveLoginFailures); a wrong one, or a crash while checking, leaves it counted. Refused
 * attempts record nothing, so an attacker who keeps trying does not extend the wait.
 */
export async function claimLoginAttempt(db: Db, dialect: DialectName, key: LoginThrottleKey, now = new Date()): Promise<LoginClaim> {
  const since = toTimestamp(new Date(now.getTime() - loginWindowMs))
  const claimed = await inTransaction(db, async (trx) => {
    // One SQLite statement runs alone: it holds the write lock from its first read. A PostgreSQL
    // statement sees only what was committed when it began, so two concurrent claims could each count
    // four and both insert; so every claim for an address first queues on a lock held until commit.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${advisoryLockSpace}, ${addressLockKey(key.address)})`.execute(trx)
    const failures = (account?: string) =>
      trx
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('address', '=', key.address)
        .$if(account !== undefined, (q) => q.where('account', '=', account as string))
        .where('at', '>', since)
    const values = trx
      .selectNoFrom([sql<string>`cast(${key.account} as text)`.as('account'), sql<string>`cast(${key.address} as text)`.as('address'), sql<string>`cast(${toTimestamp(now)} as text)`.as('at')])
      .where((eb) => eb.and([eb(failures(key.account), '<', maxAccountFailures), eb(failures(), '<', maxAddressFailures)]))
    return trx
      .insertInto('login_attempts')
      .columns(['account', 'address', 'at'])
      .expression(values)
      .returning('id')
      .executeTakeFirst()
  })
  // Old attempts no longer count; keep the table small. Outside the lock: it is no one's count.
  await db.deleteFrom('login_attempts').where('at', '<=', since).execute()
  if (claimed) return { allowed: true }
  return { allowed: false, retryAfterSeconds: await secondsUntilAllowed(db, key, since, now) }
}

/** When the limit that refuses `key` lets it in again: as soon as its oldest counted failure expires. */
async function secondsUntilAllowed(db: Db, key: LoginThrottleKey, since: string, now: Date): Promise<number> {
  const oldestCounted = async (limit: number, account?: string) => {
    const row = await db
      .selectFrom('login_attempts')
      .select('at')
      .where('address', '=', key.address)
      .$if(account !== undefined, (q) => q.where('account', '=', account as string))
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(1)
      .offset(limit - 1)
      .executeTakeFirst()
    return row ? Date.parse(row.at) + loginWindowMs : now.getTime()
  }
  const until = Math.max(await oldestCounted(maxAccountFailures, key.account), await oldestCounted(maxAddressFailures))
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000))
}

/** A right password: its own claim and the account's earlier failures from that address are forgiven. */
export async function forgiveLoginFailures(db: Db, key: LoginThrottleKey): Promise<void> {
  await db.deleteFrom('login_attempts').where('address', '=', key.address).where('account', '=', key.account).execute()
}

// pg_advisory_xact_lock(int, int): the first number keeps these locks apart from any other use of
// advisory locks in the database; the second is the address. Sharing a number only means waiting.
const advisoryLockSpace = 0x6c6f67 // "log"

function addressLockKey(addressHash: string): number {
  return Number.parseInt(addressHash.slice(0, 8), 16) | 0
}
