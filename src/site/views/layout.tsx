import type { Child } from 'hono/jsx'
import type { SiteChrome } from '../chrome.ts'
import { paths } from './format.ts'
import { SocialLinks } from './social-links.tsx'

export type PageMeta = {
  title: string
  description?: string
  /** Path of the canonical address; absolute URLs are built from SITE_URL. */
  canonicalPath?: string
  noindex?: boolean
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
        <meta name="description" content={meta.description ?? settings.description} />
        {meta.canonicalPath && <link rel="canonical" href={chrome.siteUrl + meta.canonicalPath} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        <link rel="alternate" type="application/rss+xml" title={`${settings.name} RSS`} href={paths.rss()} />
        <link rel="stylesheet" href={chrome.stylesheet} />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="masthead">
          <div class="wrap">
            <a class="brand" href={paths.home()}>
              {settings.logoUrl ? <img class="logo" src={settings.logoUrl} alt={settings.name} height={56} /> : settings.name}
            </a>
            {settings.description && <p class="tagline">{settings.description}</p>}
          </div>
          <nav class="sections-nav" aria-label="Sections">
            <ul class="wrap">
              <li><a href={paths.home()}>Home</a></li>
              {chrome.sections.map((s) => (
                <li><a href={paths.section(s.slug)}>{s.name}</a></li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap">{children}</main>
        <footer class="site-footer">
          <div class="wrap">
            <nav aria-label="Footer">
              <ul class="footer-links">
                {chrome.sections.map((s) => (
                  <li><a href={paths.section(s.slug)}>{s.name}</a></li>
                ))}
                <li><a href={paths.sitemap()}>Sitemap</a></li>
                <li><a href={paths.rss()}>RSS</a></li>
              </ul>
            </nav>
            <SocialLinks links={settings.socialLinks} />
            <p class="copyright">{chrome.copyright}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}
