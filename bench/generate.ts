import { ensureAuthor, ensureSection, ensureTag } from '../src/content/taxonomy/index.ts'
import type { Media } from '../src/content/media/index.ts'
import { openDatabase } from '../src/db/connection.ts'
import { buildArticle, buildImage } from '../test/helpers/builders.ts'

const words = 'harbour council budget minister election court ferry storm market school hospital river bridge police report inquiry vote union strike energy prices housing rail port farmers coast'.split(' ')

function sentence(seed: number, length: number): string {
  const out: string[] = []
  for (let i = 0; i < length; i++) out.push(words[(seed * 31 + i * 7) % words.length] as string)
  const text = out.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

export type BenchArticleOptions = {
  /** The newest this many articles get a library photo (WebP widths plus JPEG, written to `mediaDir`). */
  featureImages?: { count: number; mediaDir: string }
}

/** Fills the benchmark archive through the domain layer, so the data is shaped as in production. */
export async function generateBenchArticles(databaseUrl: string, count: number, options: BenchArticleOptions = {}) {
  const database = await openDatabase(databaseUrl)
  const { db } = database
  try {
    const imageCount = Math.min(count, options.featureImages?.count ?? 0)
    const images: Media[] = []
    for (let i = 0; i < imageCount; i++) images.push(await buildImage(db, options.featureImages?.mediaDir as string, { caption: sentence(i, 10) }))
    const sections = await Promise.all(['World', 'Business', 'Science', 'Sport'].map((name, position) => ensureSection(db, { name, position: position + 2 })))
    const authors = await Promise.all(['Ada Reporter', 'Sam Writer', 'Lee Editor'].map((name) => ensureAuthor(db, { name })))
    const tags = await Promise.all(['Economy', 'Climate', 'Transport', 'Health'].map((name) => ensureTag(db, { name })))
    const start = Date.parse('2019-01-01T00:00:00Z')
    let articleSlug = ''
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i++) {
        const paragraphs = Array.from({ length: 12 }, (_, p) => `<p>${sentence(i + p, 40)} ${sentence(i * 3 + p, 30)}</p>`).join('\n')
        const image = i >= count - imageCount ? images[i - (count - imageCount)] : undefined
        const { slug } = await buildArticle(trx, {
          headline: `${sentence(i, 8).slice(0, -1)} ${i}`,
          dek: sentence(i + 1, 18),
          bodyHtml: paragraphs,
          sectionId: (sections[i % sections.length] as { id: number }).id,
          authorIds: [(authors[i % authors.length] as { id: number }).id],
          tagIds: [(tags[i % tags.length] as { id: number }).id],
          sources: [{ name: 'Council minutes', kind: 'document', url: 'https://example.org/minutes' }],
          publishedAt: new Date(start + i * 3_600_000).toISOString(),
          featureMedia: image,
        })
        if (i === Math.floor(count / 2)) articleSlug = slug
      }
    })
    const perSection = Math.ceil(count / sections.length)
    return {
      articleSlug: articleSlug || 'us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq',
      sectionSlug: (sections[0] as { slug: string }).slug,
      deepPage: Math.max(1, Math.floor(perSection / 20)),
    }
  } finally {
    await database.destroy()
  }
}
