import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * The mail outbox: every mail is written here first (in the transaction of what caused it) and a
 * delivery loop in each process sends it, so nothing is lost while SMTP is down. A process claims a
 * mail by setting `claimed_until`; a claim not finished by then (the process died) is due again.
 */
export function createMailOutboxMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('mail_outbox'))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text')
        // Extra headers as a JSON object of name to value.
        .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('claimed_until', 'text')
        .execute();
      // The delivery loop's question: which queued mail is due?
      await db.schema
        .createIndex('mail_outbox_due_idx')
        .on('mail_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },
  };
}
