import { defineConfig } from 'vitest/config'

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Builds dist/islands (the admin editor) first: the server needs it and the browser tests load it.
    // Drops the run's PostgreSQL schemas once, after the last suite (see postgres-schemas.ts).
    globalSetup: ['test/helpers/build-islands.ts', 'test/helpers/postgres-schemas.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: suites run in parallel processes, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
  },
})
