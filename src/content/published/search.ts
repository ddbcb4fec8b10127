import { sql } from 'kysely'
import type { Db, DialectName } from '../../db/connection.ts'
import { listArticlesByIds, type ArticleTeaser, type PageRequest } from './queries.ts'

/**
 * Full-text search over published articles: SQLite FTS5 or a PostgreSQL tsvector, both built by
 * migrations/0003-search.ts and kept current by the database itself in the same statement as each
 * write. User input never reaches a query language: it is reduced to plain words, each passed as a
 * quoted FTS5 string or through plainto_tsquery, so no operator, quote or bracket has any effect.
 */

/** Longer input is cut rather than refused: a pasted paragraph still searches for its first words. */
export const maxQueryLength = 200
/** Every term must match; beyond a dozen words a query matches nothing anyway and costs more. */
export const maxSearchTerms = 12
/** A "word" longer than this is a pasted hash or junk, never in an article. */
const maxTermLength = 64

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu

/** The query as the page echoes it back: one line, no control characters, at most maxQueryLength. */
export function normalizeSearchQuery(raw: string): string {
  const oneLine = raw.replace(/[\p{Cc}\s]+/gu, ' ').trim()
  const codePoints = Array.from(oneLine)
  return codePoints.length > maxQueryLength ? codePoints.slice(0, maxQueryLength).join('').trimEnd() : oneLine
}

/** The distinct words of a query, lower-cased; punctuation, symbols and emoji are not searchable. */
export function searchTerms(query: string): string[] {
  const terms = new Set<string>()
  for (const [word] of normalizeSearchQuery(query).matchAll(wordPattern)) {
    if (word.length > maxTermLength) continue
    terms.add(word.toLowerCase())
    if (terms.size === maxSearchTerms) break
  }
  return [...terms]
}

/** An FTS5 MATCH expression requiring every term: each one a quoted string, so none is an operator. */
export function ftsMatchExpression(terms: string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' ')
}

/** A piece of a snippet: plain text, or text that matched the query (shown highlighted). */
export type SnippetPart = { text: string; match: boolean }

// Control characters, as good as never in article text; snippetParts drops any that stand unpaired.
const markStart = '\u0002'
const markEnd = '\u0003'
const markedPattern = /\u0002([^\u0002\u0003]*)\u0003/g

/**
 * Splits a snippet marked by the database into parts. Views render the parts as escaped text and
 * `<mark>`, so nothing from the article is ever interpreted as HTML; unpaired markers are dropped.
 */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  const push = (text: string, match: boolean) => {
    const clean = text.replace(/[\u0002\u0003]/g, '')
    if (clean) parts.push({ text: clean, match })
  }
  let last = 0
  for (const found of marked.matchAll(markedPattern)) {
    push(marked.slice(last, found.index), false)
    push(found[1] ?? '', true)
    last = found.index + found[0].length
  }
  push(marked.slice(last), false)
  return parts
}

export type SearchHit = { article: ArticleTeaser; snippet: SnippetPart[] }

export type SearchResults = {
  /** The query as understood (normalized, possibly cut), for the page to echo. */
  query: string
  terms: string[]
  items: SearchHit[]
  total: number
  page: number
  pageSize: number
  hasNext: boolean
}

type RankedRow = { id: number; total: number | string }

/**
 * Published articles matching every word of `rawQuery`, best first: a match in the headline counts
 * more than one in the dek, which counts more than one in the body; newer first among equals.
 */
export async function searchArticles(db: Db, dialect: DialectName, rawQuery: string, { page, pageSize }: PageRequest): Promise<SearchResults> {
  const query = normalizeSearchQuery(rawQuery)
  const terms = searchTerms(query)
  const nothing: SearchResults = { query, terms, items: [], total: 0, page, pageSize, hasNext: false }
  if (!terms.length) return nothing
  const engine = dialect === 'postgres' ? postgresSearch : sqliteSearch
  const ranked = await engine.rank(db, terms, pageSize, (page - 1) * pageSize)
  if (!ranked.length) return nothing
  const ids = ranked.map((row) => row.id)
  const [articles, snippets] = await Promise.all([listArticlesByIds(db, ids), engine.snippets(db, terms, ids)])
  const total = Number(ranked[0]?.total ?? 0)
  // An article unpublished between the two queries is simply left out.
  const items = articles.map((article) => ({ article, snippet: snippetParts(snippets.get(article.id) ?? '') }))
  return { query, terms, items, total, page, pageSize, hasNext: page * pageSize < total }
}

type SearchEngine = {
  rank(db: Db, terms: string[], limit: number, offset: number): Promise<RankedRow[]>
  /** A marked excerpt of the body of each article, by id. */
  snippets(db: Db, terms: string[], ids: number[]): Promise<Map<number, string>>
}

const sqliteSearch: SearchEngine = {
  async rank(db, terms, limit, offset) {
    // bm25 weights follow the FTS5 column order (headline, dek, body_text); lower is better. It must
    // be computed in a query over the FTS table alone, hence the CTE before the join and the count.
    const { rows } = await sql<RankedRow>`
      with hits as (
        select rowid as id, bm25(articles_fts, 10.0, 4.0, 1.0) as rank from articles_fts where articles_fts match ${ftsMatchExpression(terms)}
      )
      select articles.id as id, count(*) over () as total
      from hits join articles on articles.id = hits.id
      where articles.status = 'published'
      order by hits.rank, articles.published_at desc, articles.id desc
      limit ${limit} offset ${offset}`.execute(db)
    return rows
  },
  async snippets(db, terms, ids) {
    // Column 2 is body_text; about 32 tokens around the best match, or the start of the body.
    const { rows } = await sql<{ id: number; snippet: string | null }>`
      select rowid as id, snippet(articles_fts, 2, ${markStart}, ${markEnd}, '…', 32) as snippet
      from articles_fts
      where articles_fts match ${ftsMatchExpression(terms)} and rowid in (${sql.join(ids)})`.execute(db)
    return new Map(rows.map((row) => [row.id, row.snippet ?? '']))
  },
}

// The text search configuration must be the one the generated column uses (migrations/0003-search.ts).
// Up to two fragments of 10–20 words around matches: about as long as the SQLite snippet.
const postgresHeadlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=20, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`

const postgresSearch: SearchEngine = {
  async rank(db, terms, limit, offset) {
    // plainto_tsquery reads plain words only (AND of all); ts_rank weighs A/B/C = headline/dek/body.
    const { rows } = await sql<RankedRow>`
      select articles.id as id, count(*) over () as total
      from articles, plainto_tsquery('english'::regconfig, ${terms.join(' ')}) as query
      where articles.status = 'published' and articles.search_vector @@ query
      order by ts_rank(articles.search_vector, query) desc, articles.published_at desc, articles.id desc
      limit ${limit} offset ${offset}`.execute(db)
    return rows
  },
  async snippets(db, terms, ids) {
    const { rows } = await sql<{ id: number; snippet: string | null }>`
      select id, ts_headline('english'::regconfig, body_text, plainto_tsquery('english'::regconfig, ${terms.join(' ')}), ${postgresHeadlineOptions}) as snippet
      from articles
      where id in (${sql.join(ids)})`.execute(db)
    return new Map(rows.map((row) => [row.id, row.snippet ?? '']))
  },
}
