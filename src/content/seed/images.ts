import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'

export type SeedImage = { url: string; width: number; height: number }

const palette = ['#1d4e89', '#b33f40', '#2f7d4f', '#8a5a00', '#5b3f8c', '#0f6e75']

/**
 * A handful of photos for generated stories (flat colour fields with shapes, drawn by sharp), written
 * once under `<mediaDir>/seed/` and shared by every story, as a real library's photos are.
 */
export async function ensureSeedImages(mediaDir: string, count = palette.length): Promise<SeedImage[]> {
  const dir = join(mediaDir, 'seed')
  await mkdir(dir, { recursive: true })
  const width = 1200
  const height = 675
  const images: SeedImage[] = []
  for (let i = 0; i < count; i++) {
    const file = `photo-${i + 1}.jpg`
    const path = join(dir, file)
    if (!existsSync(path)) {
      const color = palette[i % palette.length] as string
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
        <rect width="100%" height="100%" fill="${color}"/>
        <circle cx="${300 + i * 120}" cy="300" r="180" fill="#ffffff" fill-opacity="0.25"/>
        <rect x="0" y="${height - 160}" width="${width}" height="160" fill="#000000" fill-opacity="0.3"/>
      </svg>`
      await writeFile(path, await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer())
    }
    images.push({ url: `/media/seed/${file}`, width, height })
  }
  return images
}
