import type { FilterFields } from './filter.ts'
import { slugAndIdFields } from './key-fields.ts'
import { linkedResourceReads, type LinkedResource, type LinkedTable } from './linked-resource.ts'

/** A byline as the Content API shows it; `postCount` only when `include=count.posts` asked for it. */
export type ApiAuthor = { id: number; slug: string; name: string; bio: string | null; avatarUrl: string | null; postCount?: number }

const authors: LinkedResource<ApiAuthor> = {
  table: 'authors',
  link: { table: 'article_authors', column: 'author_id' },
  notFound: 'Author not found.',
  filterFields: slugAndIdFields('authors', 'author') as FilterFields<LinkedTable>,
  rows: async (db, ids) =>
    (await db.selectFrom('authors').select(['id', 'slug', 'name', 'bio', 'avatar_url']).where('id', 'in', ids).execute()).map(
      ({ avatar_url, ...row }) => ({ ...row, avatarUrl: avatar_url }),
    ),
}

/** Authors A–Z unless ordered otherwise (`browseAuthors`), one by id or slug (`readAuthor`), each post's bylines in order (`authorsOfPosts`). */
export const { browse: browseAuthors, read: readAuthor, ofPosts: authorsOfPosts } = linkedResourceReads(authors)
