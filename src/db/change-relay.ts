import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import type { Logger } from '../logger.ts'
import type { Database } from './connection.ts'

/**
 * Several Gazette servers on one PostgreSQL database each keep their own render cache. The change
 * relay tells the others what every committed change touched: the local change's tags go out with
 * `pg_notify` once it has committed, and a dedicated connection LISTENs for the other servers' tags.
 * A dropped connection (or one that stops answering) is reopened with backoff; notifications sent
 * meanwhile are lost, so a reconnect counts as a change to everything. On SQLite there is only ever
 * one server: it does nothing.
 */
export type ChangeRelay = {
  /** Tells the other servers about a local, committed change; never waits, a failure is logged. */
  publish(tags: readonly string[]): void
  /** Stops listening once the notifications already sent have gone out. */
  close(): Promise<void>
}

export type ChangeRelayOptions = {
  /** The DATABASE_URL: the relay listens on a connection of its own, outside the pool. */
  url: string
  logger: Logger
  /** Another server's change, or `everything` after a reconnect. */
  onRemoteChange(tags: readonly string[]): void
  /** Tags covering every cached page: sent instead of a list too long for one notification, and delivered after a reconnect. */
  everything: readonly string[]
  /** Wait before the first reconnect attempt, doubled on each failure up to `maxRetryDelayMs`. */
  retryDelayMs?: number
  maxRetryDelayMs?: number
  /**
   * How often the listening connection repeats its LISTEN (a no-op that keeps the channel showing in
   * `pg_stat_activity`): a connection that stopped answering without closing is replaced. 30 s.
   */
  heartbeatMs?: number
}

/** How the listening connection shows in `pg_stat_activity`. */
export const relayApplicationName = 'gazette-change-relay'

/** NOTIFY refuses a payload of 8000 bytes or more. */
const maxPayloadBytes = 7999

/**
 * The channel of one schema's servers, so that sites (or test suites) sharing a database never hear
 * each other. A channel is an identifier: at most 63 bytes, else a hash stands in for the schema.
 */
export function changeChannel(schema: string): string {
  const readable = `gazette_changes_${schema}`
  if (/^[a-z0-9_]+$/.test(schema) && readable.length <= 63) return readable
  return `gazette_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`
}

/** One notification's payload; a change too large for one says "everything" instead. */
export function encodeChange(node: string, tags: readonly string[], everything: readonly string[]): string {
  const payload = JSON.stringify({ node, tags })
  return Buffer.byteLength(payload) <= maxPayloadBytes ? payload : JSON.stringify({ node, tags: everything })
}

export function decodeChange(payload: string): { node: string; tags: string[] } | null {
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { node, tags } = value as { node?: unknown; tags?: unknown }
  if (typeof node !== 'string' || !Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) return null
  return { node, tags }
}

/** Starts relaying; on PostgreSQL it resolves once listening (or once the first attempt has failed and retries are under way). */
export async function startChangeRelay(database: Database, options: ChangeRelayOptions): Promise<ChangeRelay> {
  if (database.dialect !== 'postgres') return { publish() {}, close: async () => {} }
  const relay = new PostgresChangeRelay(database, options)
  await relay.start()
  return relay
}

class PostgresChangeRelay implements ChangeRelay {
  /** Tells this server's notifications from the others' when they come back on the shared channel. */
  private readonly node = randomUUID()
  private readonly channel: string
  private readonly logger: Logger
  private client: pg.Client | null = null
  private connecting: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private attempts = 0
  /** Set when notifications may have been missed: the next connection delivers `everything`. */
  private missed = false
  private closed = false
  private readonly sending = new Set<Promise<void>>()

  constructor(
    private readonly database: Database,
    private readonly options: ChangeRelayOptions,
  ) {
    this.channel = changeChannel(database.schema ?? 'public')
    this.logger = options.logger.child({ channel: this.channel })
  }

  start(): Promise<void> {
    this.timer = null
    this.connecting = this.connect().finally(() => (this.connecting = null))
    return this.connecting
  }

  publish(tags: readonly string[]): void {
    if (this.closed || !tags.length) return
    const payload = encodeChange(this.node, tags, this.options.everything)
    const sent = sql`select pg_notify(${this.channel}, ${payload})`.execute(this.database.db).then(
      () => {},
      (err: unknown) => this.logger.error({ err, tags }, 'change not relayed to the other servers'),
    )
    this.sending.add(sent)
    void sent.finally(() => this.sending.delete(sent))
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    if (this.heartbeat) clearInterval(this.heartbeat)
    await this.connecting
    await Promise.all(this.sending)
    const client = this.client
    this.client = null
    await client?.end().catch(() => {})
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: relayApplicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      query_timeout: 10_000,
    })
    let open = true
    client.on('notification', (message) => this.receive(message))
    client.on('error', (err) => this.lost(client, err))
    client.on('end', () => {
      open = false
      this.lost(client)
    })
    const listen = `LISTEN ${pg.escapeIdentifier(this.channel)}`
    try {
      await client.connect()
      await client.query(listen)
      if (!open) throw new Error('the connection closed as listening began')
    } catch (err) {
      void client.end().catch(() => {})
      if (this.closed) return
      this.missed = true
      this.logger.warn({ err, retryInMs: this.retry() }, 'change relay could not listen; other servers’ changes are not seen until it can')
      return
    }
    if (this.closed) await client.end().catch(() => {})
    else this.listening(client, listen)
  }

  private listening(client: pg.Client, listen: string): void {
    this.client = client
    this.attempts = 0
    this.heartbeat = setInterval(() => client.query(listen).catch((err: unknown) => this.lost(client, err)), this.options.heartbeatMs ?? 30_000)
    this.heartbeat.unref()
    if (!this.missed) {
      this.logger.debug('change relay listening')
      return
    }
    this.missed = false
    this.logger.warn('change relay listening again; changes made meanwhile may have been missed, so every cached page is dropped')
    this.deliver(this.options.everything)
  }

  private receive(message: pg.Notification): void {
    if (message.channel !== this.channel) return
    const change = decodeChange(message.payload ?? '')
    if (!change) this.logger.warn({ payload: message.payload?.slice(0, 200) }, 'unreadable change notification ignored')
    else if (change.node !== this.node) this.deliver(change.tags)
  }

  private deliver(tags: readonly string[]): void {
    try {
      this.options.onRemoteChange(tags)
    } catch (err) {
      this.logger.error({ err, tags }, 'another server’s change could not be applied')
    }
  }

  /** Called on a connection error or end: once per lost connection, it schedules the next one. */
  private lost(client: pg.Client, err?: unknown): void {
    if (client !== this.client) return
    this.client = null
    if (this.heartbeat) clearInterval(this.heartbeat)
    void client.end().catch(() => {})
    if (this.closed) return
    this.missed = true
    this.logger.warn({ err, retryInMs: this.retry() }, 'change relay lost its connection; reconnecting')
  }

  /** Schedules the next connection attempt with exponential backoff; returns its delay. */
  private retry(): number {
    const delay = Math.min((this.options.retryDelayMs ?? 100) * 2 ** this.attempts, this.options.maxRetryDelayMs ?? 10_000)
    this.attempts++
    this.timer = setTimeout(() => void this.start(), delay)
    this.timer.unref()
    return delay
  }
}
