import type { SiteSettings } from '../../content/settings/index.ts'
import { fontChoices, frontLayouts, socialNetworks, type FontChoice, type FrontLayout } from '../../content/settings/index.ts'
import type { User } from '../../content/accounts/index.ts'
import { roles } from '../../content/accounts/index.ts'
import { CsrfField } from './layout.tsx'

export function SettingsForm({ settings, csrf }: { settings: SiteSettings; csrf: string }) {
  const links = [...settings.socialLinks, ...Array.from({ length: 3 }, () => ({ network: '' as const, url: '' }))]
  return (
    <>
      <h1>Site settings</h1>
      <form method="post" action="/admin/settings" class="panel">
        <CsrfField token={csrf} />
        <label for="name">Site name</label>
        <input id="name" name="name" type="text" required maxlength={120} value={settings.name} />
        <label for="description">Description</label>
        <input id="description" name="description" type="text" maxlength={500} value={settings.description} />
        <label for="logoUrl">Logo <span class="hint">an image address, e.g. from the media library (/media/…)</span></label>
        <input id="logoUrl" name="logoUrl" type="text" maxlength={2000} value={settings.logoUrl} />
        <label for="language">Language <span class="hint">e.g. en, en-gb, pt-br</span></label>
        <input id="language" name="language" type="text" required maxlength={35} value={settings.language} />
        <label for="timezone">Timezone <span class="hint">e.g. Europe/Lisbon; dates on the site and scheduling use it</span></label>
        <input id="timezone" name="timezone" type="text" required maxlength={60} value={settings.timezone} />
        <label for="copyrightHolder">Copyright holder</label>
        <input id="copyrightHolder" name="copyrightHolder" type="text" maxlength={200} value={settings.copyrightHolder} />
        <fieldset>
          <legend>Social links</legend>
          {links.map((link, i) => (
            <div class="source-row">
              <select name="socialNetwork" aria-label={`Social link ${i + 1} network`}>
                <option value="">—</option>
                {socialNetworks.map((n) => <option value={n} selected={n === link.network}>{n}</option>)}
              </select>
              <input type="url" name="socialUrl" aria-label={`Social link ${i + 1} address`} value={link.url} placeholder="https://…" />
            </div>
          ))}
        </fieldset>
        <ThemeFields settings={settings} />
        <div class="actions"><button type="submit">Save settings</button></div>
      </form>
    </>
  )
}

const fontNames: Record<FontChoice, string> = {
  system: 'System fonts (fastest: nothing to download)',
  source: 'Source Serif and Source Sans',
  merriweather: 'Merriweather and Libre Franklin',
  lora: 'Lora and Inter',
}

const layoutNames: Record<FrontLayout, string> = {
  newspaper: 'Newspaper: lead story, secondary stories and section rails',
  river: 'River: the latest stories in one stream',
}

function ThemeFields({ settings }: { settings: SiteSettings }) {
  return (
    <fieldset>
      <legend>Theme</legend>
      <input type="hidden" name="theme" value="1" />
      <label for="accentColor">Accent colour <span class="hint">labels, section names and links on hover; adjusted where needed so text stays readable</span></label>
      <input id="accentColor" name="accentColor" type="color" value={settings.accentColor} />
      <label for="font">Fonts <span class="hint">served from this site; no third-party requests</span></label>
      <select id="font" name="font">
        {fontChoices.map((f) => <option value={f} selected={f === settings.font}>{fontNames[f]}</option>)}
      </select>
      <label for="frontLayout">Front page layout</label>
      <select id="frontLayout" name="frontLayout">
        {frontLayouts.map((l) => <option value={l} selected={l === settings.frontLayout}>{layoutNames[l]}</option>)}
      </select>
      <label for="frontSectionRails">Section rails on the front page <span class="hint">0–12, in section order; newspaper layout only</span></label>
      <input id="frontSectionRails" name="frontSectionRails" type="number" min={0} max={12} value={String(settings.frontSectionRails)} />
      <label class="checkbox">
        <input type="checkbox" name="showTrending" checked={settings.showTrending} /> Show the Trending block on the front page
      </label>
    </fieldset>
  )
}

export function UsersPage({ users, csrf }: { users: User[]; csrf: string }) {
  return (
    <>
      <h1>Users</h1>
      <table>
        <thead><tr><th>Name</th><th>Email</th><th>Role</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/role`} class="actions flush">
                  <CsrfField token={csrf} />
                  <select name="role" aria-label={`Role of ${u.name}`}>
                    {roles.map((r) => <option value={r} selected={r === u.role}>{r}</option>)}
                  </select>
                  <button type="submit" class="secondary">Change</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <form method="post" action="/admin/users" class="panel">
        <CsrfField token={csrf} />
        <label for="u-name">Name</label>
        <input id="u-name" name="name" type="text" required />
        <label for="u-email">Email</label>
        <input id="u-email" name="email" type="email" required />
        <label for="u-role">Role</label>
        <select id="u-role" name="role">{roles.map((r) => <option value={r}>{r}</option>)}</select>
        <label for="u-password">Initial password <span class="hint">at least 10 characters; share it privately</span></label>
        <input id="u-password" name="password" type="password" minlength={10} required autocomplete="new-password" />
        <div class="actions"><button type="submit">Add user</button></div>
      </form>
    </>
  )
}

export function TaxonomyPage({ sections, tags, labels, csrf }: { sections: { name: string; slug: string }[]; tags: { name: string; slug: string }[]; labels: { name: string }[]; csrf: string }) {
  const group = (kind: string, title: string, items: { name: string }[]) => (
    <section class="panel">
      <h2>{title}</h2>
      <p>{items.map((i) => i.name).join(' · ') || 'None yet.'}</p>
      <form method="post" action={`/admin/taxonomy/${kind}`} class="actions">
        <CsrfField token={csrf} />
        <input type="text" name="name" required maxlength={80} aria-label={`New ${kind} name`} placeholder="Name" />
        <button type="submit">Add</button>
      </form>
    </section>
  )
  return (
    <>
      <h1>Sections, tags and labels</h1>
      {group('sections', 'Sections', sections)}
      {group('tags', 'Tags', tags)}
      {group('labels', 'Labels', labels)}
    </>
  )
}
