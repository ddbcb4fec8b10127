import { join } from 'node:path'
import cliProgress from 'cli-progress'
import { z } from 'zod'
import { readConfig } from '../config.ts'
import { bulkSeedArticles, ensureSeedImages } from '../content/seed/index.ts'
import { openDatabase } from '../db/connection.ts'
import { migrateToLatest } from '../db/migrate.ts'

export const seedArticlesUsage = `  seed --articles N [--database URL] [--seed S]
                        Generate N realistic published stories (with authors, sections, topics,
                        sources, photos) for benchmarks; the same S (default 1) gives the same text.`

const count = (name: string, max: number) =>
  z
    .string({ error: `${name} needs a number` })
    .regex(/^\d[\d_,]*$/, `${name} must be a whole number, e.g. 100000`)
    .transform((value) => Number(value.replace(/[_,]/g, '')))
    .pipe(z.number().int().min(1, `${name} must be at least 1`).max(max, `${name} can be at most ${max.toLocaleString('en')}`))

const argsSchema = z.object({
  articles: count('--articles', 20_000_000),
  database: z.string().min(1).optional(),
  seed: z.string().regex(/^\d+$/, '--seed must be a whole number').transform(Number).optional(),
  'chunk-size': count('--chunk-size', 50_000).optional(),
  quiet: z.boolean().optional(),
})
export type SeedArticlesArgs = z.output<typeof argsSchema>

/** Validates the options of `seed --articles`; the message lists every problem. */
export function parseSeedArticlesArgs(values: Record<string, unknown>): { ok: true; args: SeedArticlesArgs } | { ok: false; message: string } {
  const parsed = argsSchema.safeParse(values)
  if (parsed.success) return { ok: true, args: parsed.data }
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('\n') }
}

export async function seedArticles(args: SeedArticlesArgs): Promise<number> {
  const config = readConfig()
  const database = await openDatabase(args.database ?? config.databaseUrl)
  const bar = args.quiet ? undefined : new cliProgress.SingleBar(
    { format: 'Seeding [{bar}] {percentage}% | {value}/{total} stories | {rate}/s | ETA {eta_formatted}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  )
  try {
    await migrateToLatest(database)
    const images = await ensureSeedImages(join(config.dataDir, 'media'))
    const started = performance.now()
    bar?.start(args.articles, 0, { rate: 0 })
    const result = await bulkSeedArticles(database.db, database.dialect, {
      articles: args.articles,
      images,
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args['chunk-size'] === undefined ? {} : { chunkSize: args['chunk-size'] }),
      onProgress: (done) => bar?.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) }),
    })
    bar?.stop()
    const rate = Math.round(result.articles / result.seconds)
    console.log(
      `Seeded ${result.articles.toLocaleString('en')} stories (ids ${result.firstId}–${result.lastId}), ${result.authors} authors, ` +
        `${result.sections} sections, ${result.tags} topics into ${database.dialect} in ${result.seconds.toFixed(1)} s: ${rate.toLocaleString('en')} stories/s`,
    )
    return 0
  } finally {
    bar?.stop()
    await database.destroy()
  }
}
