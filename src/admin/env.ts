import type { Session } from '../content/accounts/index.ts'

/** Per-request values the admin middleware provides to routes. */
export type AdminEnv = { Variables: { session: Session | null } }
