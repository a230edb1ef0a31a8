import type { Kysely, Migration } from 'kysely';

/**
 * Who may see a questionnaire: 'team' (every staff member, as before) or 'private' (its owner and admins). The
 * owner is the uploader, already kept in `uploaded_by_id`. Existing rows become 'team', so nobody loses sight of a
 * questionnaire they could open before; one without a known uploader, once made private, is left to admins.
 */
export function createQuestionnaireVisibilityMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('questionnaire')
        .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('team'))
        .execute();
    },
  };
}
