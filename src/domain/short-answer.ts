/**
 * The short answer an entry can carry beside its text, for the choice column of a questionnaire ("Response
 * (Yes/No/N/A)"): one of four values, each with the words a workbook's list validation or a person uses for it
 * in English and Swedish. The entry stores the value; a questionnaire gets the word its own list offers.
 */

/** The short answers, in the order a form offers them. */
export const SHORT_ANSWERS = ['yes', 'no', 'partial', 'not_applicable'] as const;

/** A short answer to a yes/no question. */
export type ShortAnswer = (typeof SHORT_ANSWERS)[number];

/** How each short answer is written, per language; the first word of each list is the one Tillit writes. */
export const SHORT_ANSWER_WORDS: Record<'en' | 'sv', Record<ShortAnswer, readonly string[]>> = {
  en: {
    yes: ['Yes', 'Y', 'True', 'Compliant', 'Implemented', 'In place'],
    no: ['No', 'N', 'False', 'Non-compliant', 'Not implemented', 'Not in place'],
    partial: ['Partially', 'Partial', 'Partly', 'Partially compliant', 'Partially implemented', 'In progress'],
    not_applicable: ['Not applicable', 'N/A', 'NA', 'N.A.', 'Not relevant'],
  },
  sv: {
    yes: ['Ja', 'J'],
    no: ['Nej'],
    partial: ['Delvis', 'Delvis uppfyllt', 'Pågår'],
    not_applicable: ['Ej tillämpligt', 'Ej tillämplig', 'E/T', 'Inte tillämpligt', 'Ej relevant'],
  },
};

/** Whether a text is one of the short-answer values (as stored, not as written). */
export function isShortAnswer(text: unknown): text is ShortAnswer {
  return typeof text === 'string' && (SHORT_ANSWERS as readonly string[]).includes(text);
}

function normalise(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.]+/g, ' ')
    .trim();
}

/**
 * Which short answer a written word means ("N/A", "ja", "Partially compliant"), in either language; null when it
 * is none of them.
 */
export function readShortAnswer(word: string): ShortAnswer | null {
  const wanted = normalise(word);
  if (wanted === '') return null;
  for (const language of ['en', 'sv'] as const) {
    for (const value of SHORT_ANSWERS) {
      if (SHORT_ANSWER_WORDS[language][value].some((candidate) => normalise(candidate) === wanted)) return value;
    }
  }
  return null;
}

/**
 * The word a list of allowed values (a cell's list validation) uses for a short answer, or null when the list
 * offers no word for it: then nothing may be written into that cell.
 */
export function wordInList(answer: ShortAnswer, allowed: readonly string[]): string | null {
  return allowed.find((word) => readShortAnswer(word) === answer) ?? null;
}

/** The word Tillit writes for a short answer where no list constrains it. */
export function shortAnswerWord(answer: ShortAnswer, language: 'en' | 'sv' = 'en'): string {
  return SHORT_ANSWER_WORDS[language][answer][0] as string;
}

// Words that open a question a yes or no does not answer ("How many data centers do you operate?"), in English
// and Swedish; a statement ("The supplier keeps an asset register") or "Do you…?" takes one.
const OPEN_QUESTION_OPENERS = new Set([
  'how',
  'what',
  "what's",
  'which',
  'where',
  'when',
  'who',
  'whom',
  'whose',
  'why',
  'describe',
  'explain',
  'list',
  'provide',
  'outline',
  'specify',
  'name',
  'hur',
  'vad',
  'vilka',
  'vilken',
  'vilket',
  'var',
  'när',
  'vem',
  'vilkas',
  'varför',
  'beskriv',
  'förklara',
  'ange',
  'lista',
  'redogör',
]);

/**
 * Whether a question can take a short answer: anything but an open question (one that starts with "How",
 * "What", "Describe", "Hur", "Beskriv"…, after any numbering such as "1.2" or "a)"). An entry's short answer is
 * written for the questions that can take one, never for "How many data centers do you operate?".
 */
export function takesShortAnswer(question: string): boolean {
  const words = question
    .trim()
    .replace(/^(?:[\p{N}.()]+|[a-z]\)|[-–•*])\s+/u, '')
    .split(/\s+/u);
  const first = (words[0] ?? '').toLowerCase().replace(/[^\p{L}']/gu, '');
  if (first === 'please') return !OPEN_QUESTION_OPENERS.has((words[1] ?? '').toLowerCase().replace(/[^\p{L}']/gu, ''));
  return !OPEN_QUESTION_OPENERS.has(first);
}

/** The short answer an entry gives a question: its own one, unless the question is open (then none). */
export function shortAnswerFor(question: string, answer: ShortAnswer | null | undefined): ShortAnswer | null {
  return answer != null && takesShortAnswer(question) ? answer : null;
}
