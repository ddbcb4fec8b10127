import type { Db } from '../../db/connection.ts'
import { ValidationError } from '../../errors.ts'

/**
 * Checks that the section, bylines and tags an article names exist, so a wrong number is a 400 that
 * says which, not a foreign-key failure. createDraft and saveArticle call it inside their transaction,
 * for every caller: the newsroom, the Admin API, the demo content, test builders and importers.
 */
export async function requireArticleReferences(db: Db, draft: { sectionId?: number | null; authorIds?: number[]; tagIds?: number[] }): Promise<void> {
  const problems: string[] = []
  if (draft.sectionId) {
    const section = await db.selectFrom('sections').select('id').where('id', '=', draft.sectionId).executeTakeFirst()
    if (!section) problems.push(`section: there is no section ${draft.sectionId}`)
  }
  const missing = async (table: 'authors' | 'tags', ids: number[] | undefined) => {
    const wanted = [...new Set(ids ?? [])]
    if (!wanted.length) return []
    const found = await db.selectFrom(table).select('id').where('id', 'in', wanted).execute()
    const known = new Set(found.map((row) => row.id))
    return wanted.filter((id) => !known.has(id))
  }
  const authors = await missing('authors', draft.authorIds)
  if (authors.length) problems.push(`authors: there is no author ${authors.join(', ')}`)
  const tags = await missing('tags', draft.tagIds)
  if (tags.length) problems.push(`tags: there is no tag ${tags.join(', ')}`)
  if (problems.length) throw new ValidationError('Invalid article.', problems)
}
