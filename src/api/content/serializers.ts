import type { ApiAuthor, ApiPost, ApiTag } from '../../content/content-api/index.ts'
import { postUuid, toPublicId } from '../../content/content-api/index.ts'
import { escapeHtml, readingMinutes } from '../../content/shared/index.ts'
import type { Section } from '../../content/taxonomy/index.ts'
import type { SiteSettings } from '../../content/settings/index.ts'
import { absoluteUrl as absoluteSiteUrl, absoluteUrlsInHtml } from '../../http/absolute-urls.ts'
import { paths } from '../../http/paths.ts'
import type { OutputParams } from './params.ts'

/**
 * Presenters: domain records in the shape of Ghost's Content API resources, field for field, so Ghost
 * clients and themes read them unchanged. What Gazette has no equivalent for (code injection, og_*,
 * twitter_*, canonical URL overrides) is present and null, as on a Ghost site that never set it.
 * Ghost's HTML fields are sent as HTML a theme may print unescaped: `html` is the body the sanitizer
 * wrote (as on the public page), `feature_image_caption` the stored plain text escaped, and the
 * `codeinjection_*` fields are always null. Everything else (titles, excerpts, bios, alt text) is text,
 * as in Ghost, and themes escape it.
 */
export type JsonObject = Record<string, unknown>

/** Root-relative addresses (media, the logo) as absolute ones: API clients render on other sites. */
function absoluteUrl(url: string | null, siteUrl: string): string | null {
  return url ? absoluteSiteUrl(siteUrl, url) : null
}

/** Stored timestamps are UTC with `Z`; Ghost writes the offset out (`+00:00`), and some clients expect that form. */
export function isoWithOffset(timestamp: string): string {
  return timestamp.endsWith('Z') ? `${timestamp.slice(0, -1)}+00:00` : timestamp
}

const socialNulls = { og_image: null, og_title: null, og_description: null, twitter_image: null, twitter_title: null, twitter_description: null }

export function presentAuthor(author: ApiAuthor, siteUrl: string): JsonObject {
  return {
    id: toPublicId('author', author.id),
    name: author.name,
    slug: author.slug,
    profile_image: absoluteUrl(author.avatarUrl, siteUrl),
    cover_image: null,
    bio: author.bio,
    website: null,
    location: null,
    facebook: null,
    twitter: null,
    meta_title: null,
    meta_description: null,
    url: `${siteUrl}${paths.author(author.slug)}`,
    ...(author.postCount === undefined ? {} : { count: { posts: author.postCount } }),
  }
}

export function presentTag(tag: ApiTag, siteUrl: string): JsonObject {
  return {
    id: toPublicId('tag', tag.id),
    name: tag.name,
    slug: tag.slug,
    description: tag.description,
    feature_image: null,
    visibility: 'public',
    ...socialNulls,
    meta_title: null,
    meta_description: null,
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: `${siteUrl}${paths.tag(tag.slug)}`,
    ...(tag.postCount === undefined ? {} : { count: { posts: tag.postCount } }),
  }
}

export function presentPost(post: ApiPost, siteUrl: string, params: OutputParams): JsonObject {
  const id = toPublicId('post', post.id)
  const relations: JsonObject = {}
  if (post.authors) {
    const authors = post.authors.map((author) => presentAuthor(author, siteUrl))
    Object.assign(relations, { authors, primary_author: authors[0] ?? null })
  }
  if (post.tags) {
    const tags = post.tags.map((tag) => presentTag(tag, siteUrl))
    Object.assign(relations, { tags, primary_tag: tags[0] ?? null })
  }
  const fields: JsonObject = {
    id,
    uuid: postUuid(post.id, post.createdAt),
    title: post.headline,
    slug: post.slug,
    ...(params.formats.has('html') ? { html: absoluteUrlsInHtml(post.bodyHtml, siteUrl) } : {}),
    ...(params.formats.has('plaintext') ? { plaintext: post.bodyText } : {}),
    comment_id: id,
    feature_image: absoluteUrl(post.featureImage?.url ?? null, siteUrl),
    feature_image_alt: post.featureImage?.alt || null,
    // Ghost's caption is HTML that themes print as it is (`{{{feature_image_caption}}}`); Gazette's is text.
    feature_image_caption: post.featureImage?.caption ? escapeHtml(post.featureImage.caption) : null,
    featured: post.featured,
    visibility: 'public',
    created_at: isoWithOffset(post.createdAt),
    updated_at: isoWithOffset(post.updatedAt),
    published_at: isoWithOffset(post.publishedAt),
    custom_excerpt: post.dek,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    url: `${siteUrl}${paths.article(post.slug)}`,
    // Ghost's excerpt: the custom one, else the start of the text.
    excerpt: post.dek ?? post.excerpt,
    reading_time: readingMinutes(post.wordCount),
    access: true,
    comments: false,
    ...socialNulls,
    meta_title: post.seoTitle,
    meta_description: post.seoDescription,
    email_subject: null,
    frontmatter: null,
  }
  return { ...onlyFields(fields, params.fields), ...relations }
}

/** `fields=title,url`: just those (names Ghost does not have are ignored, as Ghost does). */
export function onlyFields(resource: JsonObject, fields: string[] | null): JsonObject {
  if (!fields) return resource
  return Object.fromEntries(Object.entries(resource).filter(([name]) => fields.includes(name)))
}

/** The site as Ghost's `settings` resource. Navigation is the home page and the sections, as in the masthead. */
export function presentSettings(settings: SiteSettings, sections: Section[], siteUrl: string): JsonObject {
  const social = (network: string) => settings.socialLinks.find((link) => link.network === network)?.url ?? null
  return {
    title: settings.name,
    description: settings.description,
    logo: absoluteUrl(settings.logoUrl || null, siteUrl),
    icon: `${siteUrl}/favicon.svg`,
    accent_color: settings.accentColor,
    cover_image: null,
    facebook: handleOf(social('facebook'), ''),
    twitter: handleOf(social('x'), '@'),
    lang: settings.language,
    locale: settings.language,
    timezone: settings.timezone,
    codeinjection_head: null,
    codeinjection_foot: null,
    navigation: [{ label: 'Home', url: `${siteUrl}/` }, ...sections.map((s) => ({ label: s.name, url: `${siteUrl}${paths.section(s.slug)}` }))],
    secondary_navigation: [],
    meta_title: null,
    meta_description: null,
    ...socialNulls,
    members_support_address: null,
    url: `${siteUrl}/`,
  }
}

/** Ghost stores social accounts as handles (`ghost`, `@ghost`), not addresses. */
function handleOf(url: string | null, prefix: string): string | null {
  if (!url) return null
  const path = new URL(url).pathname.replace(/^\/+|\/+$/g, '')
  return path ? `${prefix}${path.replace(/^@/, '')}` : null
}
