import type { Kysely } from 'kysely'
import { idColumn, type MigrationContext } from '../migration-helpers.ts'

/**
 * Sign-in attempts, counted per account and address and per address across accounts.
 *
 * `login_failures` kept one hash of account + address, which cannot be counted per address. Its rows
 * are at most 15 minutes' worth of failed sign-ins; they are dropped, not converted (they cannot be
 * split), so an upgrade forgets the failures of the last quarter hour.
 *
 * A row is written *before* the password is checked (a reservation) and deleted again when the
 * password is right, so a row is a failed attempt or one still being checked.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema.dropTable('login_failures').execute()
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', ...idColumn(dialect))
    // SHA-256 of the lower-cased email and of the client's address (its /64 for IPv6), as before.
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  // Serves both counts: per address (its prefix) and per account and address.
  await db.schema.createIndex('login_attempts_address_idx').on('login_attempts').columns(['address', 'account', 'at']).execute()
  // Expired rows are deleted by age.
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').column('at').execute()
}
