import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import type { Actor } from './policies.ts'
import { toTimestamp, parseInput } from '../shared/index.ts'
import { toActor, type User } from './users.ts'

/**
 * Personal API tokens: each acts as its user, so the Admin API is governed by the same role policies
 * as the newsroom. Only a SHA-256 of a token is stored; the token is shown once, at creation.
 */
export type ApiToken = { id: number; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** `gzt_` and 43 base64url characters: the prefix lets secret scanners and people recognise one. */
const tokenPattern = /^gzt_[A-Za-z0-9_-]{43}$/

const tokenName = z.object({ name: z.string().trim().min(1, 'give the token a name').max(100) })

// A token used within this window is not written again: reads stay reads.
const lastUsedPrecisionMs = 60_000

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Creates a token for the actor; the returned `token` is the only copy there will ever be. */
export async function createApiToken(db: Db, actor: Actor, input: { name: string }, now = new Date()): Promise<ApiToken & { token: string }> {
  const { name } = parseInput(tokenName, input, 'token')
  const token = `gzt_${randomBytes(32).toString('base64url')}`
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: actor.id, name, token_hash: tokenHash(token), created_at: toTimestamp(now), last_used_at: null, revoked_at: null })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow()
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null, revokedAt: null, token }
}

/** For the command line: a token for the account with this email. */
export async function createApiTokenForEmail(db: Db, email: string, name: string): Promise<ApiToken & { token: string }> {
  const user = await db.selectFrom('users').select(['id', 'role', 'author_id', 'disabled_at']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  if (!user) throw new NotFoundError(`There is no account for ${email}.`)
  if (user.disabled_at) throw new ValidationError(`The account ${email} is disabled.`)
  return createApiToken(db, toActor(user), { name })
}

/** The actor's own tokens, newest first; each user manages only their own. */
export async function listApiTokens(db: Db, actor: Actor): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', actor.id)
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }))
}

export async function revokeApiToken(db: Db, actor: Actor, id: number, now = new Date()): Promise<void> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: toTimestamp(now) })
    .where('id', '=', id)
    .where('user_id', '=', actor.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new NotFoundError('You have no active token with that number.')
}

/** The active user a token belongs to, or null for a malformed, unknown or revoked token or a disabled account. */
export async function authenticateApiToken(db: Db, token: string, now = new Date()): Promise<User | null> {
  if (!tokenPattern.test(token)) return null
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'users.id', 'users.email', 'users.name', 'users.role', 'users.author_id', 'users.created_at', 'users.disabled_at'])
    .where('api_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst()
  if (!row || row.revoked_at || row.disabled_at) return null
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: toTimestamp(now) })
    .where('id', '=', row.token_id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', toTimestamp(new Date(now.getTime() - lastUsedPrecisionMs)))]))
    .execute()
  const { token_id: _id, revoked_at: _revoked, ...user } = row
  return user
}
