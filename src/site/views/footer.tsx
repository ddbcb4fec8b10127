import type { SiteChrome } from '../../http/site-chrome.ts'
import { overridable } from '../../http/theme/overrides.ts'
import { paths } from '../../http/paths.ts'
import { SocialLinks } from './social-links.tsx'

export type FooterProps = { chrome: SiteChrome }

export const Footer = overridable('Footer', function BuiltInFooter({ chrome }: FooterProps) {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <nav aria-label="Footer">
          <ul class="footer-links">
            {chrome.sections.map((s) => (
              <li><a href={paths.section(s.slug)}>{s.name}</a></li>
            ))}
            <li><a href={paths.trending()}>Trending</a></li>
            <li><a href={paths.search()}>Search</a></li>
            <li><a href={paths.sitemap()}>Sitemap</a></li>
            <li><a href={paths.rss()}>RSS</a></li>
          </ul>
        </nav>
        <SocialLinks links={chrome.settings.socialLinks} />
        <p class="copyright">{chrome.copyright}</p>
      </div>
    </footer>
  )
})
