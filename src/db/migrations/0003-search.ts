import { sql, type Kysely } from 'kysely'
import { Parser } from 'htmlparser2'
import type { MigrationContext } from '../migration-helpers.ts'

/**
 * Full-text search over articles. `body_text` is the body without its tags, written by the domain
 * functions together with `body_html` (SQL cannot strip HTML portably). The index is derived from
 * headline, dek and body_text inside the database, so it changes in the same statement as the row:
 * - SQLite: an FTS5 table over the articles table (external content), kept current by triggers;
 * - PostgreSQL: a generated, weighted tsvector column with a GIN index over published rows.
 * Both stem English words (`porter` / `english`); search.ts must use the same configuration.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema.alterTable('articles').addColumn('body_text', 'text', (c) => c.notNull().defaultTo('')).execute()
  await backfillBodyText(db)
  if (dialect === 'postgres') await createPostgresIndex(db)
  else await createSqliteIndex(db)
}

/**
 * Plain text of a stored body, as the write paths made it when this migration was written
 * (`htmlToText`, src/content/shared/html.ts), so a back-filled row reads like one saved then. A frozen
 * copy: a migration must mean the same thing after today's code changes. Stored bodies were already
 * sanitized, so the nesting limit of today's function never applies here.
 */
function textOf(html: string): string {
  const blockEnds = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'td', 'th', 'br', 'tr', 'div'])
  const hiddenText = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template'])
  const parts: string[] = []
  let hidden = 0
  const onclosetag = (name: string) => {
    if (hiddenText.has(name)) hidden = Math.max(0, hidden - 1)
    if (blockEnds.has(name)) parts.push(' ')
  }
  const onopentag = (name: string) => void (hiddenText.has(name) && (hidden += 1))
  const ontext = (text: string) => void (hidden === 0 && parts.push(text))
  new Parser({ onopentag, ontext, onclosetag }, { decodeEntities: true }).end(html)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

type BodyColumns = { articles: { id: number; body_html: string; body_text: string } }

/** In batches, so a large archive never sits in memory at once. */
async function backfillBodyText(untyped: Kysely<unknown>, batchSize = 200): Promise<void> {
  const db = untyped as Kysely<BodyColumns>
  let lastId = 0
  for (;;) {
    const rows = await db.selectFrom('articles').select(['id', 'body_html']).where('id', '>', lastId).orderBy('id').limit(batchSize).execute()
    for (const row of rows) {
      await db.updateTable('articles').set({ body_text: textOf(row.body_html) }).where('id', '=', row.id).execute()
    }
    const last = rows.at(-1)
    if (!last || rows.length < batchSize) return
    lastId = last.id
  }
}

/**
 * Every article is indexed (the query keeps only published ones): this is FTS5's documented
 * external-content pattern, so `rebuild` and `integrity-check` keep working. Column order matters:
 * search.ts weighs and snippets them by position (headline 0, dek 1, body_text 2).
 */
async function createSqliteIndex(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table articles_fts using fts5(
    headline, dek, body_text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db)
  await sql`create trigger articles_fts_after_insert after insert on articles begin
    insert into articles_fts (rowid, headline, dek, body_text) values (new.id, new.headline, new.dek, new.body_text);
  end`.execute(db)
  await sql`create trigger articles_fts_after_delete after delete on articles begin
    insert into articles_fts (articles_fts, rowid, headline, dek, body_text) values ('delete', old.id, old.headline, old.dek, old.body_text);
  end`.execute(db)
  // Only a change to an indexed column touches the index; status changes are filtered at query time.
  await sql`create trigger articles_fts_after_update after update of headline, dek, body_text on articles begin
    insert into articles_fts (articles_fts, rowid, headline, dek, body_text) values ('delete', old.id, old.headline, old.dek, old.body_text);
    insert into articles_fts (rowid, headline, dek, body_text) values (new.id, new.headline, new.dek, new.body_text);
  end`.execute(db)
  await sql`insert into articles_fts (articles_fts) values ('rebuild')`.execute(db)
}

/** Weights A/B/C make a headline match outrank a dek match, and a dek match a body match. */
async function createPostgresIndex(db: Kysely<unknown>): Promise<void> {
  await sql`alter table articles add column search_vector tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'C')
  ) stored`.execute(db)
  // Partial: search only ever asks for published articles, so drafts need not be in the index.
  await sql`create index articles_search_idx on articles using gin (search_vector) where status = 'published'`.execute(db)
}
