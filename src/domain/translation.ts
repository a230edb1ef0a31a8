/**
 * Content in more than one language. English is the source language: every text exists in English, and
 * a translation sits beside it. Each translatable record carries `translations`, keyed by language, with
 * the translated fields; a record whose translation is missing is shown in English, marked as not
 * translated yet.
 */

/** Languages content is written in; the first is the source every text exists in. */
export const CONTENT_LANGUAGES = ['en', 'sv'] as const;

/** A language content is written in. */
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

/** The language every text exists in. */
export const SOURCE_LANGUAGE = 'en' satisfies ContentLanguage;

/** Languages a text can be translated into. */
export const TRANSLATION_LANGUAGES = ['sv'] as const;

/** A language a text can be translated into. */
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

/** A record's translations, by language; a missing language means not translated. */
export type Translations<T> = Partial<Record<TranslationLanguage, T>>;

/** The site's own texts in another language; a missing field is shown in English. */
export interface SiteTranslation {
  tagline?: string;
  intro?: string;
  slaTitle?: string;
  slaSummary?: string;
  slaAvailability?: string;
  /** Same length and order as the English response times. */
  responseTimes?: { description: string; response: string }[];
}

/** A highlight card in another language. */
export interface HighlightTranslation {
  title: string;
  text: string;
}

/** A category in another language. */
export interface CategoryTranslation {
  name: string;
  description: string;
}

/** A tag in another language. */
export interface TagTranslation {
  name: string;
}

/** A certification's scope in another language (names and numbers are not translated). */
export interface CertificationTranslation {
  scope: string;
}

/** A named link's title in another language (the URL stays). */
export interface NamedLinkTranslation {
  title: string;
}

/** An entry in another language. */
export interface EntryTranslation {
  question: string;
  /** Markdown, with the same `link:` and `document:` references as the English answer may use. */
  answer: string;
  alternativePhrasings: string[];
  questionnaireWording: string | null;
}

/** A subprocessor's describing texts in another language. */
export interface SubprocessorTranslation {
  purpose: string;
}

/** A posted update in another language. */
export interface UpdateTranslation {
  title: string;
  /** Markdown. */
  body: string;
}

/** A document's title and description in another language. */
export interface DocumentTranslation {
  title: string;
  description: string;
}

/** Whether a language code is one content can be translated into. */
export function isTranslationLanguage(value: string): value is TranslationLanguage {
  return (TRANSLATION_LANGUAGES as readonly string[]).includes(value);
}
