import { sql, type Insertable, type Transaction } from 'kysely'
import type { Db, DialectName } from '../../db/connection.ts'
import type { ArticleTable, DB } from '../../db/schema.ts'
import type { Paragraph } from './text.ts'

/**
 * How `gazette seed --articles` writes a chunk of generated stories. A story's body is a list of
 * paragraphs from the seed's pool (seed-text.ts), so only their numbers need to travel: SQLite
 * assembles the ~15 KB of HTML and text itself from a temporary copy of the pool, which keeps a
 * gigabyte of short-lived strings out of the JavaScript heap and off the bindings.
 */
export type SeedArticle = Omit<Insertable<ArticleTable>, 'body_html' | 'body_text'> & { paragraphs: number[] }

export type SeedChunk = {
  articles: SeedArticle[]
  authors: Insertable<DB['article_authors']>[]
  tags: Insertable<DB['article_tags']>[]
  sources: Insertable<DB['sources']>[]
}

export type ChunkWriter = {
  write(trx: Transaction<DB>, chunk: SeedChunk): Promise<void>
  /** Drops what `prepare` made; runs whether or not the load succeeded. */
  finish(): Promise<void>
}

/** Rows per INSERT statement: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const rowsPerStatement = 500

export async function prepareChunkWriter(db: Db, dialect: DialectName, pool: readonly Paragraph[]): Promise<ChunkWriter> {
  return dialect === 'postgres' ? postgresWriter(pool) : sqliteWriter(db, pool)
}

/** PostgreSQL builds each search vector on the server anyway; the strings are sent as they are. */
function postgresWriter(pool: readonly Paragraph[]): ChunkWriter {
  return {
    async write(trx, chunk) {
      const articles = chunk.articles.map(({ paragraphs, ...row }) => ({ ...row, ...bodyOf(paragraphs, pool) }))
      for (const part of slices(articles)) await trx.insertInto('articles').values(part).execute()
      for (const part of slices(chunk.authors)) await trx.insertInto('article_authors').values(part).execute()
      for (const part of slices(chunk.tags)) await trx.insertInto('article_tags').values(part).execute()
      for (const part of slices(chunk.sources)) await trx.insertInto('sources').values(part).execute()
    },
    async finish() {},
  }
}

/** What generateBody makes of the same paragraphs, and what htmlToText gives back for the HTML. */
export function bodyOf(paragraphs: readonly number[], pool: readonly Paragraph[]): { body_html: string; body_text: string } {
  const chosen = paragraphs.map((n) => pool[n] as Paragraph)
  return { body_html: chosen.map((p) => p.html).join('\n'), body_text: chosen.map((p) => p.text).join(' ') }
}

async function sqliteWriter(db: Db, pool: readonly Paragraph[]): Promise<ChunkWriter> {
  await sql`create temp table if not exists seed_paragraphs (n integer primary key, html text not null, text text not null)`.execute(db)
  await sql`delete from temp.seed_paragraphs`.execute(db)
  await sql`insert into temp.seed_paragraphs (n, html, text) select key, value ->> 0, value ->> 1 from json_each(${JSON.stringify(pool.map((p) => [p.html, p.text]))})`.execute(db)
  return {
    async write(trx, chunk) {
      await insertArticlesFromJson(trx, chunk.articles)
      await insertFromJson(trx, 'article_authors', chunk.authors)
      await insertFromJson(trx, 'article_tags', chunk.tags)
      await insertFromJson(trx, 'sources', chunk.sources)
    },
    async finish() {
      await sql`drop table if exists temp.seed_paragraphs`.execute(db)
    },
  }
}

/** One statement per chunk: each row is a JSON object named by column; the body is joined in SQL. */
async function insertArticlesFromJson(trx: Transaction<DB>, articles: SeedArticle[]): Promise<void> {
  const first = articles[0]
  if (!first) return
  const columns = Object.keys(first).filter((column) => column !== 'paragraphs')
  const joined = (column: 'html' | 'text', separator: string) =>
    sql`(select group_concat(p.${sql.raw(column)}, ${separator}) from json_each(r.value -> '$.paragraphs') j join temp.seed_paragraphs p on p.n = j.value)`
  await sql`insert into articles (${sql.join(columns.map((c) => sql.id(c)))}, body_html, body_text)
    select ${sql.join(columns.map((c) => sql`r.value ->> ${`$.${c}`}`))}, ${joined('html', '\n')}, ${joined('text', ' ')}
    from json_each(${JSON.stringify(articles)}) r`.execute(trx)
}

async function insertFromJson<T extends object>(trx: Transaction<DB>, table: 'article_authors' | 'article_tags' | 'sources', rows: T[]): Promise<void> {
  const first = rows[0]
  if (!first) return
  const columns = Object.keys(first)
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})
    select ${sql.join(columns.map((c) => sql`r.value ->> ${`$.${c}`}`))} from json_each(${JSON.stringify(rows)}) r`.execute(trx)
}

function* slices<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) yield rows.slice(i, i + rowsPerStatement)
}
