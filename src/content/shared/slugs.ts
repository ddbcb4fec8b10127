import slugifyText from '@sindresorhus/slugify'

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const maxSlugLength = 120

/** A URL slug from any text: lowercase ASCII words joined by hyphens, cut at a word boundary. */
export function slugify(text: string): string {
  const slug = slugifyText(text, { decamelize: false })
  if (slug.length <= maxSlugLength) return slug
  const cut = slug.slice(0, maxSlugLength)
  const lastHyphen = cut.lastIndexOf('-')
  return lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut
}

export function isSlug(value: string): boolean {
  return value.length <= maxSlugLength && slugPattern.test(value)
}

/** The first of `base`, `base-2`, `base-3`, … that `isTaken` says is free. */
export async function firstFreeSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!(await isTaken(candidate))) return candidate
  }
}
