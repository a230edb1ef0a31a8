import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The confidence of each question's best suggestion, kept beside the suggestions (a JSON text) so that the review
 * page can count and page through 20,000 questions in SQL instead of parsing every question's suggestions.
 */
export function createQuestionTopConfidenceMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('questionnaire_question')
        .addColumn('top_confidence', 'text', (c) => c.notNull().defaultTo('none'))
        .execute();
      const firstConfidence =
        dialect === 'postgres'
          ? sql`(candidates::json -> 0 ->> 'confidence')`
          : sql`json_extract(candidates, '$[0].confidence')`;
      await sql`update questionnaire_question set top_confidence = coalesce(${firstConfidence}, 'none')`.execute(db);
      await db.schema
        .createIndex('questionnaire_question_review')
        .on('questionnaire_question')
        .columns(['questionnaire_id', 'top_confidence', 'status', 'position'])
        .execute();
    },
  };
}
