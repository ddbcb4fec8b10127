import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../src/content/accounts/index.ts'
import { changeSiteSettings } from '../src/content/settings/index.ts'
import { buildArticle } from './helpers/builders.ts'
import { startTestServer, type TestServer } from './helpers/server.ts'

// Two servers in one process, each on its own SQLite database: each has its own change bus.
describe('change bus per server', () => {
  let a: TestServer
  let b: TestServer
  const heard: Record<'a' | 'b', string[][]> = { a: [], b: [] }

  beforeAll(async () => {
    a = await startTestServer({ name: 'sqlite' })
    b = await startTestServer({ name: 'sqlite' })
    a.changes.on((tags) => heard.a.push([...tags]))
    b.changes.on((tags) => heard.b.push([...tags]))
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
  })

  it("hands one server's committed changes to its own listeners and not to the other's", async () => {
    await changeSiteSettings(a.database.db, systemActor, { name: 'Server A' })
    expect(heard.a).toContainEqual(['site'])
    expect(heard.b).toEqual([])

    const { id } = await buildArticle(b.database.db, { headline: 'Only on B' })
    expect(heard.b.flat()).toContain(`article:${id}`)
    expect(heard.a.flat()).not.toContain(`article:${id}`)
  })

  it("refreshes only the changed server's cached pages", async () => {
    await a.get('/')
    await b.get('/')
    await changeSiteSettings(b.database.db, systemActor, { name: 'Server B' })
    expect(await (await b.get('/')).text()).toContain('Server B')
    expect(await (await a.get('/')).text()).toContain('Server A')
    expect(heard.a.flat().filter((tag) => tag === 'site')).toHaveLength(1)
  })
})
