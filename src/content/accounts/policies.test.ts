import { describe, expect, it } from 'vitest'
import type { ArticleStatus, Role } from '../../db/schema.ts'
import { canEditArticle, canPublish, canReadArticle, canSaveArticle, canSetFeatured, type Actor, type ArticleAccess } from './policies.ts'

const me = (role: Role): Actor => ({ id: 1, role, authorId: 10 })
const created = (status: ArticleStatus, authorIds: number[] = [10]): ArticleAccess => ({ status, createdBy: 1, authorIds })
const bylined = (status: ArticleStatus): ArticleAccess => ({ status, createdBy: 2, authorIds: [20, 10] })
const forOther = (status: ArticleStatus): ArticleAccess => created(status, [20])
const others = (status: ArticleStatus): ArticleAccess => ({ status, createdBy: 2, authorIds: [20] })

describe('read policy', () => {
  it('lets writers read only stories they created or are bylined on, in any status; the desk everything', () => {
    for (const status of ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const) {
      for (const role of ['contributor', 'author'] as const) {
        expect(canReadArticle(me(role), created(status))).toBe(true)
        expect(canReadArticle(me(role), bylined(status))).toBe(true)
        expect(canReadArticle(me(role), others(status))).toBe(false)
        expect(canEditArticle(me(role), others(status))).toBe(false)
      }
      for (const role of ['editor', 'admin'] as const) expect(canReadArticle(me(role), others(status))).toBe(true)
    }
    // No author profile: only what they created.
    expect(canReadArticle({ id: 1, role: 'author', authorId: null }, bylined('draft'))).toBe(false)
  })

  it('lets an author publish only under their own byline', () => {
    expect(canPublish(me('author'), created('draft'))).toBe(true)
    expect(canPublish(me('author'), bylined('draft'))).toBe(true)
    expect(canPublish(me('author'), forOther('draft'))).toBe(false)
    expect(canPublish(me('contributor'), created('draft'))).toBe(false)
    expect(canPublish(me('editor'), others('draft'))).toBe(true)
  })

  it('keeps a live or scheduled story out of reach of an author not on its byline, and keeps them on it', () => {
    expect(canEditArticle(me('author'), forOther('draft'))).toBe(true)
    expect(canEditArticle(me('author'), forOther('published'))).toBe(false)
    expect(canEditArticle(me('author'), forOther('scheduled'))).toBe(false)
    expect(canEditArticle(me('author'), forOther('unpublished'))).toBe(true)
    expect(canSaveArticle(me('author'), created('published'), { authorIds: [10, 20] })).toBe(true)
    expect(canSaveArticle(me('author'), created('published'), { authorIds: [20] })).toBe(false)
    expect(canSaveArticle(me('author'), created('scheduled'), { authorIds: [] })).toBe(false)
    expect(canSaveArticle(me('author'), created('draft'), { authorIds: [20] })).toBe(true)
    // Bylined on someone else's draft: dropping the byline would drop the story out of reach.
    expect(canSaveArticle(me('author'), bylined('draft'), { authorIds: [20] })).toBe(false)
    expect(canSaveArticle(me('editor'), others('published'), { authorIds: [] })).toBe(true)
  })

  it('lets contributors edit own drafts only', () => {
    expect(canEditArticle(me('contributor'), created('draft'))).toBe(true)
    expect(canEditArticle(me('contributor'), created('in_review'))).toBe(false)
    expect(canEditArticle(me('contributor'), created('published'))).toBe(false)
  })

  it('leaves featuring to the desk', () => {
    expect((['contributor', 'author', 'editor', 'admin'] as const).map((role) => canSetFeatured(me(role)))).toEqual([false, false, true, true])
  })
})
