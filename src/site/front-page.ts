import type { Db } from '../db/connection.ts'
import { isFirstPage, listPublishedArticles, type ListingPage, type ListPosition, listFrontPageTrending } from '../content/published/index.ts'
import type { Section } from '../content/taxonomy/index.ts'
import type { SiteSettings } from '../content/settings/index.ts'
import { topStoryCount, type SectionRail } from './views/home-page.tsx'

const pageSize = 20
const railSize = 4

/**
 * What the front page shows: the latest stories, the most read (the day's, topped up from the week) and, for page 1 of the
 * newspaper layout, one rail per section (skipping stories already at the top).
 */
export async function loadFrontPage(db: Db, settings: SiteSettings, sections: Section[], position: ListPosition) {
  const withRails = settings.frontLayout === 'newspaper' && isFirstPage(position)
  const [latest, trending] = await Promise.all([
    listPublishedArticles(db, {}, { position, pageSize }),
    settings.showTrending ? listFrontPageTrending(db, 5) : [],
  ])
  const rails = withRails ? await loadSectionRails(db, sections.slice(0, settings.frontSectionRails), latest) : []
  return { latest: latest.items, position, older: latest.older, newer: latest.newer, trending, rails }
}

async function loadSectionRails(db: Db, sections: Section[], latest: ListingPage): Promise<SectionRail[]> {
  const onTop = new Set(latest.items.slice(0, topStoryCount).map((a) => a.id))
  const lists = await Promise.all(sections.map((s) => listPublishedArticles(db, { sectionId: s.id }, { pageSize: railSize + topStoryCount })))
  return sections
    .map((section, i) => ({ section, articles: (lists[i]?.items ?? []).filter((a) => !onTop.has(a.id)).slice(0, railSize) }))
    .filter((rail) => rail.articles.length > 0)
}
