import { join } from 'node:path'
import sharp from 'sharp'
import { type ArticleDraftInput, createDraft, issueCorrection, saveArticle, setFeatureImageAddress, transitionArticle } from '../../../src/content/articles/index.ts'
import { createApiKey, createApiToken, createUser, systemActor, toActor } from '../../../src/content/accounts/index.ts'
import { createLabel, ensureAuthor, ensureSection, ensureTag, updateAuthorProfile } from '../../../src/content/taxonomy/index.ts'
import { localMediaStorage, storeImageUpload } from '../../../src/content/media/index.ts'
import type { Actor } from '../../../src/content/accounts/index.ts'
import { changeSiteSettings, socialNetworks, type SiteSettings } from '../../../src/content/settings/index.ts'
import { createViewCounter } from '../../../src/content/published/index.ts'
import { createWebhook } from '../../../src/content/webhooks/index.ts'
import type { Db } from '../../../src/db/connection.ts'
import { buildImage } from '../../helpers/builders.ts'
import { testPassword } from '../../helpers/newsroom.ts'
import { addressPayloads, Ledger, PayloadFeed, PlantedInput } from './ledger.ts'
import { payloads } from './payloads.ts'

/** How much is written: enough slots that every payload lands in most fields, few enough pages to load fast. */
export const plantSizes = { stories: 50, importedStories: 10, sections: 8, tags: 150, authors: 20, users: 6, labels: 12, images: 4, webhooks: 20, tokens: 15, apiKeys: 15 } as const

export type PlantedSite = {
  ledger: Ledger
  admin: Actor
  stories: { id: number; slug: string }[]
  sections: { id: number; slug: string }[]
  tags: { id: number; slug: string }[]
  authors: { id: number; slug: string }[]
  webhookIds: number[]
}

/** Where a field starts in the corpus: from its name, so every run and engine fills it alike. */
const startOf = (field: string) => [...field].reduce((hash, ch) => (hash * 31 + ch.charCodeAt(0)) % 9973, 7) % 600
/** A feed for a text field of `limit` characters (the domain's own limit, so nothing is refused for length). */
const text = (field: string, limit: number, perValue = 10) => new PayloadFeed(field, limit, perValue, undefined, startOf(field))
/** A feed for an address field: one address-like payload per value. */
const address = (field: string) => new PayloadFeed(field, 2000, 1, addressPayloads)

async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40 + seed * 30, g: 90, b: 140 } } }).jpeg().toBuffer()
}

/**
 * Writes the corpus into every field a person, the Admin API or an import can write, through the
 * domain functions the newsroom forms and the Admin API call (createDraft, saveArticle,
 * transitionArticle, issueCorrection, …) and the import path (createDraft as the system actor, ensureAuthor with a photo
 * address). Menus and standalone pages do not exist in Gazette, so there is nothing to write there.
 */
export async function plantPayloads(db: Db, dataDir: string, admin: Actor): Promise<PlantedSite> {
  const ledger = new Ledger()
  const sizes = plantSizes

  const userName = text('user name', 120)
  const userEmail = text('user email', 254, 1)
  const users: Actor[] = [admin]
  for (let i = 0; i < sizes.users; i++) {
    const input = new PlantedInput({ email: '', name: '', role: i % 2 ? 'editor' : 'author', password: testPassword }).put('name', userName, `Writer ${i}`).put('email', userEmail, `xss-${i}@newsroom.test`)
    const user = await input.write(ledger, (v) => createUser(db, v as Parameters<typeof createUser>[1]))
    if (user) users.push(toActor(user))
  }

  const sectionName = text('section name', 80)
  const sectionDescription = text('section description', 500)
  const sections: PlantedSite['sections'] = []
  for (let i = 0; i < sizes.sections; i++) {
    const input = new PlantedInput({ name: '', slug: `xss-section-${i}`, description: '', position: i }).put('name', sectionName, `Section ${i}`).put('description', sectionDescription)
    const section = await input.write(ledger, (v) => ensureSection(db, v))
    if (section) sections.push(section)
  }

  const tagName = text('tag name', 80)
  const tagDescription = text('tag description', 500)
  const tags: PlantedSite['tags'] = []
  for (let i = 0; i < sizes.tags; i++) {
    const input = new PlantedInput({ name: '', slug: `xss-tag-${i}`, description: '' }).put('name', tagName, `Tag ${i}`).put('description', tagDescription)
    const tag = await input.write(ledger, (v) => ensureTag(db, v))
    if (tag) tags.push(tag)
  }

  // Authors as an import writes them (any photo address), then some as the profile form does.
  const authorName = text('author name', 120)
  const authorBio = text('author bio', 2000, 40)
  const importedAvatar = address('author photo address (import)')
  const profileAvatar = address('author photo address (profile)')
  const authors: PlantedSite['authors'] = []
  for (let i = 0; i < sizes.authors; i++) {
    const input = new PlantedInput({ name: '', slug: `xss-author-${i}`, bio: '', avatarUrl: '' }).put('name', authorName, `Author ${i}`).put('bio', authorBio).put('avatarUrl', importedAvatar, null)
    const author = await input.write(ledger, (v) => ensureAuthor(db, v))
    if (!author) continue
    authors.push(author)
    if (i % 4 === 3) {
      const profile = new PlantedInput({ name: '', bio: '', avatarUrl: '' }).put('name', authorName, author.name).put('bio', authorBio).put('avatarUrl', profileAvatar)
      await profile.write(ledger, (v) => updateAuthorProfile(db, admin, author.id, v))
    }
  }

  const labelName = text('label name', 40)
  for (let i = 0; i < sizes.labels; i++) await new PlantedInput({ name: '' }).put('name', labelName, `Label ${i}`).write(ledger, (v) => createLabel(db, admin, v))

  const storage = localMediaStorage(join(dataDir, 'media'))
  const mediaAlt = text('image alt text (library)', 500)
  const mediaCaption = text('image caption (library)', 1000, 20)
  const mediaCredit = text('image credit (library)', 200)
  // A file name is cut at its last slash (a browser may send a path): only payloads without one are given.
  const fileName = new PayloadFeed('image file name', 250, 4, payloads.flatMap((p, i) => (/[\\/]/.test(p) ? [] : [i])))
  const mediaIds: number[] = []
  for (let i = 0; i < sizes.images; i++) {
    const bytes = await jpeg(i)
    const input = new PlantedInput({ originalName: '', alt: '', caption: '', credit: '', uploadedBy: admin.id })
      .put('originalName', fileName, `photo-${i}.jpg`)
      .put('alt', mediaAlt)
      .put('caption', mediaCaption)
      .put('credit', mediaCredit)
    const media = await input.write(ledger, (v) => storeImageUpload(db, { ...v, bytes }, { storage, maxBytes: 20 * 1024 * 1024 }))
    if (media) mediaIds.push(media.id)
  }

  const feeds = {
    headline: text('headline', 300),
    dek: text('dek', 600),
    body: text('body', 100_000, 14),
    alt: text('feature image alt', 500),
    caption: text('feature image caption', 1000),
    credit: text('feature image credit', 200),
    dateline: text('dateline', 120),
    label: text('label', 40),
    slug: text('slug', 120, 1),
    seoTitle: text('SEO title', 200),
    seoDescription: text('SEO description', 400),
    sourceName: text('source name', 300),
    sourceUrl: address('source address'),
    correction: text('correction', 2000, 20),
  }
  const stories: PlantedSite['stories'] = []
  const paragraph = (i: number) => `<p>Story ${i} reports on the harbour.</p>`
  // Only the desk may feature a story (docs/decisions/0008-read-policy.md): writers leave the flag alone.
  const draftFor = (i: number, desk: boolean) => {
    const sources = Array.from({ length: 4 }, (_, k) => ({ name: '', url: '', kind: (['reported-by', 'quoted', 'document'] as const)[k % 3]! }))
    const input = new PlantedInput<ArticleDraftInput & Record<string, unknown>>({
      headline: '', dek: '', bodyHtml: '', sectionId: sections[i % sections.length]?.id ?? null, label: '', dateline: '',
      featureMediaId: mediaIds[i % mediaIds.length] ?? null, featureImageAlt: '', featureImageCaption: '', featureImageCredit: '',
      authorIds: [authors[i % authors.length]!.id, authors[(i + 7) % authors.length]!.id],
      tagIds: [0, 1, 2].map((k) => tags[(i * 3 + k) % tags.length]!.id),
      sources, seoTitle: '', seoDescription: '', ...(desk ? { featured: i % 5 === 0 } : {}),
    })
    input.put('headline', feeds.headline, `Story ${i}`).put('slug', feeds.slug).put('dek', feeds.dek).put('dateline', feeds.dateline).put('label', feeds.label)
    input.put('featureImageAlt', feeds.alt, `Photo ${i}`).put('featureImageCaption', feeds.caption).put('featureImageCredit', feeds.credit)
    input.put('seoTitle', feeds.seoTitle).put('seoDescription', feeds.seoDescription)
    const body = feeds.body.take()
    input.put('bodyHtml', { field: 'body', value: `${paragraph(i)}\n${body.value}`, used: body.used }, paragraph(i))
    for (let k = 0; k < sources.length; k++) {
      input.put(`sources.${k}.name`, feeds.sourceName, `Source ${k}`)
      if (k < 2) input.put(`sources.${k}.url`, feeds.sourceUrl)
    }
    return input
  }
  for (let i = 0; i < sizes.stories; i++) {
    const writer = users[i % users.length]!
    const editor = users.find((u) => u.role === 'admin' || u.role === 'editor')!
    // Revision 1 and the current version differ, so the revision pages show both.
    const first = await draftFor(i, writer.role === 'editor' || writer.role === 'admin').write(ledger, (v) => createDraft(db, writer, v))
    if (!first) continue
    const saved = await draftFor(i, true).write(ledger, (v) => saveArticle(db, editor, first.id, v, { expectedVersion: first.version }))
    if (!saved) continue
    await transitionArticle(db, users[(i + 1) % users.length]!.role === 'author' ? admin : users[(i + 1) % users.length]!, saved.id, 'publish')
    await new PlantedInput({ body: '' }).put('body', feeds.correction, `Correction ${i}`).write(ledger, (v) => issueCorrection(db, editor, saved.id, v))
    stories.push({ id: saved.id, slug: saved.slug })
  }

  // Stories as an importer writes them: as the system actor, with a feature image at any address
  // (no media library row), published at once.
  const imageUrl = address('feature image address (import)')
  for (let i = 0; i < sizes.importedStories; i++) {
    const input = new PlantedInput<ArticleDraftInput & Record<string, unknown>>({
      headline: '', dek: '', bodyHtml: '', sectionId: sections[i % sections.length]?.id ?? null, label: '', dateline: '',
      featureImageAlt: '', featureImageCaption: '', featureImageCredit: '',
      authorIds: [authors[(i * 3) % authors.length]!.id], tagIds: [tags[i]!.id], sources: [{ name: '', url: '', kind: 'quoted' }],
    })
    input.put('headline', feeds.headline, `Imported ${i}`).put('dek', feeds.dek).put('label', feeds.label).put('dateline', feeds.dateline)
    input.put('featureImageAlt', feeds.alt, `Imported photo ${i}`).put('featureImageCaption', feeds.caption).put('featureImageCredit', feeds.credit)
    input.put('sources.0.name', feeds.sourceName, 'Wire').put('sources.0.url', feeds.sourceUrl, '')
    const body = feeds.body.take()
    input.put('bodyHtml', { field: 'body', value: `${paragraph(100 + i)}\n${body.value}`, used: body.used }, paragraph(100 + i))
    const created = await input.write(ledger, (v) => createDraft(db, systemActor, v))
    if (!created) continue
    await new PlantedInput({ url: '' })
      .put('url', imageUrl, '/media/none.jpg')
      .write(ledger, (v) => setFeatureImageAddress(db, systemActor, created.id, { url: v.url, width: 1200, height: 800 }))
    await transitionArticle(db, systemActor, created.id, 'publish')
    stories.push({ id: created.id, slug: created.slug })
  }

  // Readers for a dozen stories, so the Trending page and the front page's block show them too.
  await countViews(db, stories.slice(0, 12).map((story) => story.id))

  // After every publication, so no delivery is ever queued for these receivers.
  const webhookUrl = address('webhook address')
  const webhookIds: number[] = []
  for (let i = 0; i < sizes.webhooks; i++) {
    const hook = await new PlantedInput({ url: '', events: ['article.deleted'] }).put('url', webhookUrl, 'https://hooks.example/gazette').write(ledger, (v) => createWebhook(db, admin, v))
    if (hook) webhookIds.push(hook.id)
  }
  const tokenName = text('API token name', 100)
  for (let i = 0; i < sizes.tokens; i++) await new PlantedInput({ name: '' }).put('name', tokenName, `token ${i}`).write(ledger, (v) => createApiToken(db, admin, v))
  const keyName = text('Content API key name', 120)
  for (let i = 0; i < sizes.apiKeys; i++) await new PlantedInput({ name: '' }).put('name', keyName, `key ${i}`).write(ledger, (v) => createApiKey(db, v, admin.id))

  return { ledger, admin, stories, sections, tags, authors, webhookIds }
}

const settingsFeeds = () => ({
  name: text('site name', 120),
  language: text('site language', 200, 1),
  timezone: text('site time zone', 200, 1),
  accentColor: text('accent colour', 200, 1),
  description: text('site description', 500),
  copyright: text('copyright holder', 200),
  logo: address('logo address'),
  social: address('social link address'),
})
export type SettingsFeeds = ReturnType<typeof settingsFeeds>
export const newSettingsFeeds = settingsFeeds

/** One round of site settings: they are site-wide, so each round replaces the last and its pages are loaded again. */
export async function plantSettings(db: Db, admin: Actor, ledger: Ledger, feeds: SettingsFeeds, round: number): Promise<void> {
  const socialLinks = socialNetworks.slice(0, 10).map((network) => ({ network, url: '' }))
  // Every other round shows the front page as a river (one stream), the other layout.
  const frontLayout = round % 2 ? 'river' : 'newspaper'
  const input = new PlantedInput<Partial<SiteSettings> & Record<string, unknown>>({ name: '', description: '', copyrightHolder: '', logoUrl: '', socialLinks, language: 'en', timezone: 'UTC', accentColor: '#a4161a', frontLayout })
  input.put('language', feeds.language, 'en').put('timezone', feeds.timezone, 'UTC').put('accentColor', feeds.accentColor, '#a4161a')
  input.put('name', feeds.name, `Gazette ${round}`).put('description', feeds.description).put('copyrightHolder', feeds.copyright).put('logoUrl', feeds.logo)
  socialLinks.forEach((_, k) => input.put(`socialLinks.${k}.url`, feeds.social, 'https://social.example/gazette'))
  await input.write(ledger, (v) => changeSiteSettings(db, admin, v))
}

/** Views as the server counts them (the nth story gets n views), written at once. */
async function countViews(db: Db, articleIds: number[]): Promise<void> {
  const counter = createViewCounter(db)
  articleIds.forEach((id, n) => {
    for (let k = 0; k <= n; k++) counter.record(id, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0')
  })
  await counter.stop()
}

export type CleanSite = Awaited<ReturnType<typeof plantCleanSite>>

/**
 * The clean site every kind of page is first seen on: one of everything the payload site has, with
 * plain text, so the risky elements its pages carry (scripts, forms, links) are the templates' own.
 */
export async function plantCleanSite(db: Db, dataDir: string, admin: Actor) {
  const section = await ensureSection(db, { name: 'Harbour desk', slug: 'harbour-desk', description: 'News from the harbour.' })
  const tag = await ensureTag(db, { name: 'Ferries', slug: 'ferries', description: 'The ferry services.' })
  const author = await ensureAuthor(db, { name: 'Clean Reporter', slug: 'clean-reporter', bio: 'Covers the harbour.', avatarUrl: '/media/none.jpg' })
  await createLabel(db, admin, { name: 'Analysis' })
  const media = await buildImage(db, join(dataDir, 'media'), { alt: 'The harbour wall', caption: 'The harbour at dawn.', credit: 'Gazette staff' })
  const draft = {
    headline: 'Harbour ferry returns', dek: 'The crossing runs twice a day.', bodyHtml: '<p>The ferry is back in service.</p><p class="pull-quote">Back at last.</p>',
    sectionId: section.id, label: 'Analysis', dateline: 'PORTSMOUTH', featureMediaId: media.id, featureImageAlt: 'The ferry', featureImageCaption: 'The ferry at the wall.',
    featureImageCredit: 'Gazette staff', authorIds: [author.id, ...(admin.authorId ? [admin.authorId] : [])], tagIds: [tag.id], seoTitle: 'Ferry returns', seoDescription: 'The harbour ferry is back.',
    sources: [{ name: 'Harbour Ferries Ltd', url: 'https://ferries.example/news', kind: 'reported-by' as const }, { name: 'The operator', url: '', kind: 'quoted' as const }],
  }
  const first = await createDraft(db, admin, draft)
  const story = await saveArticle(db, admin, first.id, { ...draft, headline: 'Harbour ferry returns on Monday' }, { expectedVersion: first.version })
  await transitionArticle(db, admin, story.id, 'publish')
  await issueCorrection(db, admin, story.id, { body: 'An earlier version gave the wrong day.' })
  await countViews(db, [story.id])
  const webhook = await createWebhook(db, admin, { url: 'https://hooks.example/gazette', events: ['article.deleted'] })
  await createApiToken(db, admin, { name: 'wire importer' })
  const { key: apiKey } = await createApiKey(db, { name: 'Theme' }, admin.id)
  const revisions = await db.selectFrom('article_revisions').select('id').where('article_id', '=', story.id).orderBy('id').execute()
  return { section, tag, author, story, webhookId: webhook.id, revisionId: revisions[0]!.id, apiKey }
}
