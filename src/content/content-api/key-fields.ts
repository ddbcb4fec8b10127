import type { DB } from '../../db/schema.ts'
import { columnCondition, FilterError, requireEquality, requireFewValues, type FilterFields } from './filter.ts'
import { fromPublicId, type ContentType } from './ids.ts'

const names: Record<ContentType, string> = { post: 'a post', author: 'an author', tag: 'a tag' }

/**
 * The `slug` and `id` filters every resource has: equality or a short list, ids in their public form
 * (`fromPublicId`), a foreign or malformed id a FilterError naming it.
 */
export function slugAndIdFields<TB extends keyof DB>(table: TB, type: ContentType): FilterFields<TB> {
  return {
    slug: (_eb, comparison) => {
      const { negated, values } = requireEquality(comparison)
      requireFewValues(values, comparison.field)
      return columnCondition(`${table}.slug`, negated ? 'nin' : 'in', values)
    },
    id: (_eb, comparison) => {
      const { negated, values } = requireEquality(comparison)
      requireFewValues(values, comparison.field)
      const ids = values.map((value) => {
        const id = fromPublicId(type, value)
        if (id === null) throw new FilterError(`"${value}" is not ${names[type]} id.`)
        return id
      })
      return columnCondition(`${table}.id`, negated ? 'nin' : 'in', ids)
    },
  }
}
