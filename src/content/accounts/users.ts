import { hash, verify } from '@node-rs/argon2'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Role, UserRow } from '../../db/schema.ts'
import { inTransaction } from '../../db/transaction.ts'
import { announceChange, changeTags } from '../changes/index.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts'
import { canManageUsers, type Actor } from './policies.ts'
import { firstFreeSlug, slugify, nowTimestamp, parseInput } from '../shared/index.ts'

export const roles = ['contributor', 'author', 'editor', 'admin'] as const satisfies readonly Role[]

export type User = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'author_id' | 'created_at' | 'disabled_at'>
const userColumns = ['id', 'email', 'name', 'role', 'author_id', 'created_at', 'disabled_at'] as const

export const passwordSchema = z.string().min(10, 'password must be at least 10 characters').max(200)

const newUserInput = z.object({
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(120),
  role: z.enum(roles),
  password: passwordSchema,
})
export type NewUserInput = z.input<typeof newUserInput>

// Argon2id with the OWASP-recommended minimum: 19 MiB, 2 passes.
const argonOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function toActor(user: Pick<User, 'id' | 'role' | 'author_id'>): Actor {
  return { id: user.id, role: user.role, authorId: user.author_id }
}

/** Creates the account and the byline profile that its stories will carry. */
export async function createUser(db: Db, input: NewUserInput): Promise<User> {
  const data = parseInput(newUserInput, input, 'user')
  const passwordHash = await hash(data.password, argonOptions)
  return inTransaction(db, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('email', '=', data.email).executeTakeFirst()
    if (taken) throw new ConflictError(`An account for ${data.email} already exists.`)
    const now = nowTimestamp()
    const slug = await freeAuthorSlug(trx, slugify(data.name) || 'author')
    const author = await trx
      .insertInto('authors')
      .values({ slug, name: data.name, bio: null, avatar_url: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    // The HTML sitemap lists every author.
    announceChange(trx, [changeTags.authors])
    return trx
      .insertInto('users')
      .values({ email: data.email, name: data.name, role: data.role, password_hash: passwordHash, author_id: author.id, created_at: now, updated_at: now })
      .returning(userColumns)
      .executeTakeFirstOrThrow()
  })
}

async function freeAuthorSlug(db: Db, base: string): Promise<string> {
  return firstFreeSlug(base, async (slug) => (await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined)
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function listUsers(db: Db): Promise<User[]> {
  return db.selectFrom('users').select(userColumns).orderBy('name').execute()
}

export async function addUser(db: Db, actor: Actor, input: NewUserInput): Promise<User> {
  if (!canManageUsers(actor)) throw new ForbiddenError('Only administrators can add users.')
  return createUser(db, input)
}

export async function changeUserRole(db: Db, actor: Actor, id: number, role: Role): Promise<void> {
  if (!canManageUsers(actor)) throw new ForbiddenError('Only administrators can change roles.')
  if (id === actor.id && role !== 'admin') throw new ConflictError('You cannot remove your own administrator role.')
  await setUserRole(db, id, role)
}

export async function setUserRole(db: Db, id: number, role: Role): Promise<void> {
  parseInput(z.enum(roles), role, 'role')
  const result = await db.updateTable('users').set({ role, updated_at: nowTimestamp() }).where('id', '=', id).executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new NotFoundError('There is no such user.')
}

// A real hash to verify against when the account does not exist, so both cases take the same time.
let decoyHash: Promise<string> | undefined

/** The active account with this email and password, or null. */
export async function authenticate(db: Db, email: string, password: string): Promise<User | null> {
  const address = email.trim().toLowerCase()
  // No address holds a NUL character (PostgreSQL text cannot even hold one to compare with).
  const row = address.includes('\u0000')
    ? undefined
    : await db.selectFrom('users').select([...userColumns, 'password_hash']).where('email', '=', address).executeTakeFirst()
  decoyHash ??= hash('decoy password for timing', argonOptions)
  const ok = await verify(row?.password_hash ?? (await decoyHash), password).catch(() => false)
  if (!row || !ok || row.disabled_at) return null
  const { password_hash: _omit, ...user } = row
  return user
}
