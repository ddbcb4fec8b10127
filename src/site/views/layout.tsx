import type { Child } from 'hono/jsx'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { feedLinks, type FeedLink } from '../../http/feed-links.ts'
import { Footer } from './footer.tsx'
import { paths } from '../../http/paths.ts'
import { Masthead } from './masthead.tsx'

export type PageMeta = {
  title: string
  description?: string
  /** Path of the canonical address; absolute URLs are built from SITE_URL. */
  canonicalPath?: string
  noindex?: boolean
  /** The section the page belongs to, marked as current in the navigation. */
  section?: string
  /** More for the head: OpenGraph and Twitter tags, JSON-LD (see social-meta.tsx). */
  head?: Child
  /** The page's own feeds (section, topic, author), announced after the site-wide ones. */
  feeds?: FeedLink[]
}

export function Layout({ chrome, meta, children }: { chrome: SiteChrome; meta: PageMeta; children: Child }) {
  const { settings } = chrome
  const title = meta.title === settings.name ? settings.name : `${meta.title} | ${settings.name}`
  return (
    <html lang={settings.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={meta.description || settings.description || settings.name} />
        {meta.canonicalPath && <link rel="canonical" href={chrome.siteUrl + meta.canonicalPath} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        <meta name="color-scheme" content="light dark" />
        {[...feedLinks(paths.home(), settings.name), ...(meta.feeds ?? [])].map((feed) => (
          <link rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {meta.head}
        <link rel="stylesheet" href={chrome.stylesheet} />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <Masthead chrome={chrome} currentSection={meta.section} />
        <main id="main" class="wrap" tabindex={-1}>{children}</main>
        <Footer chrome={chrome} />
      </body>
    </html>
  )
}
