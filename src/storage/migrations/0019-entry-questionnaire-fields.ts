import type { Kysely, Migration } from 'kysely';

/**
 * Two optional fields of an entry for questionnaires: its short answer (yes, no, partial, not_applicable) for a
 * choice column, and a wording written into a spreadsheet instead of the public answer. Both are null on every
 * entry stored before, which keeps questionnaires answered as they were.
 */
export function createEntryQuestionnaireFieldsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('entry').addColumn('short_answer', 'text').execute();
      await db.schema.alterTable('entry').addColumn('questionnaire_wording', 'text').execute();
    },
  };
}
