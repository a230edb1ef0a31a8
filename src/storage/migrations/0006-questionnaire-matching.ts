import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Matching runs after the upload has been answered, so a questionnaire records how far it got:
 * its status, how many questions are matched, why it failed, and when it last moved (to restart a
 * run whose process died). Questions keep their section heading, which the matcher reads.
 */
export function createQuestionnaireMatchingMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite adds only one column per ALTER TABLE.
      await db.schema
        .alterTable('questionnaire')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('ready'))
        .execute();
      await db.schema
        .alterTable('questionnaire')
        .addColumn('processed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('questionnaire').addColumn('failure', 'text').execute();
      await db.schema.alterTable('questionnaire').addColumn('progressed_at', 'text').execute();
      await db.schema.alterTable('questionnaire_question').addColumn('section', 'text').execute();
      // Questionnaires uploaded before this migration were matched during the upload.
      await sql`update questionnaire set processed_count = question_count`.execute(db);
    },
  };
}
