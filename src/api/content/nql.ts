import { FilterError, type FilterComparison, type FilterNode, type FilterOperator, type FilterValue } from '../../content/content-api/index.ts'

/**
 * A recursive-descent parser for the part of Ghost's NQL filter language that Content API clients use:
 *
 *   filter     := or
 *   or         := and ("," and)*            tag:news,tag:sport
 *   and        := term ("+" term)*           tag:news+featured:true
 *   term       := "(" or ")" | comparison
 *   comparison := field ":" "-"? ( "[" value ("," value)* "]" | (">" | ">=" | "<" | "<=")? value )
 *   value      := 'single quoted' | "double quoted" | bare      (bare: no spaces, quotes, brackets, , + : )
 *
 * `-` negates (`tag:-news`, `tag:-[a,b]`). The result is a tree of comparisons; which fields exist and
 * what their values mean is decided by the domain (src/content/content-filter.ts). Any input either
 * parses or throws FilterError (a 400): the parser has limits, so no input can make it work hard.
 */
export const maxFilterLength = 2000
const maxDepth = 20
const maxComparisons = 50

const bareValue = /[^\s'"[\](),+:]/
const fieldStart = /[A-Za-z_]/
const fieldChar = /[A-Za-z0-9_.]/

export function parseNql(input: string): FilterNode {
  if (input.length > maxFilterLength) throw new FilterError(`A filter is at most ${maxFilterLength} characters.`)
  // No value could match it, and PostgreSQL text cannot even hold one to compare.
  if (input.includes('\u0000')) throw new FilterError('A filter cannot contain NUL (\\u0000) characters.')
  const parser = new NqlParser(input)
  const node = parser.parseOr(0)
  parser.skipSpace()
  if (!parser.atEnd()) parser.fail('expected "+", "," or the end of the filter')
  return node
}

class NqlParser {
  private position = 0
  private comparisons = 0

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.peek())) this.position++
  }

  fail(expected: string): never {
    const found = this.atEnd() ? 'the end' : `"${this.peek()}"`
    throw new FilterError(`At position ${this.position + 1}: ${expected}, found ${found}.`)
  }

  parseOr(depth: number): FilterNode {
    const children = [this.parseAnd(depth)]
    while (this.accept(',')) children.push(this.parseAnd(depth))
    return children.length === 1 ? (children[0] as FilterNode) : { type: 'or', children }
  }

  private peek(): string {
    return this.text[this.position] ?? ''
  }

  /** Consumes `token` (after any spaces) when it is next. */
  private accept(token: string): boolean {
    this.skipSpace()
    if (!this.text.startsWith(token, this.position)) return false
    this.position += token.length
    return true
  }

  private parseAnd(depth: number): FilterNode {
    const children = [this.parseTerm(depth)]
    while (this.accept('+')) children.push(this.parseTerm(depth))
    return children.length === 1 ? (children[0] as FilterNode) : { type: 'and', children }
  }

  private parseTerm(depth: number): FilterNode {
    if (!this.accept('(')) return this.parseComparison()
    if (depth >= maxDepth) throw new FilterError(`A filter nests at most ${maxDepth} parentheses deep.`)
    const inner = this.parseOr(depth + 1)
    if (!this.accept(')')) this.fail('expected ")"')
    return inner
  }

  private parseComparison(): FilterComparison {
    if (++this.comparisons > maxComparisons) throw new FilterError(`A filter has at most ${maxComparisons} conditions.`)
    const field = this.parseField()
    if (!this.accept(':')) this.fail(`expected ":" after "${field}"`)
    const negated = this.accept('-')
    if (this.accept('[')) {
      const values = [this.parseValue()]
      while (this.accept(',')) values.push(this.parseValue())
      if (!this.accept(']')) this.fail('expected "," or "]"')
      return { type: 'comparison', field, operator: negated ? 'nin' : 'in', values }
    }
    const operator = this.parseOperator()
    if (negated && operator !== '=') this.fail('expected a value after "-"')
    return { type: 'comparison', field, operator: negated ? '!=' : operator, values: [this.parseValue()] }
  }

  private parseField(): string {
    this.skipSpace()
    const start = this.position
    if (!fieldStart.test(this.peek())) this.fail('expected a field name such as tag or published_at')
    while (!this.atEnd() && fieldChar.test(this.peek())) this.position++
    return this.text.slice(start, this.position)
  }

  private parseOperator(): FilterOperator {
    for (const operator of ['>=', '<=', '>', '<'] as const) if (this.accept(operator)) return operator
    return '='
  }

  private parseValue(): FilterValue {
    this.skipSpace()
    const quote = this.peek()
    if (quote === "'" || quote === '"') return { text: this.parseQuoted(quote), quoted: true }
    const start = this.position
    while (!this.atEnd() && bareValue.test(this.peek())) this.position++
    if (this.position === start) this.fail('expected a value')
    return { text: this.text.slice(start, this.position), quoted: false }
  }

  /** A quoted string; a backslash escapes the next character (`'it\'s'`). */
  private parseQuoted(quote: string): string {
    this.position++
    let text = ''
    while (!this.atEnd()) {
      const char = this.peek()
      this.position++
      if (char === quote) return text
      if (char === '\\' && !this.atEnd()) {
        text += this.peek()
        this.position++
      } else {
        text += char
      }
    }
    return this.fail(`expected a closing ${quote}`)
  }
}
