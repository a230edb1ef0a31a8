import { analyzeSwedishWord, analyzeWord, isStopWord, normalizeWord } from '../search/analyzer.js';
import { languageEvidence } from './language.js';
import { SWEDISH_GLOSSARY } from './matcher-glossary.js';

/**
 * Reads a question through the words its knowledge base uses: a word the library does not know is replaced by
 * its English equivalent from the Swedish glossary, and a compound the library does not know ("kunddata",
 * "lösenordsbyten", "behörighetsgranskning") by its parts, each part as the library knows it or as the glossary
 * translates it. Words the library knows are never touched, so a Swedish library keeps its own words and an
 * English question meets the library as before.
 */
export interface LanguageBridge {
  bridge(text: string): string;
}

/** Whether a normalized word has an index term the library uses. */
export type KnownWord = (normalized: string) => boolean;

// Parts of a compound shorter than this are too often accidental ("in", "de", "ny").
const MINIMUM_PART = 3;
const MINIMUM_COMPOUND = 2 * MINIMUM_PART;
// Longer "words" are not compounds (a pasted hash, a run of letters); trying every split of them costs quadratic time.
const MAXIMUM_COMPOUND = 40;
// Swedish compounds seldom have more than three parts; deeper splits mostly find accidents.
const MAXIMUM_PARTS = 3;
// Glossary phrases span at most this many words ("hantera incidenter", "tredje part").
const MAXIMUM_PHRASE = 2;

const WORD = /[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*/gu;

interface Glossary {
  /** English by the Swedish word as written in the glossary, looked up first. */
  exact: Map<string, string>;
  /** Swedish words with their English by Swedish stem, for single words ("dator" and "data" share one). */
  words: Map<string, [swedish: string, english: string][]>;
  /** English by the keys of a phrase's words joined with a space. */
  phrases: Map<string, string>;
}

let compiled: Glossary | undefined;

function glossary(): Glossary {
  if (compiled !== undefined) return compiled;
  const exact = new Map<string, string>();
  const words = new Map<string, [string, string][]>();
  const phrases = new Map<string, string>();
  for (const [swedish, english] of SWEDISH_GLOSSARY) {
    const parts = swedish.split(' ').map((part) => normalizeWord(part));
    if (parts.length === 1) {
      exact.set(parts[0] ?? '', english);
      const word = parts[0] ?? '';
      for (const key of keysOf(word)) words.set(key, [...(words.get(key) ?? []), [word, english]]);
    } else {
      phrases.set(parts.map((part) => keysOf(part)[0] ?? part).join(' '), english);
    }
  }
  compiled = { exact, words, phrases };
  return compiled;
}

// A word's lookup keys: its Swedish stems, or the word itself where it has none (stop words in phrases).
function keysOf(normalized: string): readonly string[] {
  const stems = analyzeSwedishWord(normalized);
  return stems.length > 0 ? stems : [normalized];
}

// Inflections the Swedish stemmer leaves on some nouns ("kontot", "konton" of "konto"; "medierna"), tried in turn
// when a word's stem is not in the glossary.
const INFLECTIONS = [
  'ernas',
  'arnas',
  'ornas',
  'erna',
  'arna',
  'orna',
  'ens',
  'ets',
  'er',
  'ar',
  'or',
  'na',
  'en',
  'et',
  'n',
  't',
  's',
];

function translateWord(normalized: string, inflected = true): string | undefined {
  const { exact, words: table } = glossary();
  const lookUp = (form: string): string | undefined => {
    const written = exact.get(form);
    if (written !== undefined) return written;
    // Of the words sharing the stem, the one spelt most like the word asked about ("styrelsen" is "styrelse",
    // not "styra"; "datorer" is "dator", not "data").
    let best: { english: string; shared: number; distance: number } | undefined;
    for (const key of keysOf(form)) {
      for (const [swedish, english] of table.get(key) ?? []) {
        if (!isInflectionOf(form, swedish)) continue;
        const shared = commonPrefixLength(form, swedish);
        const distance = Math.abs(swedish.length - form.length);
        if (best === undefined || shared > best.shared || (shared === best.shared && distance < best.distance)) {
          best = { english, shared, distance };
        }
      }
    }
    return best?.english;
  };
  const direct = lookUp(normalized);
  if (direct !== undefined || !inflected) return direct;
  for (const ending of INFLECTIONS) {
    if (normalized.length - ending.length < MINIMUM_PART || !normalized.endsWith(ending)) continue;
    const english = lookUp(normalized.slice(0, -ending.length));
    if (english !== undefined) return english;
  }
  return undefined;
}

// A Swedish word's inflections keep all of it but a final vowel ("använda": använder, använde; "händelse":
// händelser) or the vowel of a final -el, -er or -en ("regel": regler). A word that shares only a stem with a
// glossary word is another word: "händer" (happens) is not "händelse" (event), "använder" (uses) is not
// "användare" (user).
function isInflectionOf(word: string, base: string): boolean {
  if (word.startsWith(base)) return true;
  if (ENDS_IN_VOWEL.test(base) && word.startsWith(base.slice(0, -1))) return true;
  return ENDS_IN_VOWEL_L_R_N.test(base) && word.startsWith(base.slice(0, -2) + base.slice(-1));
}

const ENDS_IN_VOWEL = /[aeiouyåäö]$/u;
const ENDS_IN_VOWEL_L_R_N = /[aeiouyåäö][lrn]$/u;

/** The phrase of a word's synonym group that the library uses, if any ("tillgänglighet" → "availability"). */
export type SynonymFor = (normalized: string) => string | undefined;

/** The first letters of a word, by which the bridge rules out compound parts nothing can read. */
function beginningOf(word: string): string {
  return word.slice(0, MINIMUM_PART);
}

function commonPrefixLength(left: string, right: string): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length++;
  return length;
}

/** What the bridge reads a text against. */
export interface BridgeOptions {
  /** Whether the library uses a word. */
  isKnown: KnownWord;
  /**
   * The index terms the library uses (and any other words `isKnown` or `synonymFor` read): a compound part is
   * stemmed only when one of them, or a glossary word, begins as it does, which spares the stemmer most substrings
   * of an unknown word. Without them every part is tried.
   */
  knownTerms?: Iterable<string>;
  /** The words the synonym table has for a word the library does not use; they take precedence over the glossary's. */
  synonymFor?: SynonymFor;
}

export function createLanguageBridge(options: BridgeOptions): LanguageBridge {
  const { isKnown, synonymFor = () => undefined } = options;
  let mayBeKnown: (part: string) => boolean = () => true;
  if (options.knownTerms !== undefined) {
    const beginnings = new Set<string>();
    for (const term of options.knownTerms) beginnings.add(beginningOf(term));
    for (const [swedish] of SWEDISH_GLOSSARY) beginnings.add(beginningOf(normalizeWord(swedish)));
    mayBeKnown = (part) => beginnings.has(beginningOf(part));
  }

  // Separate readings for Swedish questions and others, which differ in whether synonyms replace words.
  const caches = { swedish: new Map<string, string | null>(), other: new Map<string, string | null>() };
  let swedish = false;
  const synonymIn = (normalized: string): string | undefined => (swedish ? synonymFor(normalized) : undefined);

  // A word or compound part as the library can read it: itself when known, else the synonym the library uses,
  // else its English from the glossary; undefined when none of these.
  function resolve(normalized: string, inflected = true): string | undefined {
    if (normalized.length < MINIMUM_PART || isStopWord(normalized) || !mayBeKnown(normalized)) return undefined;
    if (isKnown(normalized)) return normalized;
    return synonymIn(normalized) ?? translateWord(normalized, inflected);
  }

  // A compound modifier drops its linking -s- ("lagrings-") or its final vowel ("användar-" of "användare").
  function resolveModifier(part: string): string | undefined {
    // Without its linking -s- first, so the part reads as the word ("lösenord byten", not "lösenords byten").
    const forms = part.endsWith('s') && part.length > MINIMUM_PART ? [part.slice(0, -1), part] : [part];
    forms.push(`${part}e`, `${part}a`);
    for (const form of forms) {
      // A modifier is not inflected (its linking forms are tried above), which also keeps a failed split cheap.
      const resolved = resolve(form, false);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }

  // The parts of an unknown compound, modifiers first, preferring the split whose shortest part is longest.
  function split(normalized: string, depth: number): { parts: string[]; shortest: number } | undefined {
    if (normalized.length < MINIMUM_COMPOUND || normalized.length > MAXIMUM_COMPOUND || depth >= MAXIMUM_PARTS) {
      return undefined;
    }
    let best: { parts: string[]; shortest: number } | undefined;
    for (let at = MINIMUM_PART; at <= normalized.length - MINIMUM_PART; at++) {
      const modifier = resolveModifier(normalized.slice(0, at));
      if (modifier === undefined) continue;
      const rest = normalized.slice(at);
      const head = resolve(rest);
      const tail = head !== undefined ? { parts: [head], shortest: rest.length } : split(rest, depth + 1);
      if (tail === undefined) continue;
      const shortest = Math.min(at, tail.shortest);
      if (best === undefined || shortest > best.shortest) best = { parts: [modifier, ...tail.parts], shortest };
    }
    return best;
  }

  function bridgeWord(raw: string): string | undefined {
    const normalized = normalizeWord(raw);
    const cache = swedish ? caches.swedish : caches.other;
    if (cache.has(normalized)) return cache.get(normalized) ?? undefined;
    let result: string | undefined;
    if (!isStopWord(normalized) && !isKnown(normalized)) {
      result = synonymIn(normalized) ?? translateWord(normalized);
      if (result === undefined) {
        const pieces = normalized.includes('-') ? normalized.split('-') : [normalized];
        const bridged = pieces.map((piece) => resolve(piece) ?? split(piece, 1)?.parts.join(' '));
        if (bridged.some((piece) => piece !== undefined)) {
          result = bridged.map((piece, index) => piece ?? pieces[index]).join(' ');
        }
      }
    }
    cache.set(normalized, result ?? null);
    return result;
  }

  function bridge(text: string): string {
    const matches = [...text.matchAll(WORD)];
    if (matches.length === 0) return text;
    // The synonym table joins words within a language too ("employees", "staff"); the search engine already
    // weighs those, so its phrases replace a word only in a question that reads as Swedish.
    swedish = readsSwedish(text);
    const phrases = glossary().phrases;
    let output = '';
    let position = 0;
    for (let index = 0; index < matches.length; index++) {
      const match = matches[index];
      if (match === undefined) continue;
      const start = match.index ?? 0;
      output += text.slice(position, start);
      let replaced = false;
      for (let length = Math.min(MAXIMUM_PHRASE, matches.length - index); length >= 2 && !replaced; length--) {
        const words = matches.slice(index, index + length).map((word) => normalizeWord(word[0]));
        const english = phrases.get(words.map((word) => keysOf(word)[0] ?? word).join(' '));
        if (english === undefined || words.some((word) => !isStopWord(word) && isKnown(word))) continue;
        output += english;
        const last = matches[index + length - 1];
        position = (last?.index ?? 0) + (last?.[0].length ?? 0);
        index += length - 1;
        replaced = true;
      }
      if (replaced) continue;
      output += bridgeWord(match[0]) ?? match[0];
      position = start + match[0].length;
    }
    return output + text.slice(position);
  }

  return { bridge };
}

/**
 * Whether a text reads as Swedish: its Swedish function words, å/ä/ö and Swedish glossary words (those spelt
 * otherwise in English, so "data" or "policy" count for neither) outnumber its English function words.
 */
export function readsSwedish(text: string): boolean {
  const evidence = languageEvidence(text);
  let glossaryWords = 0;
  for (const match of text.matchAll(WORD)) {
    const normalized = normalizeWord(match[0]);
    const english = translateWord(normalized);
    if (english !== undefined && !english.split(' ').includes(normalized)) glossaryWords += 1;
  }
  return evidence.swedish + glossaryWords > evidence.english;
}

/** Whether any index term of a normalized word is in `terms`. */
export function knownIn(terms: { has(term: string): boolean }): KnownWord {
  return (normalized) => analyzeWord(normalized).some((term) => terms.has(term));
}
