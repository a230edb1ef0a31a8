/**
 * The rules of an entry's fields, defined once. The staff form, the entry service, content import, the
 * answer-library import and the questionnaire's recorded phrasings all apply these, so that whatever one
 * way in accepts, every other way (above all `tillit import` of an export) accepts too.
 */
import { MAX_SLUG_LENGTH } from './content.js';
import { isShortAnswer, type ShortAnswer } from './short-answer.js';
import type { EntryTranslation, TranslationLanguage } from './translation.js';

// The questionnaire wording stands in for the answer in a spreadsheet, so it may be as long.
const ANSWER_LENGTH = 20_000;
// Questionnaires (CAIQ, SIG) ask questions of a paragraph or more; an accepted one becomes a phrasing of its entry.
const QUESTION_LENGTH = 2_000;

/** Length and count limits of an entry's fields; texts are measured after trimming, in UTF-16 code units. */
export const ENTRY_LIMITS = {
  slug: MAX_SLUG_LENGTH,
  question: QUESTION_LENGTH,
  answer: ANSWER_LENGTH,
  /** The wording a questionnaire gets instead of the answer. */
  questionnaireWording: ANSWER_LENGTH,
  owner: 200,
  /** Longest alternative phrasing: another way of asking the question, so as long. */
  phrasingLength: QUESTION_LENGTH,
  /** Most alternative phrasings. */
  phrasings: 50,
  tags: 20,
  controls: 30,
} as const;

/** Bounds of a review interval in days (an entry's override and a category's default). */
export const REVIEW_INTERVAL_DAYS = { min: 1, max: 3650 } as const;

/** Length limits of the names of categories and tags, and of a category's description. */
export const TAXONOMY_LIMITS = {
  categoryName: 80,
  categoryDescription: 500,
  tagName: 60,
} as const;

/** A slug (entries, categories, tags, link keys): lowercase ASCII letters and digits, single hyphens between. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An ISO/IEC 27001:2022 Annex A control id such as `A.8.24` (themes 5 to 8). */
export const CONTROL_ID_PATTERN = /^A\.[5-8]\.\d{1,2}$/;

/** Whether a text is a valid slug, length included. */
export function isSlug(text: string): boolean {
  return text.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(text);
}

/** Whether a text is an Annex A control id. */
export function isControlId(text: string): boolean {
  return CONTROL_ID_PATTERN.test(text);
}

/** Whether a review interval (null: the category's default) is a whole number of days within the bounds. */
export function isReviewInterval(days: number | null): boolean {
  return (
    days === null || (Number.isInteger(days) && days >= REVIEW_INTERVAL_DAYS.min && days <= REVIEW_INTERVAL_DAYS.max)
  );
}

/** The fields of an entry the rules cover, as staff submit them. */
export interface EntryFields {
  question: string;
  answer: string;
  tags: string[];
  owner: string;
  reviewIntervalDays: number | null;
  alternativePhrasings: string[];
  controls: string[];
  shortAnswer: ShortAnswer | null;
  /** Null (or, as typed, empty): the answer goes into questionnaires. */
  questionnaireWording: string | null;
}

/** A field that breaks a rule, named as the staff form names it. */
export interface EntryFieldProblem {
  field:
    | 'slug'
    | 'question'
    | 'answer'
    | 'tags'
    | 'owner'
    | 'reviewIntervalDays'
    | 'alternativePhrasings'
    | 'controls'
    | 'shortAnswer'
    | 'questionnaireWording';
  message: string;
}

/**
 * Trims the texts of an entry as every way in does (content import trims what it reads), so that what is
 * saved is what an export re-imports; empty phrasings are kept, for the rules to refuse.
 */
export function trimEntryFields<T extends EntryFields>(fields: T): T {
  return {
    ...fields,
    question: fields.question.trim(),
    answer: fields.answer.trim(),
    owner: fields.owner.trim(),
    alternativePhrasings: fields.alternativePhrasings.map((phrasing) => phrasing.trim()),
    questionnaireWording: trimWording(fields.questionnaireWording),
  };
}

/**
 * A questionnaire wording as stored: trimmed, with the CRLF line ends a browser posts as LF (it is written into
 * spreadsheet cells and the front matter of an exported entry, where one kind of line end reads best), and null
 * when nothing is left.
 */
export function trimWording(wording: string | null | undefined): string | null {
  const trimmed = (wording ?? '').replace(/\r\n?/g, '\n').trim();
  return trimmed === '' ? null : trimmed;
}

/** What is wrong with an entry's slug, or undefined when it is valid. */
export function findSlugProblem(slug: string): EntryFieldProblem | undefined {
  if (slug === '') return { field: 'slug', message: 'The slug must not be empty' };
  if (slug.length > ENTRY_LIMITS.slug)
    return {
      field: 'slug',
      message: `The slug is ${slug.length} characters; at most ${ENTRY_LIMITS.slug} are allowed`,
    };
  if (!SLUG_PATTERN.test(slug))
    return {
      field: 'slug',
      message: 'The slug may only hold lowercase letters, digits and single hyphens between them',
    };
  return undefined;
}

/**
 * Every rule of an entry's fields that `fields` (already trimmed) breaks, one problem per rule broken.
 * Whether its category and tags exist is for whoever holds the taxonomy to check.
 */
export function findEntryProblems(fields: EntryFields): EntryFieldProblem[] {
  const problems: EntryFieldProblem[] = [];
  const checkText = (field: 'question' | 'answer' | 'owner', value: string, max: number) => {
    if (value === '') problems.push({ field, message: `The ${field} must not be empty` });
    else if (value.length > max)
      problems.push({ field, message: `The ${field} is ${value.length} characters; at most ${max} are allowed` });
  };
  checkText('question', fields.question, ENTRY_LIMITS.question);
  checkText('answer', fields.answer, ENTRY_LIMITS.answer);
  checkText('owner', fields.owner, ENTRY_LIMITS.owner);
  if (fields.tags.length > ENTRY_LIMITS.tags)
    problems.push({ field: 'tags', message: `${fields.tags.length} tags; at most ${ENTRY_LIMITS.tags} are allowed` });
  const duplicateTag = fields.tags.find((tag, index) => fields.tags.indexOf(tag) !== index);
  if (duplicateTag !== undefined) problems.push({ field: 'tags', message: `The tag "${duplicateTag}" is given twice` });
  if (!isReviewInterval(fields.reviewIntervalDays)) {
    problems.push({
      field: 'reviewIntervalDays',
      message: `The review interval must be a whole number of days from ${REVIEW_INTERVAL_DAYS.min} to ${REVIEW_INTERVAL_DAYS.max}`,
    });
  }
  const phrasings = fields.alternativePhrasings;
  if (phrasings.length > ENTRY_LIMITS.phrasings) {
    problems.push({
      field: 'alternativePhrasings',
      message: `${phrasings.length} alternative phrasings; at most ${ENTRY_LIMITS.phrasings} are allowed`,
    });
  }
  if (phrasings.some((phrasing) => phrasing === ''))
    problems.push({ field: 'alternativePhrasings', message: 'An alternative phrasing is empty' });
  const longPhrasing = phrasings.find((phrasing) => phrasing.length > ENTRY_LIMITS.phrasingLength);
  if (longPhrasing !== undefined) {
    problems.push({
      field: 'alternativePhrasings',
      message: `An alternative phrasing is ${longPhrasing.length} characters; at most ${ENTRY_LIMITS.phrasingLength} are allowed`,
    });
  }
  if (fields.controls.length > ENTRY_LIMITS.controls) {
    problems.push({
      field: 'controls',
      message: `${fields.controls.length} controls; at most ${ENTRY_LIMITS.controls} are allowed`,
    });
  }
  if (fields.shortAnswer !== null && !isShortAnswer(fields.shortAnswer)) {
    problems.push({
      field: 'shortAnswer',
      message: 'The short answer must be yes, no, partial, not applicable or none',
    });
  }
  const wording = fields.questionnaireWording;
  if (wording !== null && wording.length > ENTRY_LIMITS.questionnaireWording) {
    problems.push({
      field: 'questionnaireWording',
      message: `The questionnaire wording is ${wording.length} characters; at most ${ENTRY_LIMITS.questionnaireWording} are allowed`,
    });
  }
  const badControl = fields.controls.find((control) => !isControlId(control));
  if (badControl !== undefined) {
    problems.push({
      field: 'controls',
      message: `"${badControl.slice(0, 40)}" is not an ISO/IEC 27001:2022 Annex A control id such as A.8.24`,
    });
  }
  return problems;
}

/** An entry's translation trimmed as the English fields are (see trimEntryFields). */
export function trimEntryTranslation(translation: EntryTranslation): EntryTranslation {
  return {
    question: translation.question.trim(),
    answer: translation.answer.trim(),
    alternativePhrasings: translation.alternativePhrasings.map((phrasing) => phrasing.trim()),
    questionnaireWording: trimWording(translation.questionnaireWording),
  };
}

/**
 * Every rule an entry's (trimmed) translation into `language` breaks, each on the field the staff form names
 * `<language>.<field>`: the same limits as the English, and a question and an answer both given.
 */
export function findEntryTranslationProblems(
  language: TranslationLanguage,
  translation: EntryTranslation,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const label = LANGUAGE_LABELS[language];
  const checkText = (field: 'question' | 'answer', max: number) => {
    const value = translation[field];
    if (value === '')
      problems.push({ field: `${language}.${field}`, message: `The ${label} ${field} must not be empty` });
    else if (value.length > max)
      problems.push({
        field: `${language}.${field}`,
        message: `The ${label} ${field} is ${value.length} characters; at most ${max} are allowed`,
      });
  };
  checkText('question', ENTRY_LIMITS.question);
  checkText('answer', ENTRY_LIMITS.answer);
  const phrasings = translation.alternativePhrasings;
  if (phrasings.length > ENTRY_LIMITS.phrasings)
    problems.push({
      field: `${language}.alternativePhrasings`,
      message: `${phrasings.length} ${label} alternative phrasings; at most ${ENTRY_LIMITS.phrasings} are allowed`,
    });
  if (phrasings.some((phrasing) => phrasing === ''))
    problems.push({ field: `${language}.alternativePhrasings`, message: `A ${label} alternative phrasing is empty` });
  if (phrasings.some((phrasing) => phrasing.length > ENTRY_LIMITS.phrasingLength))
    problems.push({
      field: `${language}.alternativePhrasings`,
      message: `A ${label} alternative phrasing is longer than ${ENTRY_LIMITS.phrasingLength} characters`,
    });
  const wording = translation.questionnaireWording;
  if (wording !== null && wording.length > ENTRY_LIMITS.questionnaireWording)
    problems.push({
      field: `${language}.questionnaireWording`,
      message: `The ${label} questionnaire wording is ${wording.length} characters; at most ${ENTRY_LIMITS.questionnaireWording} are allowed`,
    });
  return problems;
}

/** Names of the translation languages as the staff area writes them in messages. */
export const LANGUAGE_LABELS: Record<TranslationLanguage, string> = { sv: 'Swedish' };
