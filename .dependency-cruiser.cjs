/**
 * Gazette's import rules (docs/architecture.md, "Layers"). Checked by `npm run deps`, part of `npm test`.
 *
 *   db  ←  content  ←  http  ←  site | admin | api | feeds  ←  server, cli, main
 *
 * src/config.ts, src/errors.ts and src/logger.ts are the base every layer may import.
 * Inside src/content each folder is a feature; other folders import it only through its index.ts.
 * Migrations are frozen in time: they import nothing but their helpers.
 */
const surfaces = '^src/(site|admin|api|feeds)/'
const top = '^src/(server|main)\\.tsx?$|^src/cli/'

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-imports-nothing-above',
      severity: 'error',
      comment: 'src/db is the bottom layer: it knows tables, not stories or HTTP.',
      from: { path: '^src/db/' },
      to: { path: ['^src/content/', '^src/http/', surfaces, top] },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration must mean tomorrow what it means today: copy what it needs, import no app code.',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/', pathNot: ['^src/db/migrations/', '^src/db/migration-helpers\\.ts$'] },
    },
    {
      name: 'content-imports-no-http',
      severity: 'error',
      comment: 'The domain knows nothing of HTTP, views or the server.',
      from: { path: '^src/content/' },
      to: { path: ['^src/http/', surfaces, top] },
    },
    {
      name: 'http-imports-no-surface',
      severity: 'error',
      comment: 'src/http holds what every surface shares (AppDeps, paths, absolute URLs, error pages); it imports none of them.',
      from: { path: '^src/http/' },
      to: { path: [surfaces, top] },
    },
    {
      name: 'surfaces-are-siblings',
      severity: 'error',
      comment: 'site, admin, api and feeds do not import each other: shared pieces belong in src/http or the domain.',
      from: { path: '^src/(site|admin|api|feeds)/' },
      to: { path: surfaces, pathNot: '^src/$1/' },
    },
    {
      name: 'surfaces-import-no-server',
      severity: 'error',
      comment: 'Only the server (and the CLI) wire surfaces together.',
      from: { path: surfaces },
      to: { path: top },
    },
    {
      name: 'content-folders-only-through-index',
      severity: 'error',
      comment: 'A feature folder of src/content is used through its index.ts, its face.',
      from: { pathNot: '^src/content/' },
      to: { path: '^src/content/', pathNot: '^src/content/[^/]+/index\\.ts$' },
    },
    {
      name: 'features-use-each-other-through-index',
      severity: 'error',
      comment: 'One feature uses another only through that feature\'s index.ts.',
      from: { path: '^src/content/([^/]+)/' },
      to: { path: '^src/content/[^/]+/', pathNot: ['^src/content/$1/', '^src/content/[^/]+/index\\.ts$'] },
    },
    {
      name: 'content-has-no-loose-files',
      severity: 'error',
      comment: 'Every domain module lives in a feature folder.',
      from: { path: '^src/content/[^/]+\\.tsx?$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.d\\.ts$', '^src/.*/assets/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
