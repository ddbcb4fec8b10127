import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import sharp from 'sharp'
import type { Db } from '../../db/connection.ts'
import { inTransaction } from '../../db/transaction.ts'
import { createDraft, setFeatureImageAddress, transitionArticle } from '../articles/index.ts'
import { systemActor } from '../accounts/index.ts'
import { ensureAuthor, ensureSection, ensureTag } from '../taxonomy/index.ts'
import { parseDemoStory } from './demo-story.ts'
import { escapeHtml, slugify } from '../shared/index.ts'
import type { MediaStorage } from '../media/index.ts'
import { updateSiteSettings } from '../settings/index.ts'

/** The shared demo story beside the project wins; the copy bundled in seed/ keeps a lone clone working. */
export function findDemoStoryFile(explicit?: string): string {
  const candidates = [explicit, resolve('../shared/seed/article.txt'), resolve('seed/article.txt')]
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate
  throw new Error('No demo story found: set GAZETTE_SEED_ARTICLE to a text file.')
}

const demoPublishedAt = '2020-01-21T09:00:00.000Z'
const demoImage = { key: 'demo', name: 'war-concept.jpg', width: 1600, height: 900 }

/**
 * Loads the demo newsroom: site settings, the Politics section, a desk byline, tags and the demo story
 * with its sources, published. Running it again changes nothing once the story is there.
 */
export async function loadDemoContent(db: Db, options: { storyFile: string; mediaStorage: MediaStorage }): Promise<{ slug: string; created: boolean }> {
  const story = parseDemoStory(readFileSync(options.storyFile, 'utf8'))
  await storeDemoImage(options.mediaStorage)
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('articles').select('slug').where('slug', '=', slugify(story.headline)).executeTakeFirst()
    if (existing) return { slug: existing.slug, created: false }
    await updateSiteSettings(trx, {
      name: 'The Gazette',
      description: 'Reported news from the Gazette newsroom: politics, world and the stories behind them.',
      language: 'en',
      timezone: 'UTC',
      copyrightHolder: 'The Gazette',
      socialLinks: [
        { network: 'x', url: 'https://x.com/gazette' },
        { network: 'facebook', url: 'https://www.facebook.com/gazette' },
        { network: 'instagram', url: 'https://www.instagram.com/gazette' },
        { network: 'youtube', url: 'https://www.youtube.com/@gazette' },
      ],
    })
    const politics = await ensureSection(trx, {
      name: 'Politics',
      description: 'Governments, diplomacy and the people who hold power to account.',
      position: 1,
    })
    const desk = await ensureAuthor(trx, {
      name: 'Gazette News Desk',
      slug: 'news-desk',
      bio: 'Reporting and editing by the Gazette newsroom.',
    })
    const tags = await Promise.all(['Iraq', 'ISIS', 'United States', 'Iran'].map((name) => ensureTag(trx, { name })))
    // The same domain path as the newsroom and the Admin API: a draft, then a publication.
    const article = await createDraft(trx, systemActor, {
      headline: story.headline,
      bodyHtml: story.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
      sectionId: politics.id,
      label: 'News',
      dateline: 'WASHINGTON',
      featureImageAlt: 'Silhouettes of soldiers and an armoured vehicle against a dusty evening sky',
      featureImageCaption: story.caption ?? '',
      featureImageCredit: 'Illustration: Gazette',
      authorIds: [desk.id],
      tagIds: tags.map((t) => t.id),
      sources: [
        { name: 'The National', url: 'https://www.thenationalnews.com/', kind: 'reported-by' },
        { name: 'State Department official', kind: 'quoted' },
        { name: 'Brett McGurk, former US envoy to the coalition against ISIS', kind: 'quoted' },
      ],
    })
    // The illustration is drawn and stored under a fixed key, not uploaded to the library.
    await setFeatureImageAddress(trx, systemActor, article.id, { url: `/media/${demoImage.key}/${demoImage.name}`, width: demoImage.width, height: demoImage.height })
    // Published as of its own date, so the story does not show an "updated" time it never had.
    await transitionArticle(trx, systemActor, article.id, 'publish', { at: new Date(demoPublishedAt) })
    return { slug: article.slug, created: true }
  })
}

/** An illustration drawn from shapes, so the demo needs no image file from elsewhere. */
async function storeDemoImage(storage: MediaStorage): Promise<void> {
  if (await demoImageStored(storage)) return
  const { width, height } = demoImage
  const soldier = (x: number, s: number) =>
    `<g transform="translate(${x} ${height - 170}) scale(${s})" fill="#1c1a19">
      <circle cx="0" cy="-150" r="18"/><path d="M-22 -130 h44 l10 90 h-18 l-6 110 h-16 l-4 -80 l-4 80 h-16 l-6 -110 h-18 z"/>
      <path d="M18 -120 l70 -30 l4 8 l-66 34 z"/></g>`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3b2f2a"/><stop offset="0.55" stop-color="#c2703d"/><stop offset="1" stop-color="#e9b872"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <circle cx="1180" cy="520" r="120" fill="#f4d39a" opacity="0.8"/>
    <path d="M0 ${height - 170} Q400 ${height - 230} 800 ${height - 180} T1600 ${height - 200} V${height} H0 Z" fill="#2a2421"/>
    <g fill="#1c1a19"><rect x="250" y="${height - 260}" width="260" height="70" rx="10"/><rect x="300" y="${height - 300}" width="120" height="45" rx="8"/>
      <rect x="410" y="${height - 290}" width="170" height="12"/><circle cx="290" cy="${height - 185}" r="26"/><circle cx="370" cy="${height - 185}" r="26"/><circle cx="450" cy="${height - 185}" r="26"/></g>
    ${soldier(700, 1)}${soldier(820, 0.95)}${soldier(960, 1.05)}
  </svg>`
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 78, progressive: true, mozjpeg: true }).toBuffer()
  try {
    await storage.put(demoImage.key, [{ name: demoImage.name, bytes, contentType: 'image/jpeg' }])
  } catch (error) {
    // Another server starting on the same database or bucket may have stored it a moment ago.
    if (!(await demoImageStored(storage))) throw error
  }
}

async function demoImageStored(storage: MediaStorage): Promise<boolean> {
  const stored = await storage.get(demoImage.key, demoImage.name)
  if (stored?.body instanceof ReadableStream) await stored.body.cancel()
  return stored !== null
}
