import type { Kysely } from 'kysely'
import sanitizeHtml from 'sanitize-html'
import type { MigrationContext } from '../migration-helpers.ts'

/**
 * Two repairs of stored text, frozen as of this migration (it imports no domain code, so later changes
 * to the domain's sanitizer or excerpt rule do not change what it did):
 *
 * - Revisions. Until now a revision stored the body as the editor sent it, before sanitizing, and the
 *   edit-conflict page printed it: a planted `<form>` could borrow an admin's form token. Every stored
 *   revision's body is sanitized here with the allow-list the story bodies use.
 * - Excerpts. Pages and the Content API cut an excerpt from a story's text on every render; it is now
 *   written with the story (`articles.excerpt`, at most 500 characters of `body_text`).
 */
const bodyPolicy: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'blockquote', 'figure', 'figcaption', 'img', 'a', 'strong', 'b', 'em', 'i',
    'u', 's', 'sub', 'sup', 'mark', 'code', 'pre', 'ul', 'ol', 'li', 'hr', 'table', 'thead', 'tbody', 'tr',
    'th', 'td', 'caption', 'cite', 'q', 'abbr', 'time',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading'],
    blockquote: ['cite', 'class'],
    abbr: ['title'],
    time: ['datetime'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    p: ['class'],
  },
  allowedClasses: { blockquote: ['pull-quote'], p: ['pull-quote'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
}

/** sanitize-html is quadratic in nesting depth: a body nested deeper than this keeps only its text. */
const maxDepth = 100

function cleanBody(html: string): string {
  let depth = 0
  let deepest = 0
  for (const match of html.matchAll(/<(\/?)[a-z]/gi)) {
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1
    if (depth > deepest) deepest = depth
    if (deepest > maxDepth) break
  }
  if (deepest > maxDepth) return `<p>${html.replace(/<[^>]*>?/g, ' ').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/\s+/g, ' ').trim()}</p>`
  return sanitizeHtml(html, bodyPolicy).trim()
}

function excerptOf(text: string, max = 500): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`
}

type Tables = {
  article_revisions: { id: number; snapshot: string }
  articles: { id: number; body_text: string; excerpt: string | null }
}

const batch = 1000

export async function up(untyped: Kysely<unknown>, _context: MigrationContext): Promise<void> {
  const db = untyped as Kysely<Tables>
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('article_revisions').select(['id', 'snapshot']).where('id', '>', after).orderBy('id').limit(batch).execute()
    if (!rows.length) break
    for (const row of rows) {
      const snapshot = JSON.parse(row.snapshot) as { bodyHtml?: unknown }
      if (typeof snapshot.bodyHtml !== 'string') continue
      const clean = cleanBody(snapshot.bodyHtml)
      if (clean !== snapshot.bodyHtml) await db.updateTable('article_revisions').set({ snapshot: JSON.stringify({ ...snapshot, bodyHtml: clean }) }).where('id', '=', row.id).execute()
    }
    after = rows[rows.length - 1]!.id
  }

  await db.schema.alterTable('articles').addColumn('excerpt', 'text').execute()
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('articles').select(['id', 'body_text']).where('id', '>', after).orderBy('id').limit(batch).execute()
    if (!rows.length) break
    for (const row of rows) await db.updateTable('articles').set({ excerpt: excerptOf(row.body_text) }).where('id', '=', row.id).execute()
    after = rows[rows.length - 1]!.id
  }
}
