import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, readConfig } from '../config.ts'
import { findDemoStoryFile, loadDemoContent } from '../content/demo-content.ts'
import { openDatabase } from '../db/connection.ts'
import { migrateToLatest } from '../db/migrate.ts'

const usage = `Usage: gazette <command> [options]

Commands:
  migrate               Bring the database schema up to date.
  seed --demo           Load the demo story, its section, byline, tags and sources.
                        Options: --story FILE (default ../shared/seed/article.txt, else seed/article.txt)
  help                  Show this text.

The database is DATABASE_URL (postgres://… for PostgreSQL), else data/gazette.sqlite.`

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'migrate':
      return migrate()
    case 'seed':
      return seed(rest)
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

async function seed(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, story: { type: 'string' } }, strict: true })
  if (!values.demo) {
    console.error('Say what to seed: gazette seed --demo')
    return 2
  }
  const config = readConfig()
  const database = await openDatabase(config.databaseUrl)
  try {
    await migrateToLatest(database)
    const storyFile = findDemoStoryFile(values.story ?? config.seedArticlePath)
    const { slug, created } = await loadDemoContent(database.db, { storyFile, mediaDir: join(config.dataDir, 'media') })
    console.log(`${created ? 'Demo story published' : 'The demo story is already there'}: ${config.siteUrl}/articles/${slug}`)
    return 0
  } finally {
    await database.destroy()
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError || (error instanceof Error && error.name === 'ValidationError')) console.error(error.message)
      else console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
