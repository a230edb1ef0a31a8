import type { Kysely, Migration } from 'kysely';

/**
 * Translations of content, one row per translated thing and language: the site's texts, a highlight, a
 * category, a tag, a certification, a named link, an entry or a document. A row is keyed by what it
 * translates (`subject_type`) and that thing's natural key (`subject_key`: the entry's, category's, tag's or
 * document's slug, the link's key, the certification's name, the highlight's order, `site`), which is what the
 * content files name them by too, so a translation survives a content import that re-creates the English rows.
 * `fields` holds the translated fields as JSON; English stays in the subjects' own tables.
 */
export function createContentTranslationsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('content_translation')
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('content_translation_pk', ['subject_type', 'subject_key', 'language'])
        .execute();
    },
  };
}
