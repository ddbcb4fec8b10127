import type { DeliveryLogEntry } from '../../content/webhooks/index.ts'
import { webhookEvents, type Webhook } from '../../content/webhooks/index.ts'
import { CsrfField } from './layout.tsx'

const shortTime = (iso: string | null) => (iso ? <time datetime={iso}>{iso.replace('T', ' ').slice(0, 19)}</time> : '—')

const eventHints: Record<(typeof webhookEvents)[number], string> = {
  'article.published': 'a story goes live (also on schedule)',
  'article.updated': 'a published story is edited',
  'article.unpublished': 'a story is taken down',
  'article.deleted': 'a story that was once published is deleted',
}

export function WebhooksPage({ webhooks, csrf, form }: { webhooks: Webhook[]; csrf: string; form?: { url: string; events: string[] } }) {
  return (
    <>
      <h1>Webhooks</h1>
      <p>Gazette POSTs a signed JSON message to each address when a story changes. Failed deliveries are retried with growing pauses.</p>
      <table>
        <thead><tr><th>Address</th><th>Events</th><th>State</th></tr></thead>
        <tbody>
          {webhooks.map((w) => (
            <tr data-webhook-id={String(w.id)}>
              <td><a href={`/admin/webhooks/${w.id}`}>{w.url}</a></td>
              <td>{w.events.join(', ')}</td>
              <td>{w.enabled ? 'enabled' : 'disabled'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {webhooks.length === 0 && <p>No webhooks yet.</p>}
      <h2>Add a webhook</h2>
      <form method="post" action="/admin/webhooks" class="panel">
        <CsrfField token={csrf} />
        <label for="webhook-url">Address <span class="hint">a public http:// or https:// address, without a user name or password</span></label>
        <input id="webhook-url" name="url" type="url" required maxlength={2000} value={form?.url ?? ''} placeholder="https://example.com/hooks/gazette" />
        <fieldset>
          <legend>Events</legend>
          {webhookEvents.map((event) => (
            <label class="checkbox">
              <input type="checkbox" name="events" value={event} checked={form ? form.events.includes(event) : event === 'article.published'} /> {event}{' '}
              <span class="hint">{eventHints[event]}</span>
            </label>
          ))}
        </fieldset>
        <div class="actions"><button type="submit">Add webhook</button></div>
      </form>
    </>
  )
}

export function WebhookDetail({ webhook, deliveries, page, hasNext, csrf }: { webhook: Webhook; deliveries: DeliveryLogEntry[]; page: number; hasNext: boolean; csrf: string }) {
  return (
    <>
      <h1>Webhook {webhook.id}</h1>
      <section class="panel">
        <p>Address: <code>{webhook.url}</code></p>
        <p>Events: {webhook.events.join(', ')}</p>
        <p>State: <strong data-state>{webhook.enabled ? 'enabled' : 'disabled'}</strong></p>
        <p>
          Signing secret: <code data-secret>{webhook.secret}</code>
          <span class="hint"> the receiver checks X-Gazette-Signature, sha256=HMAC-SHA256(secret, raw body) in hex</span>
        </p>
        <div class="actions">
          <form method="post" action={`/admin/webhooks/${webhook.id}/${webhook.enabled ? 'disable' : 'enable'}`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="secondary">{webhook.enabled ? 'Disable' : 'Enable'}</button>
          </form>
          <form method="post" action={`/admin/webhooks/${webhook.id}/delete`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="danger">Delete webhook and its log</button>
          </form>
        </div>
      </section>
      <h2>Deliveries</h2>
      <DeliveryLog deliveries={deliveries} />
      {hasNext && <p><a href={`/admin/webhooks/${webhook.id}?page=${page + 1}`}>Older deliveries →</a></p>}
    </>
  )
}

function DeliveryLog({ deliveries }: { deliveries: DeliveryLogEntry[] }) {
  if (!deliveries.length) return <p>Nothing sent yet.</p>
  return (
    <table class="delivery-log">
      <thead>
        <tr><th>Event</th><th>Article</th><th>Status</th><th>Attempts</th><th>Response</th><th>Last error</th><th>Queued</th><th>Last attempt</th><th>Next attempt / done</th></tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr data-delivery={d.uuid}>
            <td>{d.event}</td>
            <td>{d.headline} <span class="hint">#{d.articleId}</span></td>
            <td data-status>{d.status}</td>
            <td data-attempts>{d.attempts}</td>
            <td data-status-code>{d.lastStatusCode ?? '—'}</td>
            <td>{d.lastError ?? '—'}</td>
            <td>{shortTime(d.createdAt)}</td>
            <td>{shortTime(d.lastAttemptAt)}</td>
            <td>{shortTime(d.nextAttemptAt ?? d.completedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
