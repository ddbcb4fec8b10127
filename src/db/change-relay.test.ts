import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, testSchemaName } from '../../test/helpers/databases.ts'
import { changeChannel, decodeChange, encodeChange, startChangeRelay, type ChangeRelay } from './change-relay.ts'
import { openDatabase, type Database } from './connection.ts'

describe('change relay messages', () => {
  it('names a channel per schema, readable when it fits and never longer than an identifier may be', () => {
    expect(changeChannel('public')).toBe('gazette_changes_public')
    const long = 'x'.repeat(63)
    expect(changeChannel(long)).toMatch(/^gazette_changes_[0-9a-f]{32}$/)
    expect(changeChannel(long)).not.toBe(changeChannel(`${'x'.repeat(62)}y`))
    expect(changeChannel('Newsroom')).not.toBe(changeChannel('newsroom'))
    for (const schema of [long, 'Newsroom', 'schéma']) expect(Buffer.byteLength(changeChannel(schema))).toBeLessThanOrEqual(63)
  })

  it('carries the sending server and the tags, or `everything` when they would not fit in one NOTIFY', () => {
    expect(decodeChange(encodeChange('node-1', ['article:12', 'list:all'], ['site']))).toEqual({ node: 'node-1', tags: ['article:12', 'list:all'] })
    const many = Array.from({ length: 1000 }, (_, i) => `author:reporterin-${i}-ü`)
    const payload = encodeChange('node-1', many, ['site'])
    expect(Buffer.byteLength(payload)).toBeLessThan(8000)
    expect(decodeChange(payload)).toEqual({ node: 'node-1', tags: ['site'] })
    for (const garbage of ['', 'null', '{"node":1,"tags":[]}', '{"node":"n","tags":[1]}', '{"node":"n"}']) expect(decodeChange(garbage)).toBeNull()
  })
})

const postgres = (await databaseTargets()).find((target) => target.name === 'postgres')

describe.skipIf(!postgres)('change relay on PostgreSQL', () => {
  const url = postgres?.url as string
  const logger = pino({ level: 'silent' })
  let database: Database
  const heard: Record<'first' | 'second' | 'elsewhere', string[][]> = { first: [], second: [], elsewhere: [] }
  const relays: ChangeRelay[] = []

  beforeAll(async () => {
    database = await openDatabase(url, { schema: testSchemaName('relay') })
    const other = await openDatabase(url, { schema: testSchemaName('relay') })
    const start = (db: Database, name: keyof typeof heard) =>
      startChangeRelay(db, { url, logger, everything: ['site'], heartbeatMs: 20, onRemoteChange: (tags) => heard[name].push([...tags]) })
    relays.push(await start(database, 'first'), await start(database, 'second'), await start(other, 'elsewhere'))
    await other.destroy()
  })
  afterAll(async () => {
    for (const relay of relays) await relay.close()
    await database?.destroy()
  })

  it('tells the other servers on the same schema, not itself nor another schema, and says `everything` for a huge change', async () => {
    await sleep(100) // a few heartbeats first
    relays[0]!.publish(['article:1', 'list:all'])
    relays[0]!.publish(Array.from({ length: 1000 }, (_, i) => `article:${i}`))
    const deadline = Date.now() + 5000
    while (heard.second.length < 2 && Date.now() < deadline) await sleep(10)
    await sleep(50)
    expect(heard.second).toEqual([['article:1', 'list:all'], ['site']])
    expect(heard.first).toEqual([])
    expect(heard.elsewhere).toEqual([])
  })
})
