import type { Kysely, Migration } from 'kysely';

/**
 * The mailing of a published update to its subscribers, done in slices by a background job instead of inside the
 * staff request: what to send (`mail`, JSON: the update's slug, date, category and texts in each language), where
 * the links point (`base_url`), and how far it got (`after_email`: every address up to and including it has its
 * mail queued). A slice queues its mails and moves `after_email` in one transaction, so a restart resumes where
 * the last committed slice ended and nobody is mailed twice.
 */
export function createUpdateMailingsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('update_mailing')
        .addColumn('update_id', 'integer', (c) => c.primaryKey().references('site_update.id').onDelete('cascade'))
        .addColumn('mail', 'text', (c) => c.notNull())
        .addColumn('base_url', 'text', (c) => c.notNull())
        .addColumn('after_email', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('subscription_status_email_idx')
        .on('subscription')
        .columns(['status', 'email'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('subscription_status_email_idx').execute();
      await db.schema.dropTable('update_mailing').execute();
    },
  };
}
