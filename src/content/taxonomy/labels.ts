import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { ForbiddenError } from '../../errors.ts'
import { canManageTaxonomy, type Actor } from '../accounts/index.ts'
import { slugify, parseInput } from '../shared/index.ts'

export type Label = { id: number; slug: string; name: string }

export function listLabels(db: Db): Promise<Label[]> {
  return db.selectFrom('labels').select(['id', 'slug', 'name']).orderBy('position').orderBy('name').execute()
}

export async function createLabel(db: Db, actor: Actor, input: { name: string }): Promise<Label> {
  if (!canManageTaxonomy(actor)) throw new ForbiddenError('Only editors can manage labels.')
  const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(40) }), input, 'label')
  const slug = slugify(name)
  const existing = await db.selectFrom('labels').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()
  if (existing) return existing
  return db.insertInto('labels').values({ slug, name, position: 100 }).returning(['id', 'slug', 'name']).executeTakeFirstOrThrow()
}
