import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { SectionRow } from '../../db/schema.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import { canManageTaxonomy, type Actor } from '../accounts/index.ts'
import { parseInput, slugify, nowTimestamp } from '../shared/index.ts'
import { announceChange, changeTags } from '../changes/index.ts'

export type Section = Pick<SectionRow, 'id' | 'slug' | 'name' | 'description'>

const sectionInput = z.object({
  name: z.string().trim().min(1).max(80),
  slug: z.string().trim().max(120).optional(),
  description: z.string().trim().max(500).nullish(),
  position: z.number().int().min(0).max(10_000).optional(),
})
export type SectionInput = z.input<typeof sectionInput>

export function listSections(db: Db): Promise<Section[]> {
  return db
    .selectFrom('sections')
    .select(['id', 'slug', 'name', 'description'])
    .orderBy('position')
    .orderBy('name')
    .execute()
}

export async function getSectionBySlug(db: Db, slug: string): Promise<Section> {
  const section = await db
    .selectFrom('sections')
    .select(['id', 'slug', 'name', 'description'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!section) throw new NotFoundError('There is no section at this address.')
  return section
}

export async function createSection(db: Db, actor: Actor, input: SectionInput): Promise<Section> {
  if (!canManageTaxonomy(actor)) throw new ForbiddenError('Only editors can manage sections.')
  return ensureSection(db, input)
}

/** Creates the section, or returns the one that already has this slug. */
export async function ensureSection(db: Db, input: SectionInput): Promise<Section> {
  const data = parseInput(sectionInput, input)
  const slug = slugify(data.slug || data.name)
  const existing = await db.selectFrom('sections').select(['id', 'slug', 'name', 'description']).where('slug', '=', slug).executeTakeFirst()
  if (existing) return existing
  const created = await db
    .insertInto('sections')
    .values({ slug, name: data.name, description: data.description ?? null, position: data.position ?? 0, created_at: nowTimestamp() })
    .returning(['id', 'slug', 'name', 'description'])
    .executeTakeFirstOrThrow()
  // Every page's navigation lists the sections.
  announceChange(db, [changeTags.site])
  return created
}
