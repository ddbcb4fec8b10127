import { z } from 'zod'
import { parseInput, isSlug } from '../content/shared/index.ts'
import { NotFoundError } from '../errors.ts'

/** Deep pages beyond this are refused: nobody pages 10,000 screens back, and offsets get costly. */
export const maxPage = 10_000

/** The most digits a `page` parameter may have. */
export const maxPageLength = 6

/** A `page` query parameter: a whole number from 1 to maxPage. */
export const pageNumberField = z
  .string()
  .regex(new RegExp(`^\\d{1,${maxPageLength}}$`), 'page must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'page starts at 1').max(maxPage, `page must be at most ${maxPage}`))

const pageQuery = z.object({ page: pageNumberField.optional() })

/** `?page=N` for listings; anything else in the query string is ignored. */
export function readPage(query: { readonly page?: string | undefined }): number {
  return parseInput(pageQuery, { page: query.page }, 'page number').page ?? 1
}

/** A slug in a URL that could never exist answers 404 before any query runs. */
export function requireSlug(value: string): string {
  if (!isSlug(value)) throw new NotFoundError()
  return value
}

/** A page past the end of a listing is a missing page, not an empty one. */
export function requireNonEmptyPage(page: number, itemCount: number): void {
  if (page > 1 && itemCount === 0) throw new NotFoundError('There are no stories on this page.')
}
