import type { ApiKey } from '../../content/accounts/index.ts'
import { CsrfField } from './layout.tsx'

export type ApiKeysPageProps = {
  keys: ApiKey[]
  csrf: string
  /** The Content API's address, for the usage hint. */
  apiUrl: string
  /** Just created: the only time the key itself is ever shown. */
  created?: { name: string; key: string }
}

function when(timestamp: string | null): string {
  return timestamp ? timestamp.replace('T', ' ').slice(0, 16) : '—'
}

export function ApiKeysPage({ keys, csrf, apiUrl, created }: ApiKeysPageProps) {
  return (
    <>
      <h1>Content API keys</h1>
      <p>
        Apps and other sites read published stories, authors, tags and settings from the Ghost-compatible Content API at{' '}
        <code>{apiUrl}</code> with a key (<code>?key=…</code>). A key only ever reads what the public site shows.
      </p>
      {created && (
        <section class="panel" aria-labelledby="new-key-title">
          <h2 id="new-key-title">Key for {created.name}</h2>
          <p>Copy it now: it is shown only this once, and Gazette keeps just a hash of it.</p>
          <p><code id="new-key">{created.key}</code></p>
        </section>
      )}
      <table>
        <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th>Status</th></tr></thead>
        <tbody>
          {keys.length === 0 && <tr><td colspan={4}>No keys yet.</td></tr>}
          {keys.map((key) => (
            <tr>
              <td>{key.name}</td>
              <td>{when(key.createdAt)}{key.createdByName ? ` by ${key.createdByName}` : ''}</td>
              <td>{when(key.lastUsedAt)}</td>
              <td>
                {key.revokedAt ? (
                  `Revoked ${when(key.revokedAt)}`
                ) : (
                  <form method="post" action={`/admin/api-keys/${key.id}/revoke`} class="inline-form">
                    <CsrfField token={csrf} />
                    Active <button type="submit" class="danger" aria-label={`Revoke the key ${key.name}`}>Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New key</h2>
      <form method="post" action="/admin/api-keys" class="panel">
        <CsrfField token={csrf} />
        <label for="key-name">Name <span class="hint">who uses it, e.g. “Mobile app” or “Partner site”</span></label>
        <input id="key-name" name="name" type="text" required maxlength={120} />
        <div class="actions"><button type="submit">Create key</button></div>
      </form>
    </>
  )
}
