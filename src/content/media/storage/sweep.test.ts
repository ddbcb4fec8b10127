import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sweepAbandonedUploads } from './local.ts'

describe('sweepAbandonedUploads', () => {
  let mediaDir = ''
  afterEach(async () => {
    await rm(mediaDir, { recursive: true, force: true })
  })

  it('removes upload folders older than the limit and keeps fresh ones', async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'gazette-media-'))
    const old = join(mediaDir, '.uploading', 'a'.repeat(32))
    const fresh = join(mediaDir, '.uploading', 'b'.repeat(32))
    for (const dir of [old, fresh]) {
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'w320.webp'), 'half an image')
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    await utimes(old, twoHoursAgo, twoHoursAgo)
    expect(await sweepAbandonedUploads(mediaDir)).toEqual(['a'.repeat(32)])
    expect(existsSync(old)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })

  it('does nothing when no upload was ever started', async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'gazette-media-'))
    expect(await sweepAbandonedUploads(mediaDir)).toEqual([])
  })
})
