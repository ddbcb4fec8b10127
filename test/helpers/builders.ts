import { createArticle, publishArticle, type ArticleInput } from '../../src/content/articles.ts'
import { ensureAuthor } from '../../src/content/authors.ts'
import { ensureSection } from '../../src/content/sections.ts'
import { ensureTag } from '../../src/content/tags.ts'
import type { Db } from '../../src/db/connection.ts'

let sequence = 0

export type BuildArticleOptions = Partial<ArticleInput> & {
  section?: string
  author?: string
  tags?: string[]
  /** Leave as a draft instead of publishing. */
  draft?: boolean
}

/** A published article with sensible defaults; pass only what the test is about. */
export async function buildArticle(db: Db, options: BuildArticleOptions = {}) {
  const n = ++sequence
  const { section, author, tags, draft, ...input } = options
  const sectionRow = await ensureSection(db, { name: section ?? 'World' })
  const authorRow = await ensureAuthor(db, { name: author ?? 'Ada Reporter' })
  const tagRows = await Promise.all((tags ?? []).map((name) => ensureTag(db, { name })))
  const created = await createArticle(db, {
    headline: `Test story number ${n} about the harbour`,
    bodyHtml: `<p>Body of test story ${n}. The harbour reopened on Tuesday.</p>`,
    sectionId: sectionRow.id,
    authorIds: [authorRow.id],
    tagIds: tagRows.map((t) => t.id),
    ...input,
  })
  if (!draft) await publishArticle(db, created.id)
  return created
}
