import type { Kysely, Migration } from 'kysely';

/**
 * Administrators can disable and re-enable staff accounts. `disabled_at` came with the staff table;
 * this adds who disabled the account (their email, as the audit log names actors; null for the
 * command line or an account disabled by hand), so the account page can say it without a log search.
 */
export function createStaffDisableMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('staff_user').addColumn('disabled_by', 'text').execute();
    },
  };
}
