import type { Kysely, Migration } from 'kysely';

/**
 * A questionnaire can ask for a short answer (a Yes/No/N/A list) beside the text of an answer. The questionnaire keeps
 * the choice column it writes short answers into (comma-joined across sheets, like the answer column; each sheet's own
 * column and list words are in the layout JSON), and an accepted question keeps the short answer of the entry chosen
 * for it ('yes', 'no', 'partial', 'not_applicable', or null).
 */
export function createQuestionnaireChoiceColumnMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite adds only one column per ALTER TABLE.
      await db.schema.alterTable('questionnaire').addColumn('choice_column', 'text').execute();
      await db.schema.alterTable('questionnaire_question').addColumn('short_answer', 'text').execute();
    },
  };
}
