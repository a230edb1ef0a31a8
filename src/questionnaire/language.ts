import type { ContentLanguage } from '../domain/translation.js';
import { tokenize } from '../search/index.js';

// Short words that nearly every sentence of one language has and the other language never writes:
// counting them tells a Swedish questionnaire from an English one after a few questions.
const SWEDISH_WORDS: ReadonlySet<string> = new Set([
  'och',
  'att',
  'är',
  'som',
  'för',
  'på',
  'med',
  'av',
  'ni',
  'er',
  'ert',
  'era',

  'hur',
  'vilka',
  'vilken',
  'finns',
  'har',
  'ska',
  'kan',
  'inte',
  'eller',
  'om',
  'när',
  'vid',
  'till',
  'från',
  'det',
  'den',
  'de',
  'ett',
  'en',

  'sker',
  'görs',
  'beskriv',
  'ange',
]);
const ENGLISH_WORDS: ReadonlySet<string> = new Set([
  'and',
  'the',
  'is',
  'are',
  'for',
  'on',
  'with',
  'of',
  'you',
  'your',
  'how',
  'which',
  'what',
  'does',
  'do',
  'have',
  'has',
  'can',
  'not',
  'or',
  'when',
  'to',
  'from',
  'it',
  'a',
  'an',
  'describe',
  'please',
]);
// Letters English never uses; a text full of them is not English.
const SWEDISH_LETTERS = /[åäö]/;
// Enough questions to decide; a questionnaire of thousands says the same in its first few hundred.
export const LANGUAGE_SAMPLE_QUESTIONS = 400;

/**
 * The language a questionnaire is written in, from its questions: Swedish when its words are more often
 * Swedish than English, else English (the source language, also for a questionnaire of codes only).
 */
export function detectQuestionnaireLanguage(questions: readonly string[]): ContentLanguage {
  let swedish = 0;
  let english = 0;
  for (const question of questions.slice(0, LANGUAGE_SAMPLE_QUESTIONS)) {
    const evidence = languageEvidence(question);
    swedish += evidence.swedish;
    english += evidence.english;
  }
  return swedish > english ? 'sv' : 'en';
}

/** How much of a text reads as Swedish and how much as English, by the short words and letters above. */
export function languageEvidence(text: string): { swedish: number; english: number } {
  let swedish = 0;
  let english = 0;
  for (const token of tokenize(text)) {
    if (SWEDISH_WORDS.has(token.normalized)) swedish += 1;
    else if (ENGLISH_WORDS.has(token.normalized)) english += 1;
    if (SWEDISH_LETTERS.test(token.normalized)) swedish += 0.5;
  }
  return { swedish, english };
}
