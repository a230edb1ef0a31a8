import { type Kysely, type Migration, sql } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/** Append-only audit log (enforced by triggers) and the version history of entries. */
export function createAuditAndHistoryMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('audit_event'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_email', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute();

      if (dialect === 'sqlite') {
        await sql`create trigger audit_event_no_update before update on audit_event
          begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
        await sql`create trigger audit_event_no_delete before delete on audit_event
          begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
      } else {
        await sql`create function audit_event_reject_change() returns trigger language plpgsql as $$
          begin raise exception 'audit_event is append-only'; end $$`.execute(db);
        await sql`create trigger audit_event_no_update before update or delete on audit_event
          for each row execute function audit_event_reject_change()`.execute(db);
        await sql`create trigger audit_event_no_truncate before truncate on audit_event
          for each statement execute function audit_event_reject_change()`.execute(db);
      }

      await addIdColumn(dialect, db.schema.createTable('entry_version'))
        .addColumn('entry_slug', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('saved_by_id', 'integer')
        .addColumn('saved_by_email', 'text')
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addUniqueConstraint('entry_version_unique', ['entry_slug', 'version'])
        .execute();

      await db.schema.alterTable('entry').addColumn('submitted_by_id', 'integer').execute();
      await db.schema.alterTable('entry').addColumn('reviewed_by_id', 'integer').execute();
      // A change to a published entry waiting for a second person's approval.
      await db.schema.alterTable('entry').addColumn('pending_version', 'integer').execute();
    },
  };
}
