import { newStemmer } from 'snowball-stemmers';

/** One word of a text, with its position in the original string. */
export interface Token {
  /** The exact slice of the original text. */
  text: string;
  /** Lowercased, NFC-normalised form used for lookups. */
  normalized: string;
  /** Offset of the first UTF-16 code unit in the original text. */
  start: number;
  /** Offset just past the last UTF-16 code unit in the original text. */
  end: number;
}

// Words are runs of letters (with combining marks) and digits, i.e.
//   [\p{L}\p{M}\p{N}]+(?:(?:\.\p{N}+)+|(?:['’][\p{L}\p{M}]+)+)?
// A dotted numeric tail keeps control ids ("A.8.24", "8.24") and versions whole, and an inner
// apostrophe keeps "don't" whole. Slashes and hyphens split ("iso/iec", "tls/ssl") so each half
// stays findable on its own.
const CONTROL_ID_PATTERN = /^\p{L}\.\p{N}+(?:\.\p{N}+)*$/u;
const DIGIT_PATTERN = /\p{N}/u;
const POSSESSIVE_PATTERN = /['’]s$/u;
const APOSTROPHE_PATTERN = /['’]/gu;

const ENGLISH_STOP_WORDS = [
  'a',
  'about',
  'above',
  'after',
  'again',
  'against',
  'all',
  'am',
  'an',
  'and',
  'any',
  'are',
  'as',
  'at',
  'be',
  'because',
  'been',
  'before',
  'being',
  'below',
  'between',
  'both',
  'but',
  'by',
  'can',
  'could',
  'did',
  'do',
  'does',
  'doing',
  'dont',
  'down',
  'during',
  'each',
  'few',
  'for',
  'from',
  'further',
  'had',
  'has',
  'have',
  'having',
  'he',
  'her',
  'here',
  'hers',
  'him',
  'his',
  'how',
  'i',
  'if',
  'in',
  'into',
  'is',
  'it',
  'its',
  'itself',
  'just',
  'me',
  'more',
  'most',
  'my',
  'no',
  'nor',
  'not',
  'of',
  'off',
  'on',
  'once',
  'only',
  'or',
  'other',
  'our',
  'ours',
  'out',
  'over',
  'own',
  'same',
  'she',
  'should',
  'so',
  'some',
  'such',
  'than',
  'that',
  'the',
  'their',
  'theirs',
  'them',
  'then',
  'there',
  'these',
  'they',
  'this',
  'those',
  'through',
  'to',
  'too',
  'under',
  'until',
  'up',
  'very',
  'was',
  'we',
  'were',
  'what',
  'when',
  'where',
  'which',
  'while',
  'who',
  'whom',
  'why',
  'will',
  'with',
  'would',
  'you',
  'your',
  'yours',
  // "us" is deliberately absent: in a trust center it usually means the United States.
];

const SWEDISH_STOP_WORDS = [
  'alla',
  'andra',
  'att',
  'av',
  'blir',
  'de',
  'dem',
  'den',
  'denna',
  'deras',
  'dess',
  'dessa',
  'det',
  'detta',
  'dig',
  'din',
  'ditt',
  'du',
  'där',
  'efter',
  'ej',
  'eller',
  'er',
  'era',
  'ert',
  'ett',
  'från',
  'för',
  'ha',
  'hade',
  'han',
  'har',
  'hon',
  'hur',
  'här',
  'icke',
  'inte',
  'jag',
  'kan',
  'man',
  'med',
  'mig',
  'min',
  'mitt',
  'ni',
  'när',
  'och',
  'också',
  'om',
  'oss',
  'på',
  'sig',
  'sin',
  'sina',
  'sitt',
  'ska',
  'skall',
  'som',
  'så',
  'till',
  'var',
  'vad',
  'vara',
  'vi',
  'vid',
  'vilka',
  'vilken',
  'vår',
  'våra',
  'vårt',
  'än',
  'är',
  'åt',
  'över',
];

const STOP_WORDS: ReadonlySet<string> = new Set([...ENGLISH_STOP_WORDS, ...SWEDISH_STOP_WORDS]);

const englishStemmer = newStemmer('english');
const swedishStemmer = newStemmer('swedish');

// Stemming dominates indexing cost and natural text repeats words heavily, so results are
// memoised; the cap keeps a hostile stream of unique words from growing memory without bound.
const TERM_CACHE_LIMIT = 200_000;
const termCache = new Map<string, readonly string[]>();
const NO_TERMS: readonly string[] = Object.freeze([]);

/** A word as written, with its normalized form and index terms. */
export interface AnalyzedWord {
  normalized: string;
  /** Index terms; empty for stop words. */
  terms: readonly string[];
}

// Indexing sees the same handful of spellings over and over; caching by the raw slice turns
// normalisation, stop-word filtering and two stemmers into a single map lookup.
const wordCache = new Map<string, AnalyzedWord>();

/** Split text into word tokens that remember their offsets in the original string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (word, slice, start) => {
    tokens.push({ text: slice, normalized: word.normalized, start, end: start + slice.length });
  });
  return tokens;
}

/** Call `visit` for each word of the text in order, with its analysis, raw slice and offset. */
export function forEachWord(text: string, visit: (word: AnalyzedWord, slice: string, start: number) => void): void {
  // A hand-written scanner equivalent to the pattern above: indexing calls this for every word of
  // every entry, and a regex match allocates an array per word.
  const length = text.length;
  let position = 0;
  while (position < length) {
    const width = measureCharacter(text, position, WORD_CHARACTER);
    if (width === 0) {
      position++;
      continue;
    }
    const start = position;
    position += width;
    position = skipCharacters(text, position, WORD_CHARACTER);
    const next = text.charCodeAt(position);
    if (next === 0x2e && measureCharacter(text, position + 1, NUMBER_CHARACTER) > 0) {
      while (text.charCodeAt(position) === 0x2e && measureCharacter(text, position + 1, NUMBER_CHARACTER) > 0) {
        position = skipCharacters(text, position + 1, NUMBER_CHARACTER);
      }
    } else if ((next === 0x27 || next === 0x2019) && measureCharacter(text, position + 1, LETTER_CHARACTER) > 0) {
      while (
        (text.charCodeAt(position) === 0x27 || text.charCodeAt(position) === 0x2019) &&
        measureCharacter(text, position + 1, LETTER_CHARACTER) > 0
      ) {
        position = skipCharacters(text, position + 1, LETTER_CHARACTER);
      }
    }
    const slice = text.slice(start, position);
    const word = analyzeRawWord(slice);
    if (word.normalized.length > 0) visit(word, slice, start);
  }
}

const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;
const NUMBER_CHARACTER = /^\p{N}$/u;
const LETTER_CHARACTER = /^[\p{L}\p{M}]$/u;

function skipCharacters(text: string, position: number, kind: RegExp): number {
  let cursor = position;
  for (let width = measureCharacter(text, cursor, kind); width > 0; width = measureCharacter(text, cursor, kind)) {
    cursor += width;
  }
  return cursor;
}

// Returns how many UTF-16 units the character at `position` spans if it is of the given kind,
// or 0; ASCII is decided without a regex because it is nearly all of the input.
function measureCharacter(text: string, position: number, kind: RegExp): number {
  const code = text.charCodeAt(position);
  if (Number.isNaN(code)) return 0;
  if (code < 0x80) {
    const isDigit = code >= 0x30 && code <= 0x39;
    const isLetter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
    if (kind === NUMBER_CHARACTER) return isDigit ? 1 : 0;
    if (kind === LETTER_CHARACTER) return isLetter ? 1 : 0;
    return isDigit || isLetter ? 1 : 0;
  }
  const isHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  const character = isHighSurrogate ? text.slice(position, position + 2) : text.charAt(position);
  return kind.test(character) ? character.length : 0;
}

/** Normalize and analyze one raw word, memoised. */
export function analyzeRawWord(slice: string): AnalyzedWord {
  const cached = wordCache.get(slice);
  if (cached !== undefined) return cached;
  const normalized = normalizeWord(slice);
  const word: AnalyzedWord = { normalized, terms: analyzeWord(normalized) };
  if (wordCache.size >= TERM_CACHE_LIMIT) wordCache.clear();
  wordCache.set(slice, word);
  return word;
}

/** Lowercase and canonicalise one raw word the same way tokenize does. */
export function normalizeWord(word: string): string {
  let normalized = word.normalize('NFC').toLowerCase();
  if (normalized.includes("'") || normalized.includes('’')) {
    normalized = normalized.replace(POSSESSIVE_PATTERN, '').replace(APOSTROPHE_PATTERN, '');
  }
  return normalized;
}

/** Tell whether a normalized word is an English or Swedish stop word. */
export function isStopWord(normalized: string): boolean {
  return STOP_WORDS.has(normalized);
}

/**
 * Map a normalized word to its index terms: the English and Swedish stems (deduplicated), or
 * the word itself for numbers and ids; stop words yield no terms.
 */
export function analyzeWord(normalized: string): readonly string[] {
  const cached = termCache.get(normalized);
  if (cached !== undefined) return cached;
  const terms = computeTerms(normalized);
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(normalized, terms);
  return terms;
}

const LETTER_DIGIT_RUN = /\p{N}+|[\p{L}\p{M}]+/gu;
const HAS_LETTER = /[\p{L}\p{M}]/u;

/**
 * Split a word where letters meet digits ("soc2" → soc, 2; "2fa" → 2, fa; "aes256" → aes, 256),
 * the way such names are also written apart; other words, and dotted ids, come back whole.
 */
export function splitLetterDigitWord(normalized: string): string[] {
  if (normalized.includes('.') || !DIGIT_PATTERN.test(normalized) || !HAS_LETTER.test(normalized)) return [normalized];
  return normalized.match(LETTER_DIGIT_RUN) ?? [normalized];
}

/** Tell whether a normalized word is letters only and the next is digits only, as in "SOC 2" or "ISO 27001". */
export function isLetterDigitPair(left: string, right: string): boolean {
  return ONLY_LETTERS.test(left) && ONLY_DIGITS.test(right);
}

const ONLY_LETTERS = /^[\p{L}\p{M}]+$/u;
const ONLY_DIGITS = /^\p{N}+$/u;

/** Turn text into the index terms of its words, in text order (stop words dropped). */
export function analyzeText(text: string): string[] {
  const terms: string[] = [];
  forEachWord(text, (word) => {
    for (const term of word.terms) terms.push(term);
  });
  return terms;
}

// Word families the English stemmer cuts down to a stem they share with an unrelated word:
// "responsibility" and "response" both become "respons", "organisation" and "organ" both "organ",
// "university" and "universe" both "univers". Words starting with the prefix keep it as their stem.
// In a trust center's language several more such pairs name different things: the authorities one
// notifies and the authorisation of a user, environmental threats (fire, flood) and a production
// environment, accessibility and access control, integrity and integration, business continuity and
// continuous monitoring, international transfers and internal audits, a data controller and a control,
// availability (uptime) and "made available", executive management and executing code.
const OVERSTEMMED_FAMILIES: readonly [prefix: string, stem: string][] = [
  ['responsib', 'responsib'],
  ['organis', 'organis'],
  ['organiz', 'organis'],
  ['universit', 'universit'],
  ['authorit', 'authorit'],
  ['environmental', 'environmental'],
  ['accessib', 'accessib'],
  ['integrit', 'integrit'],
  ['continuit', 'continuit'],
  ['internation', 'internation'],
  ['controller', 'controller'],
  ['availabilit', 'availabilit'],
  ['executiv', 'executiv'],
];

function guardEnglishStem(word: string, stem: string): string {
  for (const [prefix, family] of OVERSTEMMED_FAMILIES) {
    if (word.startsWith(prefix)) return family;
  }
  return stem;
}

// British spellings and their American forms meet before the English stemmer, which keeps them apart: a
// questionnaire from a European customer says "licence", "centre", "anonymised" and "programme" where a library may
// say "license", "center", "anonymized" and "program" (or the other way round). Both sides of every comparison go
// through the same mapping, so a word only needs to reach the same form as its other spelling.
const AMERICAN_ENDINGS: readonly [pattern: RegExp, replacement: string][] = [
  // -ise/-isation (authorise, anonymised, organisation…) and -yse (analyse, paralysed): not where -ise is the root.
  [
    /^(?!(?:adv|advert|compr|comprom|exerc|expert|franch|merchand|otherw|prem|prom|rev|superv|surpr|telev|pra|appra|upra|appr|conc|prec|parad|disgu|enterpr|dev|desp|chast|circumc|exc|inc|improv|dem|treat|cru|bru|repr|val|mort|sunr|pract|chem)is)([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|able)$/,
    '$1iz$2',
  ],
  [/^(anal|paral|catal|dial|hydrol|electrol)ys(e|es|ed|ing|er|ers)$/, '$1yz$2'],
  // -our (colour, behaviour, labour…).
  [
    /^(behavi|col|fav|hon|lab|harb|neighb|rum|vap|flav|endeav|arm|hum|sav|vig|parl|rig|splend|cand|clam|od|ard|val|tum|ferv)our(s|ed|ing|able|ite|ites|er|ers|al|hood)?$/,
    '$1or$2',
  ],
  // -re (centre, metre, fibre…).
  [/^(cent|theat|met|lit|fib|calib|spect|somb|lust|meag|sab)re(s|d)?$/, '$1er$2'],
  // -ence (licence, defence, offence, pretence).
  [/^(licen|defen|offen|preten)ce(s|d)?$/, '$1se$2'],
  // -ogue (catalogue, dialogue, analogue).
  [/^(catal|dial|anal|prol|epil|monol)ogue(s|d)?$/, '$1og$2'],
  [/^programme(s|d)?$/, 'program$1'],
  [/^artefact(s)?$/, 'artifact$1'],
  [/^judgement(s)?$/, 'judgment$1'],
  [/^(enrol|instal|fulfil)(ment|ments|s)$/, '$1l$2'],
  [/^ageing$/, 'aging'],
  [/^disc(s)?$/, 'disk$1'],
  [/^grey$/, 'gray'],
  [/^sceptic(al|ism)?$/, 'skeptic$1'],
  [/^practis(e|es|ed|ing)$/, 'practic$1'],
];

/** The American spelling of a British-spelt English word, or the word itself. */
export function americanSpelling(word: string): string {
  if (word.length < 4) return word;
  for (const [pattern, replacement] of AMERICAN_ENDINGS) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}

function computeTerms(normalized: string): readonly string[] {
  if (normalized.length === 0 || STOP_WORDS.has(normalized)) return NO_TERMS;
  if (CONTROL_ID_PATTERN.test(normalized)) {
    // "A.8.24" and a bare "8.24" name the same Annex A control.
    return Object.freeze([normalized, normalized.slice(2)]);
  }
  // Stemming numbers, ids and very short words only produces collisions.
  if (normalized.length < 3 || DIGIT_PATTERN.test(normalized)) return Object.freeze([normalized]);
  const american = americanSpelling(normalized);
  const english = guardEnglishStem(american, englishStemmer.stem(american));
  const swedish = swedishStemmer.stem(normalized);
  return Object.freeze(english === swedish ? [english] : [english, swedish]);
}

/** Languages the analyzer knows: `en` is the analysis every text had before Swedish content (both stemmers). */
export type AnalysisLanguage = 'en' | 'sv';

const swedishTermCache = new Map<string, readonly string[]>();

// The Swedish stemmer leaves -era verbs and their -ering nouns apart ("säkerhetskopierar" →
// "säkerhetskopier", "säkerhetskopiering" stays whole) and both apart from the -ia/-ior noun
// ("säkerhetskopior" → "säkerhetskopi"). Cutting a remaining -ering or -er joins the family.
const SWEDISH_VERB_NOUN = /(?:ering|er)$/;
const MINIMUM_SWEDISH_BASE = 4;

/**
 * Index terms of a normalized word of Swedish text: the Swedish stem, and the stem of its -era/-ering
 * family when that differs; numbers and ids as in `analyzeWord`, stop words none. No English stem, so
 * Swedish words do not meet unrelated English ones.
 */
export function analyzeSwedishWord(normalized: string): readonly string[] {
  const cached = swedishTermCache.get(normalized);
  if (cached !== undefined) return cached;
  let terms: readonly string[];
  if (normalized.length === 0 || STOP_WORDS.has(normalized)) terms = NO_TERMS;
  else if (CONTROL_ID_PATTERN.test(normalized) || normalized.length < 3 || DIGIT_PATTERN.test(normalized)) {
    terms = analyzeWord(normalized);
  } else {
    const stem = swedishStemmer.stem(normalized);
    const family = stem.replace(SWEDISH_VERB_NOUN, '');
    terms = Object.freeze(family !== stem && family.length >= MINIMUM_SWEDISH_BASE ? [stem, family] : [stem]);
  }
  if (swedishTermCache.size >= TERM_CACHE_LIMIT) swedishTermCache.clear();
  swedishTermCache.set(normalized, terms);
  return terms;
}

/** Index terms of a normalized word in a text of the given language. */
export function analyzeWordIn(normalized: string, language: AnalysisLanguage): readonly string[] {
  return language === 'sv' ? analyzeSwedishWord(normalized) : analyzeWord(normalized);
}

const queryTermCache = new Map<string, readonly string[]>();

/**
 * Terms of a query word searched over texts of both languages (a Swedish site keeps English text
 * where a translation is missing): the English analysis and the Swedish one together.
 */
export function analyzeQueryWordForBoth(normalized: string): readonly string[] {
  const cached = queryTermCache.get(normalized);
  if (cached !== undefined) return cached;
  const english = analyzeWord(normalized);
  const swedish = analyzeSwedishWord(normalized);
  const terms = swedish.every((term) => english.includes(term))
    ? english
    : Object.freeze([...new Set([...english, ...swedish])]);
  if (queryTermCache.size >= TERM_CACHE_LIMIT) queryTermCache.clear();
  queryTermCache.set(normalized, terms);
  return terms;
}
