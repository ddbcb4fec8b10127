import { createApiToken, toActor } from '../../src/content/accounts/index.ts'
import type { Actor } from '../../src/content/accounts/index.ts'
import type { Role } from '../../src/db/schema.ts'
import { buildUser } from './newsroom.ts'
import type { TestServer } from './server.ts'

/** A program using the Admin API with a personal token of a user of the given role. */
export type ApiClient = {
  token: string
  actor: Actor
  /** Sends JSON (when `body` is given) with the token; `token: null` sends none. */
  request(method: string, path: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string> }): Promise<Response>
}

export async function buildApiClient(server: TestServer, role: Role): Promise<ApiClient> {
  const user = await buildUser(server, role)
  const actor = toActor(user)
  const { token } = await createApiToken(server.database.db, actor, { name: `${role} test token` })
  return {
    token,
    actor,
    request(method, path, body, options = {}) {
      const sent = options.token === undefined ? token : options.token
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
      if (sent !== null) headers.authorization = `Bearer ${sent}`
      if (body !== undefined) headers['content-type'] ??= 'application/json'
      return server.get(path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) })
    },
  }
}
