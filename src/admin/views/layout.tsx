import type { Child } from 'hono/jsx'
import type { Actor } from '../../content/accounts/index.ts'
import { atLeast, canManageSettings, canManageTaxonomy, canManageUsers, canManageWebhooks, canManageApiKeys } from '../../content/accounts/index.ts'

export type AdminPageProps = {
  title: string
  stylesheet: string
  csrf: string
  user?: { name: string; actor: Actor }
  notice?: { kind: 'ok' | 'error'; text: string; details?: string[] }
  scripts?: string[]
  styles?: string[]
  children: Child
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

export function Notice({ notice }: { notice: AdminPageProps['notice'] }) {
  if (!notice) return null
  return (
    <div class={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      {notice.text}
      {notice.details && notice.details.length > 0 && (
        <ul>
          {notice.details.map((d) => <li>{d}</li>)}
        </ul>
      )}
    </div>
  )
}

export function AdminLayout({ title, stylesheet, csrf, user, notice, scripts = [], styles = [], children }: AdminPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} | Gazette newsroom`}</title>
        <link rel="stylesheet" href={stylesheet} />
        {styles.map((href) => <link rel="stylesheet" href={href} />)}
        {scripts.map((src) => <script type="module" src={src} />)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="admin-bar">
          <a class="brand" href="/admin">Gazette newsroom</a>
          {user && (
            <>
              <nav aria-label="Newsroom">
                <a href="/admin/articles">Articles</a> · <a href="/admin/media">Media</a> · <a href="/admin/authors">{atLeast(user.actor, 'editor') ? 'Authors' : 'My profile'}</a>
                {canManageTaxonomy(user.actor) && <> · <a href="/admin/taxonomy">Sections &amp; tags</a></>}
                {canManageUsers(user.actor) && <> · <a href="/admin/users">Users</a></>}
                {canManageSettings(user.actor) && <> · <a href="/admin/settings">Settings</a></>}
                {canManageWebhooks(user.actor) && <> · <a href="/admin/webhooks">Webhooks</a></>}
                {canManageApiKeys(user.actor) && <> · <a href="/admin/api-keys">Content API keys</a></>}
                {' · '}<a href="/admin/tokens">API tokens</a>
                {' · '}<a href="/">View site</a>
              </nav>
              <form method="post" action="/admin/logout">
                <CsrfField token={csrf} />
                <span>{user.name} ({user.actor.role}) </span>
                <button type="submit">Sign out</button>
              </form>
            </>
          )}
        </header>
        <main id="main">
          <Notice notice={notice} />
          {children}
        </main>
      </body>
    </html>
  )
}
