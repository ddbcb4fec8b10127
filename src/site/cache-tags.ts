import type { ArticleTeaser } from '../content/published/index.ts'
import { changeTags } from '../content/changes/index.ts'

/** What showing these stories ties a page to: each story, its bylines and its library image. */
export function teaserTags(...lists: ArticleTeaser[][]): string[] {
  const tags: string[] = []
  for (const list of lists) {
    for (const article of list) {
      tags.push(changeTags.article(article.id))
      for (const author of article.authors) tags.push(changeTags.authorProfile(author.slug))
      if (article.image?.mediaId) tags.push(changeTags.media(article.image.mediaId))
    }
  }
  return tags
}

/** Pages that follow view counts or match any story's words are also kept at most this long. */
export const volatilePageTtlMs = 60_000
