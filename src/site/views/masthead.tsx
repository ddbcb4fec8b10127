import type { SiteChrome } from '../../http/site-chrome.ts'
import { overridable } from '../../http/theme/overrides.ts'
import { paths } from '../../http/paths.ts'

export type MastheadProps = { chrome: SiteChrome; currentSection?: string }

/** Name or logo, tagline, search and the section navigation. */
export const Masthead = overridable('Masthead', function BuiltInMasthead({ chrome, currentSection }: MastheadProps) {
  const { settings } = chrome
  return (
    <header class="masthead">
      <div class="wrap masthead-top">
        <div class="brand-block">
          <a class="brand" href={paths.home()}>
            {settings.logoUrl ? <img class="logo" src={settings.logoUrl} alt={settings.name} height={56} /> : settings.name}
          </a>
          {settings.description && <p class="tagline">{settings.description}</p>}
        </div>
        <form class="search-form" role="search" aria-label="Site search" method="get" action={paths.search()}>
          <label class="visually-hidden" for="site-search">Search stories</label>
          <input id="site-search" type="search" name="q" placeholder="Search" maxlength={200} />
          <button type="submit">Search</button>
        </form>
      </div>
      <nav class="sections-nav" aria-label="Sections">
        <ul class="wrap">
          <li><a href={paths.home()}>Home</a></li>
          {chrome.sections.map((s) => (
            <li>
              <a href={paths.section(s.slug)} aria-current={s.slug === currentSection ? 'page' : undefined}>{s.name}</a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  )
})
