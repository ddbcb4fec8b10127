import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FontChoice } from '../../content/settings/index.ts'

/**
 * The self-hosted type pairings. Files come from Fontsource packages (latin subset, WOFF2) and are
 * served from our own origin, so a public page never asks a third party for anything.
 */
type Family = { name: string; pkg: string; fallback: string; faces: { weight: number; style: 'normal' | 'italic' }[] }

const serifFaces: Family['faces'] = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
]
const sansFaces: Family['faces'] = [
  { weight: 400, style: 'normal' },
  { weight: 700, style: 'normal' },
]
const serifFallback = "Georgia, 'Times New Roman', serif"
const sansFallback = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

const pairings: Record<Exclude<FontChoice, 'system'>, { serif: Family; sans: Family }> = {
  source: {
    serif: { name: 'Source Serif 4', pkg: 'source-serif-4', fallback: serifFallback, faces: serifFaces },
    sans: { name: 'Source Sans 3', pkg: 'source-sans-3', fallback: sansFallback, faces: sansFaces },
  },
  merriweather: {
    serif: { name: 'Merriweather', pkg: 'merriweather', fallback: serifFallback, faces: serifFaces },
    sans: { name: 'Libre Franklin', pkg: 'libre-franklin', fallback: sansFallback, faces: sansFaces },
  },
  lora: {
    serif: { name: 'Lora', pkg: 'lora', fallback: serifFallback, faces: serifFaces },
    sans: { name: 'Inter', pkg: 'inter', fallback: sansFallback, faces: sansFaces },
  },
}

export type FontFile = { path: string; body: Buffer }

const require = createRequire(import.meta.url)
const filesByPath = new Map<string, FontFile>()

function fontFile(family: Family, face: Family['faces'][number]): FontFile {
  const packageDir = dirname(require.resolve(`@fontsource/${family.pkg}/package.json`))
  const name = `${family.pkg}-latin-${face.weight}-${face.style}`
  const body = readFileSync(join(packageDir, 'files', `${name}.woff2`))
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  const file = { path: `/assets/fonts/${name}.${hash}.woff2`, body }
  filesByPath.set(file.path, file)
  return file
}

function familyCss(family: Family): string {
  return family.faces
    .map((face) => {
      const file = fontFile(family, face)
      return `@font-face{font-family:'${family.name}';font-style:${face.style};font-weight:${face.weight};font-display:swap;src:url(${file.path}) format('woff2')}`
    })
    .join('\n')
}

export type FontTheme = { css: string; serif: string; sans: string }

/** @font-face rules and the two font stacks for a choice; `system` needs no rules. */
export function fontTheme(choice: FontChoice): FontTheme {
  if (choice === 'system') return { css: '', serif: serifFallback, sans: sansFallback }
  const { serif, sans } = pairings[choice]
  return {
    css: `${familyCss(serif)}\n${familyCss(sans)}`,
    serif: `'${serif.name}', ${serif.fallback}`,
    sans: `'${sans.name}', ${sans.fallback}`,
  }
}

/** A font file handed out by fontTheme(), looked up by its hashed address. */
export function findFontFile(path: string): FontFile | undefined {
  return filesByPath.get(path)
}
