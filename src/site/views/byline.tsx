import type { AuthorRef } from '../../content/taxonomy/index.ts'
import { paths } from '../../http/paths.ts'

/** "By A, B and C", each name linking to the author's page. */
export function Byline({ authors }: { authors: AuthorRef[] }) {
  if (!authors.length) return null
  return (
    <span class="byline">
      By{' '}
      {authors.map((a, i) => (
        <>
          {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
          <a href={paths.author(a.slug)} rel="author">{a.name}</a>
        </>
      ))}
    </span>
  )
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words
  return letters.map((w) => Array.from(w)[0]?.toUpperCase() ?? '').join('')
}

/** The authors' photos (initials when there is none) beside the byline; names carry the meaning, so photos are decorative. */
export function AuthorAvatars({ authors }: { authors: AuthorRef[] }) {
  if (!authors.length) return null
  return (
    <span class="avatars" aria-hidden="true">
      {authors.slice(0, 3).map((a) =>
        a.avatar_url ? (
          <img class="avatar" src={a.avatar_url} alt="" width={44} height={44} loading="lazy" decoding="async" />
        ) : (
          <span class="avatar avatar-initials">{initials(a.name)}</span>
        ),
      )}
    </span>
  )
}
