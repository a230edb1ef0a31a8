import { en, type Messages } from './en.js';
import { sv } from './sv.js';

/** Languages the interface is translated into. */
export const LANGUAGES = ['en', 'sv'] as const;

/** A supported interface language. */
export type Language = (typeof LANGUAGES)[number];

const catalogs: Record<Language, Messages> = { en, sv };

/** The strings of one language. */
export function getMessages(language: Language): Messages {
  return catalogs[language];
}

/** Parses a language code; undefined when unsupported. */
export function findLanguage(value: string | undefined): Language | undefined {
  return LANGUAGES.find((language) => language === value);
}

/** Picks a language from an explicit choice, then Accept-Language, then English. */
export function negotiateLanguage(explicit: string | undefined, acceptLanguage: string | undefined): Language {
  const chosen = findLanguage(explicit);
  if (chosen) return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    const match = findLanguage(code);
    if (match) return match;
  }
  return 'en';
}

/** Formats an ISO date for display in the given language, without time zone drift. */
export function formatDate(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  return dateFormats[language].format(date);
}

// Building a DateTimeFormat is slow; one per language is enough.
const dateFormats: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  sv: new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
};

export type { Messages };

/**
 * The path of a public page in a language: English pages have no prefix, others start with the
 * language code (`/sv/faq/x`; the home page is `/sv/`). Every public link goes through this, so a
 * visitor stays in the language they chose.
 */
export function localizePath(path: string, language: Language): string {
  if (language === 'en') return path;
  return path === '/' ? `/${language}/` : `/${language}${path}`;
}

/** Splits a request path into its language prefix and the path of the English page (`/sv/x` → sv, `/x`). */
export function splitLanguagePath(path: string): { language: Language; path: string } {
  for (const language of LANGUAGES) {
    if (language === 'en') continue;
    if (path === `/${language}` || path === `/${language}/`) return { language, path: '/' };
    if (path.startsWith(`/${language}/`)) return { language, path: path.slice(language.length + 1) };
  }
  return { language: 'en', path };
}

// Paths that are the same in every language: the staff area, the JSON API, assets, health and metrics,
// and the machine-readable files. They never take a language prefix.
const LANGUAGE_NEUTRAL_PATH =
  /^\/(?:admin|api|assets|healthz|readyz|metrics|\.well-known)(?:\/|$)|^\/(?:robots\.txt|sitemap\.xml|faq\.json|llms\.txt|favicon\.ico)$/;

/** Whether a path is the same in every language (staff area, API, assets, machine files), never under `/sv/`. */
export function isLanguageNeutralPath(path: string): boolean {
  return LANGUAGE_NEUTRAL_PATH.test(path);
}

/**
 * The supported language an Accept-Language header prefers most (by its q-values, first listed on a
 * tie), or undefined when it names none of them.
 */
export function pickAcceptedLanguage(acceptLanguage: string | undefined): Language | undefined {
  let best: { language: Language; quality: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...parameters] = part.trim().split(';');
    const language = findLanguage(tag.trim().split('-')[0]?.toLowerCase());
    if (!language) continue;
    const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { language, quality };
  }
  return best?.language;
}
