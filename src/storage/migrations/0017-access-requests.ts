import { type Kysely, type Migration, sql } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * Access to gated documents and the NDA.
 *
 * - `requester`: the person (one row per confirmed address). Erasure blanks the personal fields and keeps the
 *   row, so the fact that access happened stays countable.
 * - `access_request`, `access_request_document`, `access_request_message`: what was asked, for which documents,
 *   and the exchange with staff.
 * - `access_grant`, `download_link`, `download_event`: who may download what until when, the single-use links,
 *   and every download.
 * - `access_domain_rule`: e-mail domains approved or denied before staff see a request.
 * - `nda_version`, `nda_acceptance`: the NDA texts and their acceptances, append-only as the audit log is (the
 *   database refuses an update or a delete). The accepting person's details sit beside an acceptance in
 *   `nda_acceptance_party`, which refuses every change but blanking, so an erasure can remove them while the
 *   acceptance itself (when, which text by its SHA-256, a digest of the details) stays.
 */
export function createAccessRequestsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('requester'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_domain', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('company', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('erased_at', 'text')
        .execute();
      await db.schema.createIndex('requester_email_idx').on('requester').column('email').execute();

      await addIdColumn(dialect, db.schema.createTable('access_request'))
        .addColumn('requester_id', 'integer', (c) => c.notNull().references('requester.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // SHA-256 of the confirmation token; cleared once used.
        .addColumn('confirm_token_hash', 'text', (c) => c.unique())
        .addColumn('confirm_expires_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        // The NDA the visitor accepted on the form, with where from; written as an acceptance on confirmation.
        .addColumn('nda_version_id', 'integer')
        .addColumn('nda_ip', 'text')
        .addColumn('nda_user_agent', 'text')
        // SHA-256 of the token of the requester's page for this request (grants, downloads, replies).
        .addColumn('portal_token_hash', 'text', (c) => c.unique())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('access_request_status_idx')
        .on('access_request')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema.createIndex('access_request_requester_idx').on('access_request').column('requester_id').execute();

      await db.schema
        .createTable('access_request_document')
        .addColumn('request_id', 'integer', (c) => c.notNull().references('access_request.id').onDelete('cascade'))
        .addColumn('document_id', 'integer', (c) => c.notNull().references('document.id'))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_request_document_pk', ['request_id', 'document_id'])
        .execute();

      await addIdColumn(dialect, db.schema.createTable('access_request_message'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('access_request.id').onDelete('cascade'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('access_grant'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('access_request.id'))
        .addColumn('requester_id', 'integer', (c) => c.notNull().references('requester.id'))
        .addColumn('document_id', 'integer', (c) => c.notNull().references('document.id'))
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('reminder_sent_at', 'text')
        .execute();
      await db.schema.createIndex('access_grant_request_idx').on('access_grant').column('request_id').execute();
      await db.schema.createIndex('access_grant_expiry_idx').on('access_grant').column('expires_at').execute();

      await db.schema
        .createTable('download_link')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'integer', (c) => c.notNull().references('access_grant.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();

      await addIdColumn(dialect, db.schema.createTable('download_event'))
        .addColumn('grant_id', 'integer')
        .addColumn('requester_id', 'integer')
        .addColumn('document_id', 'integer', (c) => c.notNull())
        .addColumn('version_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('is_watermarked', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('download_event_requester_idx').on('download_event').column('requester_id').execute();

      await addIdColumn(dialect, db.schema.createTable('access_domain_rule'))
        .addColumn('pattern', 'text', (c) => c.notNull().unique())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('max_level', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('nda_version'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().unique())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('nda_acceptance'))
        .addColumn('nda_version_id', 'integer', (c) => c.notNull().references('nda_version.id'))
        .addColumn('nda_sha256', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'integer', (c) => c.notNull().references('requester.id'))
        .addColumn('request_id', 'integer', (c) => c.notNull())
        .addColumn('accepted_at', 'text', (c) => c.notNull())
        // SHA-256 over the name, e-mail, company, IP, user agent and time as accepted: evidence that outlives erasure.
        .addColumn('evidence_sha256', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('nda_acceptance_party')
        .addColumn('acceptance_id', 'integer', (c) => c.primaryKey().references('nda_acceptance.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('company', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text', (c) => c.notNull())
        .execute();

      if (dialect === 'sqlite') {
        for (const table of ['nda_version', 'nda_acceptance']) {
          await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
            begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
          await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
            begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
        }
        await sql`create trigger nda_acceptance_party_only_blank before update on nda_acceptance_party
          when new.acceptance_id <> old.acceptance_id
            or (new.name <> '' and new.name <> old.name)
            or (new.email <> '' and new.email <> old.email)
            or (new.company <> '' and new.company <> old.company)
            or (new.ip <> '' and new.ip <> old.ip)
            or (new.user_agent <> '' and new.user_agent <> old.user_agent)
          begin select raise(abort, 'nda_acceptance_party may only be blanked'); end`.execute(db);
        await sql`create trigger nda_acceptance_party_no_delete before delete on nda_acceptance_party
          begin select raise(abort, 'nda_acceptance_party may only be blanked'); end`.execute(db);
      } else {
        await sql`create function nda_reject_change() returns trigger language plpgsql as $$
          begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
        for (const table of ['nda_version', 'nda_acceptance']) {
          await sql`create trigger ${sql.raw(`${table}_no_change`)} before update or delete on ${sql.table(table)}
            for each row execute function nda_reject_change()`.execute(db);
          await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
            for each statement execute function nda_reject_change()`.execute(db);
        }
        await sql`create function nda_party_only_blank() returns trigger language plpgsql as $$
          begin
            if tg_op <> 'UPDATE' then
              raise exception 'nda_acceptance_party may only be blanked';
            end if;
            if new.acceptance_id <> old.acceptance_id
              or (new.name <> '' and new.name <> old.name)
              or (new.email <> '' and new.email <> old.email)
              or (new.company <> '' and new.company <> old.company)
              or (new.ip <> '' and new.ip <> old.ip)
              or (new.user_agent <> '' and new.user_agent <> old.user_agent) then
              raise exception 'nda_acceptance_party may only be blanked';
            end if;
            return new;
          end $$`.execute(db);
        await sql`create trigger nda_acceptance_party_only_blank before update or delete on nda_acceptance_party
          for each row execute function nda_party_only_blank()`.execute(db);
        await sql`create trigger nda_acceptance_party_no_truncate before truncate on nda_acceptance_party
          for each statement execute function nda_party_only_blank()`.execute(db);
      }
    },
  };
}
