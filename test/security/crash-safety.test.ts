import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, createUser, toActor } from '../../src/content/accounts/index.ts'
import { ensureAuthor, ensureSection, ensureTag } from '../../src/content/taxonomy/index.ts'
import type { Actor } from '../../src/content/accounts/index.ts'
import { between, createRandom } from '../../src/content/seed/index.ts'
import { createWebhook, webhookEvents } from '../../src/content/webhooks/index.ts'
import { openDatabase, type Database } from '../../src/db/connection.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { nowTimestamp } from '../../src/content/shared/index.ts'
import { ValidationError } from '../../src/errors.ts'
import { checkAfterCrash, settlePending } from '../helpers/crash-checks.ts'
import { createLedger, runWorkload, type WorkloadOptions } from '../helpers/crash-workload.ts'
import { databaseTargets, testSchemaName } from '../helpers/databases.ts'
import { freePort } from '../helpers/free-port.ts'
import { schemaDatabaseUrl, startGazetteNode, type GazetteNode } from '../helpers/gazette-node.ts'

/**
 * Crash safety, held to PostgreSQL's promise: a write the server acknowledged survives a crash.
 * Gazette runs as an OS process of its own on a database that outlives it; newsroom programs write
 * through the Admin API (concurrent saves, publishes and unpublishes, and bursts of creates standing
 * in for an import, as Gazette has no importer yet); the process is killed with SIGKILL after a
 * seeded random delay, and with the server down the database is checked (crash-checks.ts): every
 * acknowledged write is there as acknowledged, no story is torn between its row, revisions,
 * relations, search index, workflow history and webhook outbox, and the engine's integrity checks
 * pass. Then the server starts again on the same database and the next round goes on from there.
 *
 * CRASH_SEED=<n> replays a run's kill delays (0–800 ms after each round's first answer) and its
 * writers' choices as far as answers arrive in the same order; how far the server got by each kill
 * depends on the machine. A process kill is what this covers; an OS crash or power loss
 * additionally depends on fsync (PostgreSQL's own; SQLite's `synchronous` setting, connection.ts).
 */
const rounds = 20
const seed = Number(process.env.CRASH_SEED ?? 20261204)

const targets = await databaseTargets()

describe.each(targets)('crash safety on $name', (target) => {
  const schema = target.url ? testSchemaName('crash') : undefined
  /** Outlives every server of the suite: media, theme and (SQLite) the database file. */
  let dataDir = ''
  let databaseUrl = ''
  const open = (): Promise<Database> => openDatabase(target.url ?? databaseUrl, { schema })
  /**
   * The database as the crash left it. SQLite: a copy of the file with its WAL and shared-memory
   * index, so the check's connection recovers the copy and the restarted server does its own recovery
   * of the original. PostgreSQL saw only a client go away: the schema itself.
   */
  const openCrashed = async (): Promise<Database> => {
    if (target.url) return open()
    const copy = join(dataDir, 'after-crash', 'gazette.sqlite')
    rmSync(dirname(copy), { recursive: true, force: true })
    mkdirSync(dirname(copy))
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(databaseUrl + suffix)) copyFileSync(databaseUrl + suffix, copy + suffix)
    return openDatabase(copy)
  }
  let workload: Omit<WorkloadOptions, 'baseUrl' | 'random'>

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `gazette-crash-${target.name}-`))
    databaseUrl = target.url ? schemaDatabaseUrl(target.url, schema as string) : join(dataDir, 'gazette.sqlite')
    const database = await open()
    try {
      await migrateToLatest(database)
      const { db } = database
      const user = await createUser(db, { email: 'wire@newsroom.test', name: 'Wire Desk', role: 'admin', password: 'correct horse battery staple' })
      const actor = toActor(user)
      await registerUnreachableWebhook(database, actor)
      const section = await ensureSection(db, { name: 'World' })
      const tags = await Promise.all(['Harbour', 'Budget', 'Storm'].map((name) => ensureTag(db, { name })))
      const authors = await Promise.all(['Maria Okafor', 'Tom Lindqvist'].map((name) => ensureAuthor(db, { name })))
      workload = {
        token: (await createApiToken(db, actor, { name: 'crash-safety' })).token,
        sectionId: section.id,
        tagIds: tags.map((t) => t.id),
        authorIds: [...authors.map((a) => a.id), actor.authorId as number],
        writers: 4,
        importBurst: 10,
      }
    } finally {
      await database.destroy()
    }
  })
  /** The server of the current round, for afterAll should a round fail half-way. */
  let running: GazetteNode | undefined
  afterAll(async () => {
    await running?.kill()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it(`keeps every acknowledged write through ${rounds} SIGKILLs`, { timeout: 300_000 }, async () => {
    // Two streams: the kill delays are the same on every run with the seed; what the writers draw
    // depends on the order answers arrive in as well.
    const killDelays = createRandom(seed)
    const random = createRandom(seed ^ 0x5eed)
    const ledger = createLedger()
    const found = { losses: [] as string[], torn: [] as string[], integrity: [] as string[] }
    const started = performance.now()
    let stories = 0
    let startingMs = 0
    let round = 0
    while (round < rounds) {
      round++
      const starting = performance.now()
      const node = (running = await startAgain({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'error', WEBHOOK_RETRY_DELAYS: '3600', WEBHOOK_TIMEOUT_MS: '1000' }, dataDir))
      startingMs += performance.now() - starting
      let kill = () => {}
      const killed = new Promise<void>((resolve) => (kill = resolve))
      const writes = runWorkload(ledger, { ...workload, baseUrl: node.url, random }, killed)
      // Counted from the round's first answer, so a slow start does not leave a round without writes.
      await Promise.race([writes.firstAck, sleep(30_000)])
      await sleep(between(killDelays, 0, 800))
      kill()
      await node.kill()
      await writes.finished

      const database = await openCrashed()
      try {
        const check = await checkAfterCrash(database, ledger)
        for (const kind of ['losses', 'torn', 'integrity'] as const) found[kind].push(...check[kind].map((p) => `round ${round}: ${p}`))
        stories = check.stories
        await settlePending(database, ledger)
      } finally {
        await database.destroy()
      }
      if (found.losses.length + found.torn.length + found.integrity.length) break
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `crash safety on ${target.name} (seed ${seed}): ${round} rounds, ${ledger.acked.length} acknowledged writes ` +
        `(${countKinds(ledger.acked)}), ${stories} stories, ${ledger.raceLosers} doubled transitions refused; ` +
        `losses ${found.losses.length}, torn stories ${found.torn.length}, integrity problems ${found.integrity.length}; ${seconds} s, of which ${(startingMs / 1000).toFixed(1)} s starting the server`,
    )
    expect(found.losses).toEqual([])
    expect(found.torn).toEqual([])
    expect(found.integrity).toEqual([])
    expect(ledger.unexpected).toEqual([])
    expect(round).toBe(rounds)
    expect(ledger.acked.length).toBeGreaterThan(0)
  })
})

/**
 * Starts the server on the crashed database. Only one failure is retried, and it is not the crash's:
 * on a PostgreSQL server shared with other test runs, a schema another run drops while Kysely's
 * migrator lists the schemas fails that listing ("schema … does not exist", 3F000).
 */
async function startAgain(env: Record<string, string>, dataDir: string): Promise<GazetteNode> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startGazetteNode(env, { dataDir })
    } catch (error) {
      if (attempt === 3 || !/3F000/.test(String(error))) throw error
    }
  }
}

function countKinds(writes: { kind: string }[]): string {
  const counts = new Map<string, number>()
  for (const w of writes) counts.set(w.kind, (counts.get(w.kind) ?? 0) + 1)
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')
}

/**
 * A webhook for every event, at a loopback port nothing listens on: each publish and unpublish must
 * leave its delivery row in the outbox, whatever became of sending it. Should registration one day
 * refuse private addresses, the row is written directly, as registration would.
 */
async function registerUnreachableWebhook(database: Database, actor: Actor): Promise<void> {
  const url = `http://127.0.0.1:${await freePort()}/never-reached`
  try {
    await createWebhook(database.db, actor, { url, events: webhookEvents })
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    await database.db
      .insertInto('webhooks')
      .values({ url, events: JSON.stringify(webhookEvents), secret: randomBytes(32).toString('hex'), created_by: actor.id, created_at: nowTimestamp(), disabled_at: null })
      .execute()
  }
}
