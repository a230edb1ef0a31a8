import type { Kysely, Migration } from 'kysely';

/**
 * A session records how its user signed in: with a password (and Tillit's own second factor when
 * they have one) or through the OpenID Connect identity provider, which answers for how strongly
 * the person signed in there. Mandatory two-step sign-in applies to password sessions only.
 * Sessions opened before this migration were password sessions.
 */
export function createSessionSignInMethodMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('staff_session')
        .addColumn('sign_in_method', 'text', (column) => column.notNull().defaultTo('password'))
        .execute();
    },
  };
}
