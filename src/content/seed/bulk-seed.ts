import { sql, type Kysely } from 'kysely'
import { vacuumLoadedTables, insertWithoutSearchTriggers, maxArticleId, syncArticleIdSequence, withBulkLoadSettings } from '../../db/bulk-load.ts'
import type { DialectName } from '../../db/connection.ts'
import type { ArticleStatus, DB } from '../../db/schema.ts'
import { sourceKinds } from '../articles/index.ts'
import { prepareChunkWriter, type SeedChunk } from './bulk-seed-writers.ts'
import { ensureSection } from '../taxonomy/index.ts'
import type { SeedImage } from './images.ts'
import {
  asciiSlug, authorName, between, createRandom, chooseParagraphs, generateDateline, generateDek, generateHeadline,
  generateSourceName, paragraphPool, pick, sectionNames, tagName, type Paragraph, type Random,
} from './text.ts'
import { nowTimestamp, excerpt, storedExcerptLength } from '../shared/index.ts'

/**
 * `gazette seed --articles N`: the bulk loader, the one writer of stories that does not go through
 * the domain (createDraft, transitionArticle), because it writes millions of rows with multi-row
 * INSERTs in transactions of `chunkSize` stories. Every column it writes is what the domain writes:
 * bodies assembled from generated paragraphs (see text.ts) with body_text = htmlToText(body_html),
 * word_count = countWords(body_text) and the stored excerpt, the domain's source kinds and the stored
 * labels; the search index is built by the database as for any row. What it
 * leaves out on purpose: revisions, the transition log and the webhook outbox (a seeded archive has no
 * history and nobody to notify). Not for production data: it skips validation and assumes no one
 * else writes articles meanwhile. Demo content and test builders use the domain path.
 */
export type BulkSeedOptions = {
  articles: number
  /** The PRNG seed: the same seed and count give the same archive. */
  seed?: number
  /** Stories per transaction. */
  chunkSize?: number
  /** Photos to use as feature images (from ensureSeedImages); none means no feature images. */
  images?: readonly SeedImage[]
  /** The end of the archive's time span (8 years back from it); defaults to now. */
  now?: Date
  onProgress?: (done: number) => void
  /** Keep SQLite's per-row FTS5 triggers instead of indexing each chunk at once (for comparison). */
  keepSearchTriggers?: boolean
}

export type BulkSeedResult = { articles: number; authors: number; sections: number; tags: number; firstId: number; lastId: number; seconds: number }

const yearMs = 365.25 * 24 * 3_600_000
const spanYears = 8
/** Rows per INSERT statement (the author and topic lists): under either engine's bound-parameter limit. */
const rowsPerStatement = 500
const postgresWriters = 2

export async function bulkSeedArticles(db: Kysely<DB>, dialect: DialectName, options: BulkSeedOptions): Promise<BulkSeedResult> {
  const started = performance.now()
  const random = createRandom(options.seed ?? 1)
  const count = options.articles
  const chunkSize = options.chunkSize ?? 5000
  const pool = paragraphPool(random)
  const [sections, authorIds, tagIds, labels] = await Promise.all([
    ensureSections(db),
    ensureNamed(db, 'authors', Math.ceil(count / 2000) + 20, authorName),
    ensureNamed(db, 'tags', Math.ceil(count / 100) + 50, tagName),
    db.selectFrom('labels').select('name').orderBy('position').execute(),
  ])
  const labelNames = labels.map((l) => l.name).filter((name) => name !== 'Sponsored')
  const end = (options.now ?? new Date()).getTime() - 3_600_000
  const start = end - spanYears * yearMs
  const images = options.images ?? []

  return withBulkLoadSettings(db, dialect, async () => {
    const writer = await prepareChunkWriter(db, dialect, pool)
    try {
      return await load(writer)
    } finally {
      await writer.finish()
    }
  })

  async function load(writer: Awaited<ReturnType<typeof prepareChunkWriter>>): Promise<BulkSeedResult> {
    const firstId = (await maxArticleId(db)) + 1
    let next = 0
    let written = 0
    // Each chunk has its own PRNG (from the seed and its position), so the archive is the same
    // whatever order concurrent writers finish in.
    const writeChunks = async () => {
      for (let done = next; done < count; done = next) {
        next += chunkSize
        const size = Math.min(chunkSize, count - done)
        const chunkFirst = firstId + done
        const chunkRandom = createRandom((options.seed ?? 1) * 1_000_003 + done / chunkSize)
        const rows = buildChunk(chunkRandom, { firstId: chunkFirst, index: done, size, count, start, end, pool, sections, authorIds, tagIds, labelNames, images })
        await db.transaction().execute(async (trx) => {
          const searchDialect = options.keepSearchTriggers ? 'postgres' : dialect
          await insertWithoutSearchTriggers(trx, searchDialect, { first: chunkFirst, last: chunkFirst + size - 1 }, () => writer.write(trx, rows))
        })
        options.onProgress?.((written += size))
      }
    }
    // PostgreSQL derives each story's search vector on the server, ~1 ms of CPU per story: two
    // connections keep both cores busy (and the next chunk is generated while one is written).
    // SQLite has one writer, and its driver blocks while it writes.
    await Promise.all(Array.from({ length: dialect === 'postgres' ? postgresWriters : 1 }, writeChunks))
    await syncArticleIdSequence(db, dialect)
    await vacuumLoadedTables(db, dialect)
    return {
      articles: count,
      authors: authorIds.length,
      sections: sections.length,
      tags: tagIds.length,
      firstId,
      lastId: firstId + count - 1,
      seconds: (performance.now() - started) / 1000,
    }
  }
}

type ChunkInput = {
  firstId: number
  index: number
  size: number
  count: number
  start: number
  end: number
  pool: ReturnType<typeof paragraphPool>
  sections: { id: number; name: string }[]
  authorIds: number[]
  tagIds: number[]
  labelNames: string[]
  images: readonly SeedImage[]
}

function buildChunk(random: Random, input: ChunkInput): SeedChunk {
  const rows: SeedChunk = { articles: [], authors: [], tags: [], sources: [] }
  const step = (input.end - input.start) / input.count
  for (let n = 0; n < input.size; n++) {
    const id = input.firstId + n
    const headline = generateHeadline(random)
    const body = chooseParagraphs(random, input.pool)
    const status = pickStatus(random)
    // Ids follow publication order, as in a real archive.
    const publishedMs = input.start + (input.index + n + random()) * step
    const published = status === 'published' || status === 'unpublished'
    const updatedMs = published && random() < 0.2 ? Math.min(input.end, publishedMs + between(random, 10, 3000) * 60_000) : publishedMs
    const image = input.images.length && random() < 0.7 ? pick(random, input.images) : undefined
    const section = pick(random, input.sections)
    rows.articles.push({
      id,
      slug: `${asciiSlug(headline)}-${id}`,
      headline,
      dek: random() < 0.9 ? generateDek(random) : null,
      paragraphs: body.paragraphs,
      excerpt: seedExcerpt(body.paragraphs, input.pool),
      word_count: body.words,
      status,
      section_id: section.id,
      label: random() < 0.5 ? pick(random, input.labelNames) : null,
      dateline: random() < 0.6 ? generateDateline(random) : null,
      feature_image_url: image?.url ?? null,
      feature_image_alt: image ? `${section.name} photo for ${headline}` : null,
      feature_image_caption: image ? generateDek(random) : null,
      feature_image_credit: image ? 'Gazette staff' : null,
      feature_image_width: image?.width ?? null,
      feature_image_height: image?.height ?? null,
      published_at: published ? iso(publishedMs) : null,
      created_at: iso(publishedMs - between(random, 5, 600) * 60_000),
      updated_at: iso(updatedMs),
      scheduled_at: status === 'scheduled' ? iso(input.end + between(random, 2, 14) * 86_400_000) : null,
      featured: random() < 0.01 ? 1 : 0,
    })
    const byline = random() < 0.15 ? 2 : 1
    for (let position = 0, used = new Set<number>(); position < byline; position++) {
      const authorId = pick(random, input.authorIds)
      if (used.has(authorId)) continue
      used.add(authorId)
      rows.authors.push({ article_id: id, author_id: authorId, position })
    }
    const tagCount = between(random, 1, 4)
    for (let position = 0, used = new Set<number>(); position < tagCount; position++) {
      const tagId = pick(random, input.tagIds)
      if (used.has(tagId)) continue
      used.add(tagId)
      rows.tags.push({ article_id: id, tag_id: tagId, position })
    }
    const sourceCount = between(random, 0, 3)
    for (let position = 0; position < sourceCount; position++) {
      const kind = pick(random, sourceKinds)
      rows.sources.push({ article_id: id, name: generateSourceName(random), url: kind === 'document' ? `https://example.org/documents/${id}-${position}` : null, kind, position })
    }
  }
  return rows
}

function pickStatus(random: Random): ArticleStatus {
  const r = random()
  if (r < 0.95) return 'published'
  if (r < 0.97) return 'draft'
  if (r < 0.98) return 'in_review'
  if (r < 0.99) return 'scheduled'
  return 'unpublished'
}

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString()
}

function* slices<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) yield rows.slice(i, i + rowsPerStatement)
}

async function ensureSections(db: Kysely<DB>): Promise<{ id: number; name: string }[]> {
  const sections = []
  for (const [position, name] of sectionNames.entries()) sections.push(await ensureSection(db, { name, position: position + 1 }))
  return sections
}

/** Authors or tags by generated name, reusing those already there (same slugs); returns their ids. */
async function ensureNamed(db: Kysely<DB>, table: 'authors' | 'tags', count: number, name: (index: number) => string): Promise<number[]> {
  const wanted = Array.from({ length: count }, (_, i) => ({ name: name(i), slug: asciiSlug(name(i)) }))
  const ids: number[] = []
  const createdAt = nowTimestamp()
  for (const part of slices(wanted)) {
    await db
      .insertInto(table)
      .values(part.map((w) => ({ slug: w.slug, name: w.name, created_at: createdAt })))
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute()
    const rows = await db.selectFrom(table).select('id').where('slug', 'in', part.map((w) => w.slug)).execute()
    ids.push(...rows.map((r) => r.id))
  }
  return ids
}

export type ArchiveSample = {
  /** Slugs of published stories spread over the archive, for requests that must miss any cache. */
  articleSlugs: string[]
  /** The section with the most published stories, and how many it has. */
  section: { slug: string; published: number; oldestPageKey: { publishedAt: string; id: number } | null }
  /** A month of publication in the middle of the archive, `YYYY-MM`. */
  month: string
  published: number
}

/** What `npm run bench` requests on a seeded archive. */
export async function sampleArchive(db: Kysely<DB>, slugCount = 1000): Promise<ArchiveSample> {
  const { published } = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('published')).where('status', '=', 'published').executeTakeFirstOrThrow()
  const stride = Math.max(1, Math.floor(Number(published) / slugCount))
  const slugs = await db
    .selectFrom('articles')
    .select(['slug', 'published_at'])
    .where('status', '=', 'published')
    .where(sql<boolean>`id % ${stride} = 0`)
    .limit(slugCount)
    .execute()
  const section = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select((eb) => ['sections.slug', eb.fn.countAll<number>().as('published')])
    .where('articles.status', '=', 'published')
    .groupBy('sections.slug')
    .orderBy('published', 'desc')
    .executeTakeFirstOrThrow()
  // The story just above the section's last page of 20: a keyset `before` it lists the oldest 20.
  const key = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.published_at', 'articles.id'])
    .where('sections.slug', '=', section.slug)
    .where('articles.status', '=', 'published')
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .offset(20)
    .limit(1)
    .executeTakeFirst()
  const oldestPageKey = key?.published_at ? { publishedAt: key.published_at, id: key.id } : null
  const middle = slugs[Math.floor(slugs.length / 2)]?.published_at ?? new Date().toISOString()
  return { articleSlugs: slugs.map((s) => s.slug), section: { slug: section.slug, published: Number(section.published), oldestPageKey }, month: middle.slice(0, 7), published: Number(published) }
}

/** What the domain stores as the excerpt, from the opening paragraphs alone (each is longer than needed). */
function seedExcerpt(paragraphs: readonly number[], pool: readonly Paragraph[]): string {
  let text = ''
  for (const n of paragraphs) {
    text = text ? `${text} ${(pool[n] as Paragraph).text}` : (pool[n] as Paragraph).text
    if (text.length > storedExcerptLength) break
  }
  return excerpt(text, storedExcerptLength)
}
