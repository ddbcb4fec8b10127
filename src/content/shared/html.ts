import { Parser } from 'htmlparser2'
import sanitizeHtml from 'sanitize-html'
import { ValidationError } from '../../errors.ts'

/**
 * What an article body may contain. Everything else is dropped on write, so what is stored is safe to
 * print as-is on every page, feed and API.
 */
const articleBodyPolicy: sanitizeHtml.IOptions = {
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
  transformTags: {
    // Links in stories leave the site: never pass our referrer or window to them.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
}

/**
 * How much structure a body may have. sanitize-html does work per open ancestor for every node, so
 * its cost grows with depth × nodes: these bounds keep the worst body at a few tens of milliseconds
 * (a real story is ~15 levels and a few hundred elements).
 */
export const htmlLimits = { maxDepth: 100, maxElements: 20_000 } as const

/**
 * The longest body a story may have (about 50,000 words of markup): sanitizing is linear in the
 * length, and this keeps the worst body's sanitizing near 100 ms of one core.
 */
export const maxBodyHtmlLength = 300_000

export class HtmlTooComplexError extends ValidationError {
  constructor(problem: string) {
    super('The body is too complex to store.', [`bodyHtml: ${problem}`])
  }
}

const stopScan = Symbol('stop')

/**
 * One linear pass over the markup (htmlparser2 keeps its own stack of open tags, which the depth bound
 * keeps short): the first limit crossed, or null. Stops reading as soon as a limit is crossed.
 */
export function htmlComplexityProblem(html: string): string | null {
  let depth = 0
  let elements = 0
  let problem: string | null = null
  const parser = new Parser(
    {
      onopentag() {
        elements += 1
        depth += 1
        if (depth > htmlLimits.maxDepth) problem = `nests tags more than ${htmlLimits.maxDepth} levels deep`
        else if (elements > htmlLimits.maxElements) problem = `has more than ${htmlLimits.maxElements} elements`
        if (problem) throw stopScan
      },
      onclosetag() {
        depth -= 1
      },
    },
    { decodeEntities: false },
  )
  try {
    parser.end(html)
  } catch (error) {
    if (error !== stopScan) throw error
  }
  return problem
}

/** Sanitizes a body within the limits above; a body past them is refused with a 400 naming the limit. */
export function sanitizeArticleHtml(html: string): string {
  const problem = htmlComplexityProblem(html)
  if (problem) throw new HtmlTooComplexError(problem)
  return sanitizeHtml(html, articleBodyPolicy).trim()
}

/**
 * Stored HTML as the newsroom prints it: always through the same sanitizer, so a row written before a
 * policy change (or by hand) cannot add markup to a page; a body past the limits shows as its text.
 */
export function printableBodyHtml(html: string): string {
  try {
    return sanitizeArticleHtml(html)
  } catch (error) {
    if (error instanceof HtmlTooComplexError) return `<p>${escapeHtml(html.replace(/<[^>]*>?/g, ' ').slice(0, 20_000))}</p>`
    throw error
  }
}

/** Block ends and line breaks become spaces, so words from two paragraphs never run together. */
const blockEnds = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'td', 'th', 'br', 'tr', 'div'])
/** Elements whose text is not prose a reader sees. */
const hiddenText = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template'])

/** Plain text of an HTML fragment in one linear pass, entities decoded, white space folded. */
export function htmlToText(html: string): string {
  const parts: string[] = []
  let hidden = 0
  let depth = 0
  const parser = new Parser(
    {
      onopentag(name) {
        // htmlparser2's own stack makes deep nesting quadratic: refuse what the sanitizer would refuse.
        if (++depth > htmlLimits.maxDepth) throw new HtmlTooComplexError(`nests tags more than ${htmlLimits.maxDepth} levels deep`)
        if (hiddenText.has(name)) hidden += 1
      },
      ontext(text) {
        if (hidden === 0) parts.push(text)
      },
      onclosetag(name) {
        depth -= 1
        if (hiddenText.has(name)) hidden = Math.max(0, hidden - 1)
        if (blockEnds.has(name)) parts.push(' ')
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

export function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)
  return words ? words.length : 0
}

/** Reading time at an unhurried 230 words a minute, never less than one minute. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230))
}

/** How much of a story's text is kept as its excerpt (Ghost's `excerpt` is 500 characters). */
export const storedExcerptLength = 500

/** The first sentences of a text, up to `max` characters, cut at a word boundary. */
export function excerpt(text: string, max = 200): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
