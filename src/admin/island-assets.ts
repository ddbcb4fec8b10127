import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { chooseEncoding, compress, etagMatches, strongEtag } from '../http/send.ts'
import { immutableCache } from '../http/responses.ts'

/** Where `npm run build:islands` (vite.islands.config.ts) writes the admin islands. */
export const defaultIslandDir = fileURLToPath(new URL('../../dist/islands/', import.meta.url))

/** URL prefix of the built files; their names carry a content hash, so they are cached for a year. */
export const islandAssetPrefix = '/admin/assets/'


const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

/** The island build is missing or unreadable: the server refuses to start rather than serve broken pages. */
export class IslandBuildError extends Error {
  override name = 'IslandBuildError'
}

type ManifestChunk = { file: string; name?: string; isEntry?: boolean; css?: string[]; imports?: string[] }

type Bytes = Uint8Array<ArrayBuffer>
type BuiltFile = { contentType: string; etag: string; identity: Bytes; br: Bytes; gzip: Bytes }

export type IslandBuild = {
  /** Built files by name, read and compressed once at start. */
  files: Map<string, BuiltFile>
  /** Island name → its entry chunk and the stylesheets it needs. */
  entries: Map<string, { script: string; styles: string[] }>
}

export function loadIslandBuild(dir: string = defaultIslandDir): IslandBuild {
  const manifestPath = join(dir, '.vite', 'manifest.json')
  if (!existsSync(manifestPath)) {
    throw new IslandBuildError(`The admin islands are not built (${manifestPath} is missing). Run \`npm run build:islands\` first; \`npm start\` does it for you.`)
  }
  let manifest: Record<string, ManifestChunk>
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>
  } catch (cause) {
    throw new IslandBuildError(`The admin island manifest ${manifestPath} is unreadable. Run \`npm run build:islands\` again.`, { cause })
  }

  const files = new Map<string, BuiltFile>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const contentType = contentTypes[extname(entry.name)]
    if (!entry.isFile() || !contentType) continue
    const raw = readFileSync(join(dir, entry.name))
    const bytes = (buffer: Buffer): Bytes => new Uint8Array(buffer)
    files.set(entry.name, { contentType, etag: strongEtag(raw), identity: bytes(raw), br: bytes(compress(raw, 'br')), gzip: bytes(compress(raw, 'gzip')) })
  }

  const entries = new Map<string, { script: string; styles: string[] }>()
  for (const chunk of Object.values(manifest)) {
    if (!chunk.isEntry || !chunk.name) continue
    for (const file of [chunk.file, ...(chunk.css ?? [])]) {
      if (!files.has(file)) throw new IslandBuildError(`The admin island build in ${dir} is incomplete (${file} is missing). Run \`npm run build:islands\` again.`)
    }
    entries.set(chunk.name, { script: islandAssetPrefix + chunk.file, styles: (chunk.css ?? []).map((file) => islandAssetPrefix + file) })
  }
  return { files, entries }
}

let defaultBuild: IslandBuild | undefined

/** The build in dist/islands, loaded once; throws IslandBuildError when it is missing. */
export function requireIslandBuild(): IslandBuild {
  defaultBuild ??= loadIslandBuild()
  return defaultBuild
}

function entry(name: string) {
  const found = requireIslandBuild().entries.get(name)
  if (!found) throw new IslandBuildError(`There is no admin island named "${name}" in the build. Known: ${[...requireIslandBuild().entries.keys()].join(', ') || 'none'}.`)
  return found
}

/** The hashed URL of an island's script, for `<script type="module" src={…}>`. */
export function islandScriptPath(name: string): string {
  return entry(name).script
}

/** The hashed URLs of the stylesheets an island needs, for `<link rel="stylesheet" href={…}>`. */
export function islandStylePaths(name: string): string[] {
  return entry(name).styles
}

/**
 * Serves the built islands at /admin/assets/<hashed name> from memory. Only files the build produced
 * are known, so no other path can be reached. Loading the build here makes a missing one fail at start.
 */
export function islandAssetRoutes(options: { dir?: string } = {}): Hono {
  const { files } = options.dir ? loadIslandBuild(options.dir) : requireIslandBuild()
  const app = new Hono()
  app.get(`${islandAssetPrefix}:file`, function serveIslandAsset(c) {
    const file = files.get(c.req.param('file'))
    if (!file) return c.notFound()
    const headers: Record<string, string> = { 'Content-Type': file.contentType, 'Cache-Control': immutableCache, ETag: file.etag, Vary: 'Accept-Encoding' }
    if (etagMatches(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, headers)
    const encoding = chooseEncoding(c.req.header('accept-encoding'))
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding
    return c.body(file[encoding], 200, headers)
  })
  return app
}
