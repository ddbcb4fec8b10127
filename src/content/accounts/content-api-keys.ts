import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { AppError, ForbiddenError, NotFoundError } from '../../errors.ts'
import { canManageApiKeys, type Actor } from './policies.ts'
import { nowTimestamp, toTimestamp, parseInput } from '../shared/index.ts'

/**
 * Content API keys, Ghost-style: 26 lowercase hex characters sent as `?key=`. They only ever unlock
 * what the public site shows anyway, so Ghost treats them as public; we still store only a SHA-256,
 * show a key once, and let administrators revoke it.
 */
export type ApiKey = { id: number; name: string; createdBy: number | null; createdByName: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export const contentKeyPattern = /^[0-9a-f]{26}$/

/** How stale `last_used_at` may get: one write a minute per key at most, however busy the client. */
const lastUsedResolutionMs = 60_000

const keyInput = z.object({ name: z.string().trim().min(1, 'give the key a name').max(120) })
export type ApiKeyInput = z.input<typeof keyInput>

/** Why a request's key was refused: 401 for a key we do not accept, 403 for no key at all (as Ghost answers). */
export class ContentApiKeyError extends AppError {
  constructor(status: 401 | 403, message: string, readonly context: string) {
    super(status, status === 401 ? 'unknown_content_api_key' : 'missing_content_api_key', message)
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A new key for trusted callers (the command line); the returned `key` is the only copy there will be. */
export async function createApiKey(db: Db, input: ApiKeyInput, createdBy: number | null = null): Promise<{ key: string; apiKey: ApiKey }> {
  const { name } = parseInput(keyInput, input, 'API key')
  const key = randomBytes(13).toString('hex')
  const { id } = await db
    .insertInto('api_keys')
    .values({ name, key_hash: hashKey(key), created_by: createdBy, created_at: nowTimestamp(), last_used_at: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { key, apiKey: await getApiKey(db, id) }
}

/** The admin page's create: administrators only. */
export async function createApiKeyAs(db: Db, actor: Actor, input: ApiKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
  if (!canManageApiKeys(actor)) throw new ForbiddenError('Only administrators can manage Content API keys.')
  return createApiKey(db, input, actor.id)
}

function keyQuery(db: Db) {
  return db
    .selectFrom('api_keys')
    .leftJoin('users', 'users.id', 'api_keys.created_by')
    .select(['api_keys.id', 'api_keys.name', 'api_keys.created_by', 'users.name as created_by_name', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at'])
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof keyQuery>['executeTakeFirstOrThrow']>>

function toApiKey(row: KeyRow): ApiKey {
  return { id: row.id, name: row.name, createdBy: row.created_by, createdByName: row.created_by_name, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at }
}

export async function getApiKey(db: Db, id: number): Promise<ApiKey> {
  const row = await keyQuery(db).where('api_keys.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('There is no such API key.')
  return toApiKey(row)
}

/** Every key, revoked ones included (they stay listed so the history is visible), newest first. */
export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await keyQuery(db).orderBy('api_keys.id', 'desc').execute()
  return rows.map(toApiKey)
}

export async function listApiKeysAs(db: Db, actor: Actor): Promise<ApiKey[]> {
  if (!canManageApiKeys(actor)) throw new ForbiddenError('Only administrators can manage Content API keys.')
  return listApiKeys(db)
}

/** Revoking is final and immediate; revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, id: number, now = new Date()): Promise<ApiKey> {
  const key = await getApiKey(db, id)
  if (key.revokedAt) return key
  await db.updateTable('api_keys').set({ revoked_at: toTimestamp(now) }).where('id', '=', id).where('revoked_at', 'is', null).execute()
  return getApiKey(db, id)
}

export async function revokeApiKeyAs(db: Db, actor: Actor, id: number): Promise<ApiKey> {
  if (!canManageApiKeys(actor)) throw new ForbiddenError('Only administrators can manage Content API keys.')
  return revokeApiKey(db, id)
}

/**
 * Checks a request's `?key=`; throws ContentApiKeyError when it cannot be used. Marks the key used,
 * writing only when the stored time is over a minute old: reads stay reads for busy clients.
 */
export async function authenticateContentKey(db: Db, key: string | undefined, now = new Date()): Promise<{ id: number }> {
  if (key === undefined || key === '') {
    throw new ContentApiKeyError(403, 'Authorization failed', 'Unable to determine the authenticated integration. Check the supplied Content API Key.')
  }
  if (!contentKeyPattern.test(key)) throw new ContentApiKeyError(401, 'Unknown Content API Key', 'A Content API Key is 26 lowercase hexadecimal characters.')
  const row = await db.selectFrom('api_keys').select(['id', 'last_used_at', 'revoked_at']).where('key_hash', '=', hashKey(key)).executeTakeFirst()
  if (!row) throw new ContentApiKeyError(401, 'Unknown Content API Key', 'No Content API Key matches the one supplied.')
  if (row.revoked_at) throw new ContentApiKeyError(401, 'Unknown Content API Key', 'This Content API Key has been revoked.')
  const staleBefore = toTimestamp(new Date(now.getTime() - lastUsedResolutionMs))
  if (row.last_used_at === null || row.last_used_at < staleBefore) {
    // The condition is repeated in the update, so several servers still write once a minute at most.
    await db
      .updateTable('api_keys')
      .set({ last_used_at: toTimestamp(now) })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute()
  }
  return { id: row.id }
}
