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

// Letters (with combining marks) and digits form words; a dotted numeric tail keeps control
// ids ("A.8.24", "8.24") and versions whole, and an inner apostrophe keeps "don't" whole.
// Slashes and hyphens split ("iso/iec", "tls/ssl") so each half stays findable on its own.
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:(?:\.\p{N}+)+|(?:['’][\p{L}\p{M}]+)+)?/gu;
const CONTROL_ID_PATTERN = /^\p{L}\.\p{N}+(?:\.\p{N}+)*$/u;
const DIGIT_PATTERN = /\p{N}/u;
const POSSESSIVE_PATTERN = /['’]s$/u;
const APOSTROPHE_PATTERN = /['’]/gu;

const ENGLISH_STOP_WORDS = [
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any', 'are',
  'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'dont', 'down', 'during', 'each', 'few', 'for',
  'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'him', 'his',
  'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my',
  'no', 'nor', 'not', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'out',
  'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their',
  'theirs', 'them', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while',
  'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours',
  // "us" is deliberately absent: in a trust center it usually means the United States.
];

const SWEDISH_STOP_WORDS = [
  'alla', 'andra', 'att', 'av', 'blir', 'de', 'dem', 'den', 'denna', 'deras', 'dess', 'dessa',
  'det', 'detta', 'dig', 'din', 'ditt', 'du', 'där', 'efter', 'ej', 'eller', 'er', 'era', 'ert',
  'ett', 'från', 'för', 'ha', 'hade', 'han', 'har', 'hon', 'hur', 'här', 'icke', 'inte', 'jag',
  'kan', 'man', 'med', 'mig', 'min', 'mitt', 'ni', 'när', 'och', 'också', 'om', 'oss', 'på',
  'sig', 'sin', 'sina', 'sitt', 'ska', 'skall', 'som', 'så', 'till', 'var', 'vad', 'vara', 'vi',
  'vid', 'vilka', 'vilken', 'vår', 'våra', 'vårt', 'än', 'är', 'åt', 'över',
];

const STOP_WORDS: ReadonlySet<string> = new Set([...ENGLISH_STOP_WORDS, ...SWEDISH_STOP_WORDS]);

const englishStemmer = newStemmer('english');
const swedishStemmer = newStemmer('swedish');

// Stemming dominates indexing cost and natural text repeats words heavily, so results are
// memoised; the cap keeps a hostile stream of unique words from growing memory without bound.
const TERM_CACHE_LIMIT = 200_000;
const termCache = new Map<string, readonly string[]>();
const NO_TERMS: readonly string[] = Object.freeze([]);

/** Split text into word tokens that remember their offsets in the original string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    const start = match.index;
    const slice = match[0];
    const normalized = normalizeWord(slice);
    if (normalized.length === 0) continue;
    tokens.push({ text: slice, normalized, start, end: start + slice.length });
  }
  return tokens;
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

/** Turn text into the index terms of its words, in text order (stop words dropped). */
export function analyzeText(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    for (const term of analyzeWord(token.normalized)) terms.push(term);
  }
  return terms;
}

function computeTerms(normalized: string): readonly string[] {
  if (normalized.length === 0 || STOP_WORDS.has(normalized)) return NO_TERMS;
  if (CONTROL_ID_PATTERN.test(normalized)) {
    // "A.8.24" and a bare "8.24" name the same Annex A control.
    return Object.freeze([normalized, normalized.slice(2)]);
  }
  // Stemming numbers, ids and very short words only produces collisions.
  if (normalized.length < 3 || DIGIT_PATTERN.test(normalized)) return Object.freeze([normalized]);
  const english = englishStemmer.stem(normalized);
  const swedish = swedishStemmer.stem(normalized);
  return Object.freeze(english === swedish ? [english] : [english, swedish]);
}
