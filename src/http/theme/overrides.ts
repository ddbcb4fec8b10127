import { readdir } from 'node:fs/promises'
import { extname, join, basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createContext, useContext } from 'hono/jsx'
import type { Child } from 'hono/jsx'

/**
 * Operators replace parts of the public theme by dropping a component file named after the part
 * into the theme folder (THEME_DIR, `theme/` by default): `theme/Footer.tsx` exporting a default
 * component takes the place of the built-in footer. docs/theming.md lists the parts and their props.
 */
export const overridableParts = ['Masthead', 'Footer', 'Teaser', 'StoryHeader', 'SourcesBox', 'ShareLinks', 'RelatedArticles', 'FrontPage'] as const
export type OverridablePart = (typeof overridableParts)[number]

// Each part has its own props type; the registry only needs to call them.
type AnyComponent = (props: any) => Child
export type ThemeOverrides = Partial<Record<OverridablePart, AnyComponent>>

const OverridesContext = createContext<ThemeOverrides>({})
export const ThemeOverridesProvider = OverridesContext.Provider

/** What an override receives: the part's own props plus the built-in component, to wrap or reuse. */
export type OverrideProps<P> = P & { Default: (props: P) => Child }

/** Wraps a built-in part so that a theme's component, when there is one, renders in its place. */
export function overridable<P extends object>(part: OverridablePart, builtIn: (props: P) => Child): (props: P) => Child {
  const Part = (props: P): Child => {
    const custom = useContext(OverridesContext)[part]
    return custom ? custom({ ...props, Default: builtIn }) : builtIn(props)
  }
  Object.defineProperty(Part, 'name', { value: part })
  return Part
}

export class ThemeLoadError extends Error {
  override name = 'ThemeLoadError'
}

const moduleExtensions = new Set(['.tsx', '.ts', '.jsx', '.js'])

/**
 * Loads the theme folder's components. A missing folder means no overrides; a file that does not
 * export a component stops the start with a message naming it, rather than a broken page later.
 */
export async function loadThemeOverrides(dir: string | null): Promise<{ overrides: ThemeOverrides; ignored: string[] }> {
  const overrides: ThemeOverrides = {}
  const ignored: string[] = []
  if (!dir) return { overrides, ignored }
  let files: string[]
  try {
    files = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { overrides, ignored }
    throw error
  }
  for (const file of files.sort()) {
    const part = basename(file, extname(file))
    if (!moduleExtensions.has(extname(file)) || !(overridableParts as readonly string[]).includes(part)) {
      ignored.push(file)
      continue
    }
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown }
    if (typeof module.default !== 'function') throw new ThemeLoadError(`${join(dir, file)} must export a component as its default export.`)
    overrides[part as OverridablePart] = module.default as AnyComponent
  }
  return { overrides, ignored }
}
