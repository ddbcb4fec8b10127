import { between, pick, type Random } from '../../src/content/seed/index.ts'
import type { ArticleStatus } from '../../src/db/schema.ts'

/**
 * The client side of the crash-safety suite (test/security/crash-safety.test.ts): newsroom programs
 * writing through the Admin API while the server may be killed at any moment. It keeps a ledger of
 * every write the server acknowledged (a 2xx whose body arrived) and, per story, what the client
 * knows for certain and the one write still in flight, so a check after the crash can tell a lost
 * write from one that never got its answer.
 */

export type StoryContent = { headline: string; bodyHtml: string; tagIds: number[]; authorIds: number[] }

/** What the client knows about one of its stories: its last acknowledged state, and the write that had no answer yet. */
export type KnownStory = {
  id: number
  version: number
  status: ArticleStatus
  headline: string
  pending: { kind: 'save'; version: number; headline: string } | { kind: 'publish' | 'unpublish' } | null
}

export type AckedWrite =
  | { kind: 'create'; id: number; headline: string; bodyHtml: string }
  /** `published`: the story was public, so the save owes webhooks an article.updated. */
  | { kind: 'save'; id: number; version: number; headline: string; bodyHtml: string; published: boolean }
  | { kind: 'publish' | 'unpublish'; id: number }

export type Ledger = {
  acked: AckedWrite[]
  stories: Map<number, KnownStory>
  /** Answers no client of a correct server gets (a 5xx, a 409 for a write made from the known version, …). */
  unexpected: string[]
  /** Transitions sent twice at once on purpose: the second one must find the first done (409). */
  raceLosers: number
}

export function createLedger(): Ledger {
  return { acked: [], stories: new Map(), unexpected: [], raceLosers: 0 }
}

export type WorkloadOptions = {
  baseUrl: string
  token: string
  random: Random
  sectionId: number
  tagIds: number[]
  authorIds: number[]
  /** Writers editing, publishing and unpublishing their own stories. */
  writers: number
  /** Stories created at once by the importer. */
  importBurst: number
}

/** A word no other write carries: the search index must find the story by it. Digits keep stemmers off it. */
let wordSequence = 0
export function uniqueWord(): string {
  return `w${(++wordSequence).toString(36)}x${process.pid.toString(36)}q`
}

/** The search word of a headline written here. */
export function headlineWord(headline: string): string | null {
  return /\b(w[0-9a-z]+q)\b/.exec(headline)?.[1] ?? null
}

function content(random: Random, options: WorkloadOptions): StoryContent {
  const word = uniqueWord()
  const paragraphs = between(random, 2, 8)
  const filler = 'The harbour authority said the quay would reopen after the repairs, and the council agreed to pay for the work.'
  return {
    headline: `Crash test ${word} ${pick(random, ['ferry', 'budget', 'storm', 'council', 'bridge'])}`,
    bodyHtml: Array.from({ length: paragraphs }, (_, i) => `<p>${i === 0 ? `Story ${word}. ` : ''}${filler}</p>`).join(''),
    tagIds: options.tagIds.filter(() => random() < 0.5),
    authorIds: [pick(random, options.authorIds)],
  }
}

function body(c: StoryContent, sectionId: number) {
  return {
    headline: c.headline,
    body_html: c.bodyHtml,
    section_id: sectionId,
    tag_ids: c.tagIds,
    author_ids: c.authorIds,
    sources: [{ name: `Desk of ${headlineWord(c.headline)}`, kind: 'quoted' }],
  }
}

type Answer = { status: number; json: Record<string, unknown> }

export type RunningWorkload = {
  /** Resolves at the first acknowledged write: the server is warm from then on. */
  firstAck: Promise<void>
  /** Resolves once every request has its answer or has failed with the connection. */
  finished: Promise<void>
}

/**
 * Runs writers and an importer against the server until `stop` resolves (the test kills the server
 * then). "Import": Gazette has no importer yet, so bursts of concurrent creates stand in for one.
 */
export function runWorkload(ledger: Ledger, options: WorkloadOptions, stop: Promise<void>): RunningWorkload {
  const { random } = options
  let stopped = false
  let acknowledged = () => {}
  const firstAck = new Promise<void>((resolve) => (acknowledged = resolve))
  const ack = (write: AckedWrite) => {
    ledger.acked.push(write)
    acknowledged()
  }
  const stopping = stop.then(() => {
    stopped = true
  })

  async function send(method: string, path: string, payload?: unknown): Promise<Answer | null> {
    try {
      const res = await fetch(options.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(60_000),
      })
      return { status: res.status, json: (await res.json()) as Record<string, unknown> }
    } catch (error) {
      // The connection died with the server: no answer, so the write is neither acknowledged nor refused.
      if (stopped) return null
      ledger.unexpected.push(`${method} ${path}: ${String(error)}`)
      return null
    }
  }

  async function create(): Promise<void> {
    const c = content(random, options)
    const answer = await send('POST', '/api/admin/articles', body(c, options.sectionId))
    if (!answer) return
    if (answer.status !== 201) return void ledger.unexpected.push(`create: ${answer.status} ${JSON.stringify(answer.json)}`)
    const id = answer.json.id as number
    ack({ kind: 'create', id, headline: c.headline, bodyHtml: answer.json.body_html as string })
    ledger.stories.set(id, { id, version: answer.json.version as number, status: 'draft', headline: c.headline, pending: null })
  }

  async function save(story: KnownStory): Promise<void> {
    const c = content(random, options)
    const version = story.version + 1
    story.pending = { kind: 'save', version, headline: c.headline }
    const answer = await send('PATCH', `/api/admin/articles/${story.id}`, { version: story.version, ...body(c, options.sectionId) })
    if (!answer) return
    story.pending = null
    if (answer.status !== 200 || answer.json.version !== version) return void ledger.unexpected.push(`save ${story.id}@${story.version}: ${answer.status}`)
    ack({ kind: 'save', id: story.id, version, headline: c.headline, bodyHtml: answer.json.body_html as string, published: story.status === 'published' })
    Object.assign(story, { version, headline: c.headline })
  }

  /** `twice`: sends the same transition twice at once; exactly one may win. */
  async function transition(story: KnownStory, action: 'publish' | 'unpublish', twice: boolean): Promise<void> {
    story.pending = { kind: action }
    const answers = await Promise.all(Array.from({ length: twice ? 2 : 1 }, () => send('POST', `/api/admin/articles/${story.id}/${action}`)))
    const won = answers.filter((a) => a?.status === 200).length
    for (let i = 0; i < won; i++) ack({ kind: action, id: story.id })
    if (won) story.status = action === 'publish' ? 'published' : 'unpublished'
    // An answer lost with the server leaves the transition pending: the check accepts it done or not.
    if (answers.some((a) => a === null)) return
    story.pending = null
    const lost = answers.filter((a) => a?.status !== 200)
    if (won === 1 && lost.every((a) => a?.status === 409)) ledger.raceLosers += lost.length
    else ledger.unexpected.push(`${action} ${story.id}${twice ? ' (twice at once)' : ''}: ${answers.map((a) => a?.status).join(', ')}`)
  }

  /** Each writer works on stories of its own, one write at a time, so it always knows what to expect. */
  async function writer(index: number): Promise<void> {
    while (!stopped) {
      const mine = [...ledger.stories.values()].filter((s) => s.id % options.writers === index && s.pending === null)
      if (mine.length === 0 || random() < 0.1) {
        await create()
        continue
      }
      const story = pick(random, mine)
      const roll = random()
      if (roll < 0.5) await save(story)
      else await transition(story, story.status === 'published' ? 'unpublish' : 'publish', roll > 0.85)
    }
  }

  async function importer(): Promise<void> {
    while (!stopped) await Promise.all(Array.from({ length: options.importBurst }, create))
  }

  const finished = Promise.all([...Array.from({ length: options.writers }, (_, i) => writer(i)), importer(), stopping]).then(() => {})
  return { firstAck, finished }
}
