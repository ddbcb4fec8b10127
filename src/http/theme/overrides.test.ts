import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadThemeOverrides, ThemeLoadError } from './overrides.ts'

describe('loadThemeOverrides', () => {
  const dirs: string[] = []
  const themeDir = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'gazette-theme-'))
    dirs.push(dir)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('treats a missing folder as no overrides', async () => {
    expect(await loadThemeOverrides(join(tmpdir(), 'no-such-gazette-theme'))).toEqual({ overrides: {}, ignored: [] })
    expect(await loadThemeOverrides(null)).toEqual({ overrides: {}, ignored: [] })
  })

  it('loads files named after a part and reports the others', async () => {
    const dir = themeDir({ 'Footer.js': 'export default function Footer() { return "custom footer" }', 'notes.md': '# notes', 'Sidebar.js': 'export default () => 1' })
    const { overrides, ignored } = await loadThemeOverrides(dir)
    expect(Object.keys(overrides)).toEqual(['Footer'])
    expect(overrides.Footer?.({})).toBe('custom footer')
    expect(ignored.sort()).toEqual(['Sidebar.js', 'notes.md'])
  })

  it('stops with a message naming a part file that exports no component', async () => {
    const dir = themeDir({ 'Masthead.js': 'export const masthead = 1' })
    await expect(loadThemeOverrides(dir)).rejects.toThrow(ThemeLoadError)
    await expect(loadThemeOverrides(dir)).rejects.toThrow(/Masthead\.js must export a component/)
  })
})
