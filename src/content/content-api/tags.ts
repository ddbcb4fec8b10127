import { requireEquality, type FilterFields } from './filter.ts'
import { slugAndIdFields } from './key-fields.ts'
import { linkedResourceReads, type LinkedResource, type LinkedTable } from './linked-resource.ts'

/** A topic as the Content API shows it; `postCount` only when `include=count.posts` asked for it. */
export type ApiTag = { id: number; slug: string; name: string; description: string | null; postCount?: number }

const tags: LinkedResource<ApiTag> = {
  table: 'tags',
  link: { table: 'article_tags', column: 'tag_id' },
  notFound: 'Tag not found.',
  filterFields: {
    ...slugAndIdFields('tags', 'tag'),
    // Every Gazette tag is public (Ghost also has internal `#tags`); themes commonly ask for visibility:public.
    visibility: (eb, comparison) => {
      const { negated, values } = requireEquality(comparison)
      return eb.lit(values.includes('public') !== negated)
    },
  } as FilterFields<LinkedTable>,
  rows: (db, ids) => db.selectFrom('tags').select(['id', 'slug', 'name', 'description']).where('id', 'in', ids).execute(),
}

/** Tags A–Z unless ordered otherwise (`browseTags`), one by id or slug (`readTag`), each post's tags in order (`tagsOfPosts`). */
export const { browse: browseTags, read: readTag, ofPosts: tagsOfPosts } = linkedResourceReads(tags)
