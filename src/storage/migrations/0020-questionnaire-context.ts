import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What a questionnaire is for: the customer who sent it, when it is due, who owns the work (a staff member; the
 * uploader until someone else takes it over) and where the work stands ('in_progress', 'sent' or 'archived'). The
 * owner was the uploader (`uploaded_by_id`) until now, so existing rows get that owner and 'in_progress'.
 */
export function createQuestionnaireContextMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('questionnaire').addColumn('customer', 'text').execute();
      await db.schema.alterTable('questionnaire').addColumn('due_date', 'text').execute();
      await db.schema.alterTable('questionnaire').addColumn('owner_id', 'integer').execute();
      await db.schema
        .alterTable('questionnaire')
        .addColumn('work_status', 'text', (c) => c.notNull().defaultTo('in_progress'))
        .execute();
      await sql`update questionnaire set owner_id = uploaded_by_id`.execute(db);
    },
  };
}
