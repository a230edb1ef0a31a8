import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  type CategoryTranslation,
  type CertificationTranslation,
  type DocumentTranslation,
  type EntryTranslation,
  type HighlightTranslation,
  isTranslationLanguage,
  type NamedLinkTranslation,
  type SiteTranslation,
  type TagTranslation,
  TRANSLATION_LANGUAGES,
  type Translations,
} from '../domain/translation.js';
import type { Database } from './schema.js';

/**
 * What a stored translation belongs to. Highlights and certifications are keyed by their row id (their
 * order and name are staff-editable and not unique); everything else by its slug or key, and the site by
 * `site`.
 */
export interface TranslationSubjects {
  site: SiteTranslation;
  highlight: HighlightTranslation;
  category: CategoryTranslation;
  tag: TagTranslation;
  certification: CertificationTranslation;
  link: NamedLinkTranslation;
  entry: EntryTranslation;
  document: DocumentTranslation;
}

/** A kind of translated thing. */
export type TranslationSubject = keyof TranslationSubjects;

/** The one key of the site's translation row. */
export const SITE_TRANSLATION_KEY = 'site';

const text = z.string();
// Stored rows were validated when written; the schemas only make sure a row is still of its kind.
const FIELD_SCHEMAS: { [S in TranslationSubject]: z.ZodType<TranslationSubjects[S]> } = {
  site: z.object({
    tagline: text.optional(),
    intro: text.optional(),
    slaTitle: text.optional(),
    slaSummary: text.optional(),
    slaAvailability: text.optional(),
    responseTimes: z.array(z.object({ description: text, response: text })).optional(),
  }),
  highlight: z.object({ title: text, text }),
  category: z.object({ name: text, description: text }),
  tag: z.object({ name: text }),
  certification: z.object({ scope: text }),
  link: z.object({ title: text }),
  entry: z.object({
    question: text,
    answer: text,
    alternativePhrasings: z.array(text),
    questionnaireWording: text.nullable(),
  }),
  document: z.object({ title: text, description: text }),
};

/** Every stored translation of one kind, by subject key; subjects without any are left out. */
export async function loadTranslations<S extends TranslationSubject>(
  db: Kysely<Database>,
  subject: S,
  keys?: readonly string[],
): Promise<Map<string, Translations<TranslationSubjects[S]>>> {
  const result = new Map<string, Translations<TranslationSubjects[S]>>();
  if (keys !== undefined && keys.length === 0) return result;
  for (let start = 0; start < (keys?.length ?? 1); start += CHUNK_SIZE) {
    let query = db
      .selectFrom('content_translation')
      .select(['subject_key', 'language', 'fields'])
      .where('subject_type', '=', subject);
    if (keys !== undefined) query = query.where('subject_key', 'in', keys.slice(start, start + CHUNK_SIZE));
    for (const row of await query.orderBy('subject_key').orderBy('language').execute()) {
      if (!isTranslationLanguage(row.language)) continue;
      const parsed = FIELD_SCHEMAS[subject].safeParse(JSON.parse(row.fields));
      if (!parsed.success) throw new Error(`content_translation ${subject} ${row.subject_key} holds invalid fields`);
      const translations = result.get(row.subject_key) ?? {};
      translations[row.language] = parsed.data;
      result.set(row.subject_key, translations);
    }
  }
  return result;
}

/** The translations of one subject, or undefined when it has none. */
export async function findTranslations<S extends TranslationSubject>(
  db: Kysely<Database>,
  subject: S,
  key: string,
): Promise<Translations<TranslationSubjects[S]> | undefined> {
  return (await loadTranslations(db, subject, [key])).get(key);
}

/**
 * Replaces one subject's translations with `translations` (every language it does not name is removed), inside
 * the caller's transaction. Undefined or empty removes them all.
 */
export async function writeTranslations<S extends TranslationSubject>(
  trx: Transaction<Database>,
  subject: S,
  key: string,
  translations: Translations<TranslationSubjects[S]> | undefined,
  updatedAt: string,
): Promise<void> {
  await deleteTranslations(trx, subject, [key]);
  const rows = TRANSLATION_LANGUAGES.flatMap((language) => {
    const fields = translations?.[language];
    return fields === undefined
      ? []
      : [{ subject_type: subject, subject_key: key, language, fields: JSON.stringify(fields), updated_at: updatedAt }];
  });
  if (rows.length > 0) await trx.insertInto('content_translation').values(rows).execute();
}

/** Removes the translations of these subjects (every subject of the kind when `keys` is undefined). */
export async function deleteTranslations(
  trx: Transaction<Database>,
  subject: TranslationSubject,
  keys?: readonly string[],
): Promise<void> {
  if (keys === undefined) {
    await trx.deleteFrom('content_translation').where('subject_type', '=', subject).execute();
    return;
  }
  for (let start = 0; start < keys.length; start += CHUNK_SIZE) {
    await trx
      .deleteFrom('content_translation')
      .where('subject_type', '=', subject)
      .where('subject_key', 'in', keys.slice(start, start + CHUNK_SIZE))
      .execute();
  }
}

/** A record's translations when it has any, else nothing: records without a translation carry no `translations`. */
export function withTranslations<T extends object, F>(
  record: T,
  translations: Translations<F> | undefined,
): T & { translations?: Translations<F> } {
  return translations && Object.keys(translations).length > 0 ? { ...record, translations } : record;
}

// SQLite limits bound parameters per statement; this many keys stays far below it.
const CHUNK_SIZE = 100;
