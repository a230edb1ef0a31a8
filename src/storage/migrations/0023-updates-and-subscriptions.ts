import { type Kysely, type Migration, sql } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * Updates and the e-mail subscriptions to them.
 *
 * - `site_update`: what staff post (a changelog), with its Swedish title and body beside the English.
 * - `subscription`: one row per address and topic; unconfirmed rows are deleted after 24 hours, an unsubscribe
 *   or an erasure deletes the row. Several rows of one address may share a confirmation token (one mail
 *   confirms every topic asked for within the mail window).
 * - `subscription_link`: the SHA-256 of each unsubscribe token mailed (every mail carries a fresh one); they go
 *   with their subscription.
 * - `subscription_notice`: every GDPR Art. 28 notice sent, append-only as the audit log is (the database refuses
 *   an update or a delete); it keeps the SHA-256 of the address. The address itself sits beside it in
 *   `subscription_notice_recipient`, which refuses every change but blanking, so an erasure removes it.
 */
export function createUpdatesAndSubscriptionsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('site_update'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('title_sv', 'text')
        .addColumn('body_sv', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .execute();
      await db.schema
        .createIndex('site_update_public_idx')
        .on('site_update')
        .columns(['status', 'date', 'id'])
        .execute();

      await addIdColumn(dialect, db.schema.createTable('subscription'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // SHA-256 of the confirmation token; cleared once confirmed.
        .addColumn('confirm_token_hash', 'text')
        .addColumn('confirm_expires_at', 'text', (c) => c.notNull())
        // When a confirmation mail last went out for this row: one mail per address per window.
        .addColumn('confirm_sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addUniqueConstraint('subscription_email_topic_unique', ['email', 'topic'])
        .execute();
      await db.schema.createIndex('subscription_confirm_idx').on('subscription').column('confirm_token_hash').execute();
      await db.schema.createIndex('subscription_topic_idx').on('subscription').columns(['topic', 'status']).execute();

      await db.schema
        .createTable('subscription_link')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscription.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('subscription_link_subscription_idx')
        .on('subscription_link')
        .column('subscription_id')
        .execute();

      await addIdColumn(dialect, db.schema.createTable('subscription_notice'))
        .addColumn('email_sha256', 'text', (c) => c.notNull())
        .addColumn('change_kind', 'text', (c) => c.notNull())
        .addColumn('subprocessor_slug', 'text', (c) => c.notNull())
        .addColumn('subprocessor_name', 'text', (c) => c.notNull())
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('is_late', 'integer', (c) => c.notNull())
        .addColumn('lead_days', 'integer', (c) => c.notNull())
        .addColumn('mail_id', 'integer')
        .execute();
      await db.schema.createIndex('subscription_notice_sent_idx').on('subscription_notice').column('sent_at').execute();

      await db.schema
        .createTable('subscription_notice_recipient')
        .addColumn('notice_id', 'integer', (c) => c.primaryKey().references('subscription_notice.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .execute();

      if (dialect === 'sqlite') {
        await sql`create trigger subscription_notice_no_update before update on subscription_notice
          begin select raise(abort, 'subscription_notice is append-only'); end`.execute(db);
        await sql`create trigger subscription_notice_no_delete before delete on subscription_notice
          begin select raise(abort, 'subscription_notice is append-only'); end`.execute(db);
        await sql`create trigger subscription_notice_recipient_only_blank before update on subscription_notice_recipient
          when new.notice_id <> old.notice_id or (new.email <> '' and new.email <> old.email)
          begin select raise(abort, 'subscription_notice_recipient may only be blanked'); end`.execute(db);
        await sql`create trigger subscription_notice_recipient_no_delete before delete on subscription_notice_recipient
          begin select raise(abort, 'subscription_notice_recipient may only be blanked'); end`.execute(db);
      } else {
        await sql`create function subscription_notice_reject_change() returns trigger language plpgsql as $$
          begin raise exception 'subscription_notice is append-only'; end $$`.execute(db);
        await sql`create trigger subscription_notice_no_change before update or delete on subscription_notice
          for each row execute function subscription_notice_reject_change()`.execute(db);
        await sql`create trigger subscription_notice_no_truncate before truncate on subscription_notice
          for each statement execute function subscription_notice_reject_change()`.execute(db);
        await sql`create function subscription_notice_recipient_only_blank() returns trigger language plpgsql as $$
          begin
            if tg_op <> 'UPDATE' or new.notice_id <> old.notice_id
              or (new.email <> '' and new.email <> old.email) then
              raise exception 'subscription_notice_recipient may only be blanked';
            end if;
            return new;
          end $$`.execute(db);
        await sql`create trigger subscription_notice_recipient_only_blank
          before update or delete on subscription_notice_recipient
          for each row execute function subscription_notice_recipient_only_blank()`.execute(db);
        await sql`create trigger subscription_notice_recipient_no_truncate before truncate on subscription_notice_recipient
          for each statement execute function subscription_notice_recipient_only_blank()`.execute(db);
      }
    },
  };
}
