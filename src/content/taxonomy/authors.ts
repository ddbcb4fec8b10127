import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { AuthorRow } from '../../db/schema.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import { canEditAuthorProfile, type Actor } from '../accounts/index.ts'
import { announceChange, changeTags } from '../changes/index.ts'
import { slugify, nowTimestamp, addressField, parseInput } from '../shared/index.ts'

export type Author = Pick<AuthorRow, 'id' | 'slug' | 'name' | 'bio' | 'avatar_url'>
/** An author as a byline shows them: name, address and photo. */
export type AuthorRef = Pick<AuthorRow, 'slug' | 'name' | 'avatar_url'>

const authorColumns = ['id', 'slug', 'name', 'bio', 'avatar_url'] as const

const authorInput = z.object({
  name: z.string().trim().min(1).max(120),
  slug: z.string().trim().max(120).optional(),
  bio: z.string().trim().max(2000).nullish(),
  // Printed as an <img src> on every byline and given to API clients: the profile form's rule, not any text.
  avatarUrl: addressField.nullish(),
})
export type AuthorInput = z.input<typeof authorInput>

export function listAuthors(db: Db): Promise<Author[]> {
  return db.selectFrom('authors').select(authorColumns).orderBy('name').execute()
}

export async function getAuthorBySlug(db: Db, slug: string): Promise<Author> {
  const author = await db.selectFrom('authors').select(authorColumns).where('slug', '=', slug).executeTakeFirst()
  if (!author) throw new NotFoundError('There is no author at this address.')
  return author
}

/** Creates the author, or returns the one that already has this slug. */
export async function ensureAuthor(db: Db, input: AuthorInput): Promise<Author> {
  const data = parseInput(authorInput, input, 'author')
  const slug = slugify(data.slug || data.name)
  const existing = await db.selectFrom('authors').select(authorColumns).where('slug', '=', slug).executeTakeFirst()
  if (existing) return existing
  const created = await db
    .insertInto('authors')
    .values({ slug, name: data.name, bio: data.bio ?? null, avatar_url: data.avatarUrl || null, created_at: nowTimestamp() })
    .returning(authorColumns)
    .executeTakeFirstOrThrow()
  announceChange(db, [changeTags.authors])
  return created
}

const profileInput = z.object({
  name: z.string().trim().min(1).max(120),
  bio: z.string().trim().max(2000),
  avatarUrl: addressField,
})
export type AuthorProfileInput = z.input<typeof profileInput>

export async function getAuthor(db: Db, id: number): Promise<Author> {
  const author = await db.selectFrom('authors').select(authorColumns).where('id', '=', id).executeTakeFirst()
  if (!author) throw new NotFoundError('There is no such author.')
  return author
}

/** Name, bio and photo as bylines and author pages show them. The address (slug) stays put. */
export async function updateAuthorProfile(db: Db, actor: Actor, id: number, input: AuthorProfileInput): Promise<Author> {
  if (!canEditAuthorProfile(actor, id)) throw new ForbiddenError('You can only edit your own author profile.')
  const data = parseInput(profileInput, input, 'author profile')
  const updated = await db
    .updateTable('authors')
    .set({ name: data.name, bio: data.bio || null, avatar_url: data.avatarUrl || null })
    .where('id', '=', id)
    .returning(authorColumns)
    .executeTakeFirst()
  if (!updated) throw new NotFoundError('There is no such author.')
  // Bylines show name and photo wherever the author's stories appear; the author page shows the bio.
  announceChange(db, [changeTags.authorProfile(updated.slug), changeTags.authorList(id), changeTags.authors])
  return updated
}
