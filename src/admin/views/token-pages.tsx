import type { ApiToken } from '../../content/accounts/index.ts'
import { CsrfField } from './layout.tsx'

const shortTime = (iso: string | null) => (iso ? <time datetime={iso}>{iso.replace('T', ' ').slice(0, 16)}</time> : '—')

/** The signed-in user's own API tokens; a token just created is shown here once and never again. */
export function TokensPage({ tokens, csrf, created, siteUrl }: { tokens: ApiToken[]; csrf: string; created?: { name: string; token: string }; siteUrl: string }) {
  return (
    <>
      <h1>API tokens</h1>
      <p>
        A token lets a program use the <a href="/api/openapi.json">Admin API</a> as you, with your role’s permissions. Treat it like a
        password; revoke it when the program no longer needs it.
      </p>
      {created && (
        <section class="panel" aria-labelledby="new-token-title">
          <h2 id="new-token-title">Your new token “{created.name}”</h2>
          <p>Copy it now: it is not stored and will not be shown again.</p>
          <pre><code data-new-token>{created.token}</code></pre>
          <p class="hint">Try it: curl -H "Authorization: Bearer {created.token}" {siteUrl}/api/admin/articles</p>
        </section>
      )}
      <form method="post" action="/admin/tokens" class="panel">
        <CsrfField token={csrf} />
        <label for="token-name">Name <span class="hint">what will use it, e.g. “wire importer”</span></label>
        <input id="token-name" name="name" type="text" required maxlength={100} />
        <div class="actions"><button type="submit">Create token</button></div>
      </form>
      <table>
        <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th>Status</th></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr data-token-id={String(t.id)}>
              <td>{t.name}</td>
              <td>{shortTime(t.createdAt)}</td>
              <td>{shortTime(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  <>Revoked {shortTime(t.revokedAt)}</>
                ) : (
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`} class="inline-form">
                    <CsrfField token={csrf} />
                    <button type="submit" class="danger">Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.length === 0 && <p>You have no tokens yet.</p>}
    </>
  )
}
