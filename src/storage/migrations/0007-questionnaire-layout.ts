import type { Kysely, Migration } from 'kysely';

/**
 * Staff can change what was detected in an uploaded questionnaire, so a questionnaire keeps the layout
 * detection found (every sheet with its header row and headings, as JSON) for the form that offers the
 * choices, and a run number: re-reading the file bumps it, and a matching run of an older number stops
 * storing its results.
 */
export function createQuestionnaireLayoutMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite adds only one column per ALTER TABLE. A null layout (uploads from
      // before this migration) is filled in from the stored file the first time the questionnaire is reviewed.
      await db.schema.alterTable('questionnaire').addColumn('layout', 'text').execute();
      await db.schema
        .alterTable('questionnaire')
        .addColumn('matching_run', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
