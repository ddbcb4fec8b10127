import { parseArgs } from 'node:util'
import { ConfigError, readConfig } from '../config.ts'
import { findDemoStoryFile, loadDemoContent } from '../content/seed/index.ts'
import { createMediaStorage } from '../content/media/index.ts'
import { openDatabase } from '../db/connection.ts'
import { migrateToLatest } from '../db/migrate.ts'
import type { Role } from '../db/schema.ts'
import { createUser, createApiTokenForEmail } from '../content/accounts/index.ts'
import { AppError } from '../errors.ts'
import { apiKeyCommand, apiKeyUsage } from './api-key.ts'
import { parseSeedArticlesArgs, seedArticles, seedArticlesUsage } from './seed-articles.ts'

const usage = `Usage: gazette <command> [options]

Commands:
  migrate               Bring the database schema up to date.
  user create --email EMAIL --name NAME --role ROLE
                        Create an account (contributor, author, editor or admin); the password
                        is read from standard input, so it can be piped.
  token create --email EMAIL --name NAME
                        Create a personal Admin API token for that account; the token is
                        the last line printed, and is shown only this once.
${apiKeyUsage}
  seed --demo           Load the demo story, its section, byline, tags and sources.
                        Options: --story FILE (default ../shared/seed/article.txt, else seed/article.txt)
${seedArticlesUsage}
  help                  Show this text.

The database is DATABASE_URL (postgres://… for PostgreSQL), else data/gazette.sqlite.`

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'migrate':
      return migrate()
    case 'seed':
      return seed(rest)
    case 'user':
      return user(rest)
    case 'token':
      return token(rest)
    case 'api-key':
      return apiKeyCommand(rest)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage)
      return 0
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`)
      return 2
  }
}

async function migrate(): Promise<number> {
  const database = await openDatabase(readConfig().databaseUrl)
  try {
    const applied = await migrateToLatest(database)
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.')
    return 0
  } finally {
    await database.destroy()
  }
}

async function user(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'create') {
    console.error('Usage: gazette user create --email EMAIL --name NAME --role ROLE  (password on standard input)')
    return 2
  }
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } }, strict: true })
  if (!values.email || !values.name || !values.role) {
    console.error('Give --email, --name and --role (contributor, author, editor or admin).')
    return 2
  }
  const password = (await readStdin()).replace(/\r?\n$/, '')
  const database = await openDatabase(readConfig().databaseUrl)
  try {
    await migrateToLatest(database)
    const created = await createUser(database.db, { email: values.email, name: values.name, role: values.role as Role, password })
    console.log(`Created ${created.role} ${created.email}`)
    return 0
  } finally {
    await database.destroy()
  }
}

async function token(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true })
  if (sub !== 'create' || !values.email || !values.name) {
    console.error('Usage: gazette token create --email EMAIL --name NAME')
    return 2
  }
  const database = await openDatabase(readConfig().databaseUrl)
  try {
    await migrateToLatest(database)
    const created = await createApiTokenForEmail(database.db, values.email, values.name)
    console.log(`Created API token "${created.name}" for ${values.email.trim().toLowerCase()}. Copy it now; it is not stored:`)
    console.log(created.token)
    return 0
  } finally {
    await database.destroy()
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    // An interactive user ends with Enter.
    if (process.stdin.isTTY && String(chunk).includes('\n')) break
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function seed(args: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: { demo: { type: 'boolean' }, story: { type: 'string' }, articles: { type: 'string' }, database: { type: 'string' }, seed: { type: 'string' }, 'chunk-size': { type: 'string' }, quiet: { type: 'boolean' } },
      strict: true,
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`)
    return 2
  }
  if (values.articles !== undefined) {
    const { demo: _demo, story: _story, ...rest } = values
    const parsed = parseSeedArticlesArgs(rest)
    if (!parsed.ok) {
      console.error(parsed.message)
      return 2
    }
    return seedArticles(parsed.args)
  }
  if (!values.demo) {
    console.error('Say what to seed: gazette seed --demo, or gazette seed --articles N')
    return 2
  }
  const config = readConfig()
  const database = await openDatabase(config.databaseUrl)
  try {
    await migrateToLatest(database)
    const storyFile = findDemoStoryFile(values.story ?? config.seedArticlePath)
    const { slug, created } = await loadDemoContent(database.db, { storyFile, mediaStorage: await createMediaStorage(config.mediaStorage, { db: database.db, dataDir: config.dataDir }) })
    console.log(`${created ? 'Demo story published' : 'The demo story is already there'}: ${config.siteUrl}/articles/${slug}`)
    return 0
  } finally {
    await database.destroy()
  }
}

/** A failure as one readable message: what went wrong, never a stack trace for known errors. */
export function describeCliError(error: unknown): string {
  if (error instanceof AppError && 'details' in error && Array.isArray(error.details) && error.details.length) return [error.message, ...error.details].join('\n  ')
  if (error instanceof ConfigError || error instanceof AppError) return error.message
  return error instanceof Error ? error.message : String(error)
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeCliError(error))
      process.exit(1)
    },
  )
}
