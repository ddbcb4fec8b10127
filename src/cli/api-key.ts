import { parseArgs } from 'node:util'
import { readConfig } from '../config.ts'
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../content/accounts/index.ts'
import { openDatabase, type Database } from '../db/connection.ts'
import { parseWholeNumber } from '../http/ids.ts'
import { migrateToLatest } from '../db/migrate.ts'

export const apiKeyUsage = `  api-key create --name NAME
                        Create a Content API key; the key is printed once, as the last line.
  api-key list          List Content API keys (never the keys themselves).
  api-key revoke ID     Revoke a Content API key; clients using it get 401 from then on.`

/** `gazette api-key …`: Content API keys for the Ghost-compatible API at /ghost/api/content/. */
export async function apiKeyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'create') return withDatabase((database) => create(database, rest))
  if (sub === 'list') return withDatabase(list)
  if (sub === 'revoke') return withDatabase((database) => revoke(database, rest))
  console.error(`Usage:\n${apiKeyUsage}`)
  return 2
}

async function withDatabase(run: (database: Database) => Promise<number>): Promise<number> {
  const database = await openDatabase(readConfig().databaseUrl)
  try {
    await migrateToLatest(database)
    return await run(database)
  } finally {
    await database.destroy()
  }
}

async function create(database: Database, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' } }, strict: true })
  if (!values.name) {
    console.error('Give the key a name that says who uses it: gazette api-key create --name "Mobile app"')
    return 2
  }
  const { key, apiKey } = await createApiKey(database.db, { name: values.name })
  console.log(`Created Content API key ${apiKey.id} "${apiKey.name}". It is shown only now: Gazette keeps just a hash.`)
  console.log(`Use it as ?key= on ${readConfig().siteUrl}/ghost/api/content/ (e.g. with @tryghost/content-api).`)
  // Last line on its own, so scripts can take it with `tail -n 1`.
  console.log(key)
  return 0
}

async function list(database: Database): Promise<number> {
  const keys = await listApiKeys(database.db)
  if (!keys.length) {
    console.log('No Content API keys yet: gazette api-key create --name NAME')
    return 0
  }
  for (const key of keys) console.log(describe(key))
  return 0
}

function describe(key: ApiKey): string {
  const status = key.revokedAt ? `revoked ${key.revokedAt}` : 'active'
  return `${key.id}\t${key.name}\tcreated ${key.createdAt}\tlast used ${key.lastUsedAt ?? 'never'}\t${status}`
}

async function revoke(database: Database, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true })
  const id = parseWholeNumber(positionals[0] ?? '')
  if (id === null) {
    console.error('Give the number of the key to revoke (see gazette api-key list): gazette api-key revoke 3')
    return 2
  }
  const key = await revokeApiKey(database.db, id)
  console.log(`Revoked Content API key ${key.id} "${key.name}".`)
  return 0
}
