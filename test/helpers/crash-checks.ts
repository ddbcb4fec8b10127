import { sql } from 'kysely'
import type { Database } from '../../src/db/connection.ts'
import type { ArticleStatus } from '../../src/db/schema.ts'
import { headlineWord, type Ledger } from './crash-workload.ts'

/**
 * What the crash-safety suite checks on the database after each kill, with the server down:
 * - losses: an acknowledged write that is not there as acknowledged (a create, a save's revision, a
 *   publish or unpublish), or a story whose row is neither what the client last heard nor the result
 *   of the one write still in flight;
 * - torn: a story whose parts disagree — row and latest revision, bylines, topics and sources, the
 *   search index, the workflow history, the webhook outbox;
 * - integrity: the engine's own checks and rows pointing at nothing.
 */
export type CrashCheck = { losses: string[]; torn: string[]; integrity: string[]; stories: number }

type Row = { id: number; version: number; status: ArticleStatus; headline: string; dek: string | null; slug: string; body_html: string; section_id: number | null; published_at: string | null }
type Snapshot = { headline: string; dek: string; slug: string; bodyHtml: string; sectionId: number | null; authorIds: number[]; tagIds: number[]; sources: { name: string; url: string; kind: string }[] }

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row])
  return groups
}

export async function checkAfterCrash(database: Database, ledger: Ledger): Promise<CrashCheck> {
  const { db } = database
  const articles = (await db
    .selectFrom('articles')
    .select(['id', 'version', 'status', 'headline', 'dek', 'slug', 'body_html', 'section_id', 'published_at'])
    .orderBy('id')
    .execute()) as Row[]
  const byId = new Map(articles.map((a) => [a.id, a]))
  const revisions = groupBy(await db.selectFrom('article_revisions').select(['article_id', 'version', 'snapshot']).execute(), (r) => r.article_id)
  const snapshotOf = (id: number, version: number) => {
    const row = revisions.get(id)?.find((r) => r.version === version)
    return row ? (JSON.parse(row.snapshot) as Snapshot) : undefined
  }
  const transitions = groupBy(await db.selectFrom('article_transitions').select(['article_id', 'from_status', 'to_status']).orderBy('id').execute(), (t) => t.article_id)
  const deliveries = groupBy(await db.selectFrom('webhook_deliveries').select(['article_id', 'event']).execute(), (d) => d.article_id)
  const authors = groupBy(await db.selectFrom('article_authors').select(['article_id', 'author_id']).orderBy('position').execute(), (r) => r.article_id)
  const tags = groupBy(await db.selectFrom('article_tags').select(['article_id', 'tag_id']).orderBy('position').execute(), (r) => r.article_id)
  const sources = groupBy(await db.selectFrom('sources').select(['article_id', 'name', 'url', 'kind']).orderBy('position').execute(), (r) => r.article_id)
  const countTo = (id: number, status: ArticleStatus) => (transitions.get(id) ?? []).filter((t) => t.to_status === status).length

  const losses: string[] = []
  const ackedTransitions = new Map<string, number>()
  for (const write of ledger.acked) {
    const row = byId.get(write.id)
    if (!row) {
      losses.push(`${write.kind} of story ${write.id}: the story is gone`)
      continue
    }
    if (write.kind !== 'create' && write.kind !== 'save') {
      const key = `${write.id} ${write.kind}`
      ackedTransitions.set(key, (ackedTransitions.get(key) ?? 0) + 1)
      continue
    }
    const version = write.kind === 'create' ? 1 : write.version
    const snapshot = snapshotOf(write.id, version)
    if (!snapshot || snapshot.headline !== write.headline || snapshot.bodyHtml !== write.bodyHtml) {
      losses.push(`${write.kind} of story ${write.id} v${version}: revision ${snapshot ? 'holds other text' : 'missing'}`)
    }
    if (row.version < version) losses.push(`${write.kind} of story ${write.id} v${version}: the story is at v${row.version}`)
    // Edits waiting for their first attempt are merged into one delivery, so one is all a save can ask for.
    if (write.kind === 'save' && write.published && !(deliveries.get(write.id) ?? []).some((d) => d.event === 'article.updated')) {
      losses.push(`save of published story ${write.id} v${version}: no article.updated delivery`)
    }
  }
  for (const [key, acked] of ackedTransitions) {
    const [id, kind] = key.split(' ') as [string, 'publish' | 'unpublish']
    const recorded = countTo(Number(id), kind === 'publish' ? 'published' : 'unpublished')
    if (recorded < acked) losses.push(`story ${id}: ${acked} ${kind}es acknowledged, ${recorded} recorded`)
  }
  for (const known of ledger.stories.values()) {
    const row = byId.get(known.id)
    if (!row) continue // reported above
    const asKnown = row.version === known.version && row.headline === known.headline && row.status === known.status
    const pending = known.pending
    const asPending =
      pending?.kind === 'save'
        ? row.version === pending.version && row.headline === pending.headline && row.status === known.status
        : pending !== null && row.version === known.version && row.status === (pending.kind === 'publish' ? 'published' : 'unpublished')
    if (!asKnown && !asPending) {
      losses.push(`story ${known.id}: stored v${row.version} ${row.status} "${row.headline}", acknowledged v${known.version} ${known.status} "${known.headline}"${pending ? ` (in flight: ${JSON.stringify(pending)})` : ''}`)
    }
  }

  const torn: string[] = []
  for (const row of articles) {
    const problems: string[] = []
    const versions = (revisions.get(row.id) ?? []).map((r) => r.version).sort((a, b) => a - b)
    if (versions.join() !== Array.from({ length: row.version }, (_, i) => i + 1).join()) problems.push(`revisions ${versions.join()} for v${row.version}`)
    const latest = snapshotOf(row.id, row.version)
    const stored = {
      headline: row.headline,
      dek: row.dek ?? '',
      slug: row.slug,
      bodyHtml: row.body_html,
      sectionId: row.section_id,
      authorIds: (authors.get(row.id) ?? []).map((a) => a.author_id),
      tagIds: (tags.get(row.id) ?? []).map((t) => t.tag_id),
      sources: (sources.get(row.id) ?? []).map((s) => ({ name: s.name, url: s.url ?? '', kind: s.kind })),
    }
    if (latest) {
      for (const [field, value] of Object.entries(stored)) {
        if (JSON.stringify(value) !== JSON.stringify(latest[field as keyof Snapshot])) problems.push(`${field} differs from revision ${row.version}`)
      }
    }
    const history = transitions.get(row.id) ?? []
    if (history[0]?.from_status !== null || history[0]?.to_status !== 'draft') problems.push('history does not start as a draft')
    history.forEach((t, i) => {
      if (i > 0 && t.from_status !== history[i - 1]?.to_status) problems.push(`transition ${i} from ${t.from_status} after one to ${history[i - 1]?.to_status}`)
    })
    if (history.at(-1)?.to_status !== row.status) problems.push(`status ${row.status}, last transition to ${history.at(-1)?.to_status}`)
    if (row.status === 'published' && row.published_at === null) problems.push('published without published_at')
    for (const [status, event] of [['published', 'article.published'], ['unpublished', 'article.unpublished']] as const) {
      const queued = (deliveries.get(row.id) ?? []).filter((d) => d.event === event).length
      if (queued !== countTo(row.id, status)) problems.push(`${countTo(row.id, status)} transitions to ${status}, ${queued} ${event} deliveries`)
    }
    if (problems.length) torn.push(`story ${row.id}: ${problems.join('; ')}`)
  }
  torn.push(...(await checkSearchIndex(database, articles)))

  return { losses, torn, integrity: await checkIntegrity(database), stories: articles.length }
}

/**
 * The index must find every story by its headline's word, and only that story: SQLite asks FTS5 (and
 * runs its integrity check against the table); PostgreSQL asks the row's tsvector and, for published
 * stories, the partial GIN index itself (sequential scans off).
 */
async function checkSearchIndex(database: Database, articles: Row[]): Promise<string[]> {
  const { db } = database
  const problems: string[] = []
  const words = articles.map((a) => ({ id: a.id, word: headlineWord(a.headline), published: a.status === 'published' }))
  if (database.dialect === 'sqlite') {
    try {
      await sql`insert into articles_fts (articles_fts, rank) values ('integrity-check', 1)`.execute(db)
    } catch (error) {
      problems.push(`search index: ${String(error)}`)
    }
    for (const { id, word } of words) {
      const { rows } = await sql<{ id: number }>`select rowid as id from articles_fts where articles_fts match ${`headline : "${word}"`}`.execute(db)
      if (rows.map((r) => r.id).join() !== String(id)) problems.push(`story ${id}: the search index finds [${rows.map((r) => r.id).join()}] for "${word}"`)
    }
    return problems
  }
  await db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const { rows } = await sql<{ id: number; word: string; in_row: boolean; hits: number[] | null }>`
      select t.id, t.word,
        (select a.search_vector @@ plainto_tsquery('english', t.word) from articles a where a.id = t.id) as in_row,
        (select array_agg(a.id) from articles a where a.status = 'published' and a.search_vector @@ plainto_tsquery('english', t.word)) as hits
      from unnest(${words.map((w) => w.id)}::int[], ${words.map((w) => w.word ?? '')}::text[]) as t(id, word)`.execute(trx)
    for (const row of rows) {
      const expected = words.find((w) => w.id === row.id)?.published ? String(row.id) : ''
      if (!row.in_row || (row.hits ?? []).join() !== expected) problems.push(`story ${row.id}: the search vector ${row.in_row ? 'matches' : 'misses'} "${row.word}", the index finds [${(row.hits ?? []).join()}]`)
    }
  })
  return problems
}

async function checkIntegrity(database: Database): Promise<string[]> {
  const { db } = database
  const problems: string[] = []
  if (database.dialect === 'sqlite') {
    const { rows: integrity } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
    if (integrity.map((r) => r.integrity_check).join() !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity)}`)
    const { rows: foreignKeys } = await sql`pragma foreign_key_check`.execute(db)
    if (foreignKeys.length) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys)}`)
  }
  // Foreign keys hold on both engines, so these must all be 0; webhook_deliveries has none on purpose
  // (a deleted story's deliveries stay in the log), but this workload deletes nothing.
  const { rows } = await sql<{ name: string; orphans: number | string }>`
    select 'article_authors' as name, count(*) as orphans from article_authors x
      where not exists (select 1 from articles a where a.id = x.article_id) or not exists (select 1 from authors u where u.id = x.author_id)
    union all select 'article_tags', count(*) from article_tags x
      where not exists (select 1 from articles a where a.id = x.article_id) or not exists (select 1 from tags t where t.id = x.tag_id)
    union all select 'sources', count(*) from sources x where not exists (select 1 from articles a where a.id = x.article_id)
    union all select 'article_revisions', count(*) from article_revisions x where not exists (select 1 from articles a where a.id = x.article_id)
    union all select 'article_transitions', count(*) from article_transitions x where not exists (select 1 from articles a where a.id = x.article_id)
    union all select 'webhook_deliveries', count(*) from webhook_deliveries x
      where not exists (select 1 from articles a where a.id = x.article_id) or not exists (select 1 from webhooks w where w.id = x.webhook_id)`.execute(db)
  for (const row of rows) if (Number(row.orphans) !== 0) problems.push(`${row.name}: ${row.orphans} rows point at nothing`)
  return problems
}

/**
 * After a check passed: each write still in flight is settled by what the database holds, and stories
 * whose create committed without an answer join the writers' stories, for the next round.
 */
export async function settlePending(database: Database, ledger: Ledger): Promise<void> {
  const rows = await database.db.selectFrom('articles').select(['id', 'version', 'status', 'headline']).execute()
  for (const row of rows) {
    const known = ledger.stories.get(row.id)
    if (known && !known.pending) continue
    ledger.stories.set(row.id, { id: row.id, version: row.version, status: row.status, headline: row.headline, pending: null })
  }
}
