import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/connection.ts'
import { toTimestamp } from '../shared/index.ts'
import type { User } from './users.ts'

export const sessionLifetimeMs = 14 * 24 * 60 * 60 * 1000

export type Session = { user: User; csrfToken: string }

function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Starts a session; the returned token goes into the cookie and is stored only as a hash. */
export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs)
  await db
    .insertInto('sessions')
    .values({ id: sessionId(token), user_id: userId, csrf_token: randomToken(), created_at: toTimestamp(now), expires_at: toTimestamp(expiresAt) })
    .execute()
  return { token, expiresAt }
}

export async function findSession(db: Db, token: string, now = new Date()): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'users.id', 'users.email', 'users.name', 'users.role', 'users.author_id', 'users.created_at', 'users.disabled_at'])
    .where('sessions.id', '=', sessionId(token))
    .executeTakeFirst()
  if (!row || row.expires_at <= toTimestamp(now) || row.disabled_at) return null
  const { csrf_token: csrfToken, expires_at: _expires, ...user } = row
  return { user, csrfToken }
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId(token)).execute()
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', toTimestamp(now)).execute()
}
