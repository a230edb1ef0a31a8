import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

// The only type difference here: SQLite stores bytes as blob, PostgreSQL as bytea.
function blobType(dialect: DialectName): 'blob' | 'bytea' {
  return dialect === 'sqlite' ? 'blob' : 'bytea';
}

/** Uploaded questionnaires (original bytes kept for the answer write-back) and their questions with suggestions. */
export function createQuestionnaireMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('questionnaire'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_id', 'integer')
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('sheet', 'text', (c) => c.notNull())
        .addColumn('question_column', 'text')
        .addColumn('answer_column', 'text')
        .addColumn('original', blobType(dialect), (c) => c.notNull())
        .addColumn('question_count', 'integer', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('questionnaire_question'))
        .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('questionnaire.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('sheet', 'text', (c) => c.notNull())
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('candidates', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('chosen_slug', 'text')
        .addUniqueConstraint('questionnaire_question_position_unique', ['questionnaire_id', 'position'])
        .execute();
    },
  };
}
