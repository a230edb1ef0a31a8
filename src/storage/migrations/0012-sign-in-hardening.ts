import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Sign-in hardening after a security review:
 * - `staff_user.totp_last_step`: the last 30-second TOTP step accepted for the account, kept in the
 *   database so every process refuses a code that was already used (or an older one).
 * - `staff_user.is_password_temporary`: 1 for a generated one-time password (`tillit user add`, the
 *   users page, an administrator's reset); the first sign-in with it must choose a new password.
 * - `staff_session.csrf_token` goes: the CSRF token is now derived from the raw session token, which
 *   only the client holds, so the database no longer keeps anything that would pass the CSRF check.
 *   Sessions opened before cannot derive theirs the same way, so they all end (staff sign in again).
 */
export function createSignInHardeningMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('staff_user').addColumn('totp_last_step', 'integer').execute();
      await db.schema
        .alterTable('staff_user')
        .addColumn('is_password_temporary', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await sql`delete from staff_session`.execute(db);
      await db.schema.alterTable('staff_session').dropColumn('csrf_token').execute();
    },
  };
}
