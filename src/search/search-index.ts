import type { Token } from './analyzer.js';
import {
  type AnalysisLanguage,
  analyzeQueryWordForBoth,
  analyzeWord,
  analyzeWordIn,
  forEachWord,
  isLetterDigitPair,
  isStopWord,
  splitLetterDigitWord,
  tokenize,
} from './analyzer.js';
import { chooseTypoBudget } from './edit-distance.js';
import { highlightText, selectSnippet } from './highlight.js';
import { FIELD_FREQUENCY_BITS, MAX_FIELD_FREQUENCY, Posting } from './postings.js';
import { defaultSynonymGroups, type SynonymMatch, SynonymTable } from './synonyms.js';
import type {
  FacetCounts,
  SearchDocument,
  SearchFilters,
  SearchHit,
  SearchOptions,
  SearchResult,
  SynonymGroups,
} from './types.js';
import { Vocabulary } from './vocabulary.js';

/** Construction options for a search index. */
export interface SearchIndexOptions {
  /** Synonym groups expanded at query time; defaults to defaultSynonymGroups. */
  synonyms?: SynonymGroups;
  /**
   * Favour the words as typed (public search): a word found unstemmed in a question or phrasing
   * gets a bonus over stemmed matches, names written with or without a space between letters
   * and digits ("SOC 2", "soc2") or a hyphen ("back-up", "backup") find each other, and a
   * synonym phrase counts as many words as the typed words it stands in for. Off by default, so
   * rankers tuned on the plain engine (the questionnaire matcher) see no change.
   */
  prefersExactWording?: boolean;
  /**
   * The language of the site the index serves (default `en`). Each document is analyzed in its own
   * language; on a Swedish site, where untranslated entries stay English, a query word is looked up
   * with both analyses.
   */
  language?: AnalysisLanguage;
}

// Fields, in the bit order of packed frequencies: question, phrasings, tag names, category
// name, control ids, answer.
const QUESTION = 0;
const PHRASINGS = 1;
const FIELD_COUNT = 6;
// BM25F: the question is what users echo most closely, the answer is long and noisy.
const FIELD_WEIGHTS = [5, 3, 2, 1.5, 2, 1] as const;
// Short fields barely vary in length, so length normalisation matters mostly for answers.
const FIELD_LENGTH_BIAS = [0.5, 0.5, 0.3, 0.3, 0.3, 0.75] as const;
const SATURATION = 1.2;

/** What a synonym's words count for next to the query's own words (which count 1). */
export const SYNONYM_WEIGHT = 0.7;
const PREFIX_BASE_WEIGHT = 0.5;
const PREFIX_LENGTH_WEIGHT = 0.35;
const FUZZY_WEIGHTS = [1, 0.45, 0.3] as const;
const PREFIX_EXPANSIONS = 16;
const FUZZY_EXPANSIONS = 8;
const MINIMUM_PREFIX_LENGTH = 2;
// A query beyond this many words is almost certainly pasted text; the tail adds cost, not recall.
const MAX_QUERY_WORDS = 32;
const MAX_QUERY_CHARACTERS = 2_000;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const MAX_SUGGESTIONS = 3;
// Documents matching only part of the query keep some credit so single strong matches still show.
const PARTIAL_MATCH_FLOOR = 0.3;
const PHRASE_BONUS = 1.3;
// With prefersExactWording: the share of a word's own weight added when it stands, as typed, in a
// question or phrasing; exact-form index keys carry a prefix no normalized word can contain.
const EXACT_WORDING_WEIGHT = 1;
const EXACT_KEY_PREFIX = '=';
// Particles that make a written-apart verb into a one-word noun: "back up" → backup, "log in" → login.
const PARTICLES: ReadonlySet<string> = new Set(['up', 'in', 'on', 'out', 'down', 'off', 'over']);
const HYPHENS = /^[-\u2010\u2011]$/u;
const SPACES = /^[ \t]+$/u;
// Exact-wording keys are built for every question and phrasing word; reusing one string per word
// spares a concatenation and a fresh hash each time. Bounded like the analyzer's caches.
const EXACT_KEY_CACHE_LIMIT = 200_000;
const exactKeys = new Map<string, string>();

function toExactKey(normalized: string): string {
  let key = exactKeys.get(normalized);
  if (key === undefined) {
    if (exactKeys.size >= EXACT_KEY_CACHE_LIMIT) exactKeys.clear();
    key = EXACT_KEY_PREFIX + normalized;
    exactKeys.set(normalized, key);
  }
  return key;
}
// Tabs and line breaks separate words; every other control character is dropped outright.
const CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}/gu;
const DIGIT = /\p{N}/u;

interface StoredDocument {
  document: SearchDocument;
  number: number;
  /** Distinct index terms, needed to take the document back out of the postings. */
  terms: string[];
  /** Distinct surface words, needed to keep the vocabulary's counts right on removal. */
  words: string[];
  /** Normalized question and phrasings, space-delimited, for exact-phrase bonuses. */
  phraseText: string;
  tagSlugs: ReadonlySet<string>;
  fieldLengths: readonly number[];
}

interface WeightedTerm {
  term: string;
  posting: Posting;
  /** Expansion weight times inverse document frequency. */
  factor: number;
  /** Inverse document frequency alone. */
  rarity: number;
  /** Whether the term comes straight from a typed word rather than an expansion. */
  isLiteral: boolean;
  /** An exact-wording bonus: added to the word's best match instead of competing with it. */
  isBonus: boolean;
}

interface QueryWord {
  token: Token;
  /** The word as looked up: the token, or one part of a token split between letters and digits. */
  normalized: string;
  terms: readonly string[];
  /** The one-word spelling this word is part of ("soc2" for "soc" in "SOC 2" or "soc2"), if any. */
  joined: string | undefined;
  /** Whether the word is a part of a typed token split between letters and digits. */
  isPart: boolean;
}

interface Alternative {
  words: WeightedTerm[][];
  /** Synonym phrases count only when every word is present; the literal query does not. */
  requiresAllWords: boolean;
}

interface Clause {
  alternatives: Alternative[];
}

interface AnalyzedQuery {
  text: string;
  words: QueryWord[];
  clauses: Clause[];
  /** Space-delimited normalized query, or empty when too short to be a phrase. */
  phrase: string;
  prefixWord: QueryWord | undefined;
}

interface RankedDocument {
  stored: StoredDocument;
  score: number;
}

/** An in-memory BM25F index over trust-center entries with synonyms, prefixes and typo tolerance. */
export class SearchIndex {
  private readonly synonyms: SynonymTable;
  private readonly prefersExactWording: boolean;
  private readonly analyzeQueryWord: (normalized: string) => readonly string[];
  private readonly vocabulary = new Vocabulary();
  private readonly postings = new Map<string, Posting>();
  private readonly byId = new Map<string, StoredDocument>();
  private byNumber: (StoredDocument | undefined)[] = [];
  private nextNumber = 0;
  private readonly fieldLengthSums = new Float64Array(FIELD_COUNT);
  // Per document and field: field weight divided by BM25 length normalisation, refreshed lazily.
  private fieldFactors = new Float64Array(0);
  private fieldFactorsAreStale = true;
  // Bumped whenever field factors are recomputed, invalidating every posting's cached scores.
  private generation = 0;
  // Scratch accumulators indexed by document number, reused across searches to avoid allocation.
  private wordScores = new Float64Array(0);
  private alternativeScores = new Float64Array(0);
  private alternativeCounts = new Uint8Array(0);
  private clauseScores = new Float64Array(0);
  private totalScores = new Float64Array(0);
  private clauseCounts = new Uint8Array(0);
  private wordTouched = new Int32Array(0);
  private alternativeTouched = new Int32Array(0);
  private clauseTouched = new Int32Array(0);
  private totalTouched = new Int32Array(0);

  constructor(options: SearchIndexOptions = {}) {
    this.synonyms = new SynonymTable(options.synonyms ?? defaultSynonymGroups);
    this.prefersExactWording = options.prefersExactWording === true;
    this.analyzeQueryWord = options.language === 'sv' ? analyzeQueryWordForBoth : analyzeWord;
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.byId.size;
  }

  /** Discard everything and index the given documents (a later duplicate id wins). */
  replaceAll(documents: readonly SearchDocument[]): void {
    this.clear();
    for (const document of documents) {
      const existing = this.byId.get(document.id);
      if (existing !== undefined) this.removeStored(existing);
      this.addDocument(document, true);
    }
  }

  /** Add a document, or replace the one with the same id. */
  upsert(document: SearchDocument): void {
    const existing = this.byId.get(document.id);
    if (existing !== undefined) this.removeStored(existing);
    this.addDocument(document, false);
    this.compactIfSparse();
  }

  /** Remove the document with this id, if present. */
  remove(id: string): void {
    const existing = this.byId.get(id);
    if (existing === undefined) return;
    this.removeStored(existing);
    this.compactIfSparse();
  }

  /** Whether a normalized query word has an index term some document uses. */
  hasWord(normalized: string): boolean {
    return this.analyzeQueryWord(normalized).some((term) => this.postings.has(term));
  }

  /** The index terms some document uses. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** Rank documents against the query and return one page of highlighted hits. */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = clampInteger(options.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
    const offset = clampInteger(options.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const analyzed = this.analyzeQuery(query);
    if (analyzed.clauses.length === 0) return { hits: [], total: 0, suggestions: [] };
    const { ranked, total } = this.rank(analyzed, options.filters, offset + limit);
    const highlights = options.highlights !== false;
    const hits = ranked.slice(offset, offset + limit).map((entry) => this.buildHit(entry, analyzed, highlights));
    return { hits, total, suggestions: options.suggestions === false ? [] : this.suggestCorrections(analyzed) };
  }

  /** Count matching documents per category and tag slug; an empty query counts every document. */
  facetCounts(query = '', filters?: SearchFilters): FacetCounts {
    const counts: FacetCounts = { categories: {}, tags: {} };
    const record = (stored: StoredDocument): void => {
      const category = stored.document.category.slug;
      counts.categories[category] = (counts.categories[category] ?? 0) + 1;
      for (const tag of stored.tagSlugs) counts.tags[tag] = (counts.tags[tag] ?? 0) + 1;
    };
    const analyzed = this.analyzeQuery(query);
    if (analyzed.clauses.length === 0) {
      for (const stored of this.byId.values()) {
        if (passesFilters(stored, filters)) record(stored);
      }
      return counts;
    }
    this.rank(analyzed, filters, 0, record);
    return counts;
  }

  private clear(): void {
    this.vocabulary.clear();
    this.postings.clear();
    this.byId.clear();
    this.byNumber = [];
    this.nextNumber = 0;
    this.fieldLengthSums.fill(0);
    this.fieldFactorsAreStale = true;
  }

  private addDocument(document: SearchDocument, deferSorting: boolean): void {
    const number = this.nextNumber++;
    const terms: string[] = [];
    const words = new Set<string>();
    const fieldLengths = new Array<number>(FIELD_COUNT).fill(0);
    const fieldTexts: readonly (readonly string[])[] = [
      [document.question],
      document.phrasings,
      document.tags.map((tag) => tag.name),
      [document.category.name],
      document.controls,
      [document.answer],
    ];
    const phraseParts: string[] = [];
    const postings = this.postings;
    const language: AnalysisLanguage = document.language ?? 'en';
    const countExact = (key: string, field: number): void => {
      let posting = postings.get(key);
      if (posting === undefined) {
        posting = new Posting();
        postings.set(key, posting);
      }
      if (posting.countOccurrence(number, field)) terms.push(key);
    };
    fieldTexts.forEach((texts, field) => {
      const collectsPhrases = field === QUESTION || field === PHRASINGS;
      const recordsExactWording = collectsPhrases && this.prefersExactWording;
      let length = 0;
      for (const text of texts) {
        const phrase: string[] = [];
        let previous = '';
        let previousEnd = 0;
        forEachWord(text, (word, slice, start) => {
          if (collectsPhrases) phrase.push(word.normalized);
          if (recordsExactWording) {
            // Stop words are never looked up alone, but still close a pair ("back up").
            if (word.terms.length > 0) countExact(toExactKey(word.normalized), field);
            const joined = joinCompound(previous, word.normalized, text.slice(previousEnd, start));
            if (joined !== undefined) {
              // "back up" in a question is the word "backup" there, stems and all.
              countExact(toExactKey(joined), field);
              for (const term of analyzeWordIn(joined, language)) countExact(term, field);
            }
            previous = word.normalized;
            previousEnd = start + slice.length;
          }
          const wordTerms = language === 'en' ? word.terms : analyzeWordIn(word.normalized, language);
          if (wordTerms.length === 0) return;
          length++;
          words.add(word.normalized);
          for (const term of wordTerms) {
            let posting = postings.get(term);
            if (posting === undefined) {
              posting = new Posting();
              postings.set(term, posting);
            }
            if (posting.countOccurrence(number, field)) terms.push(term);
          }
        });
        if (collectsPhrases) phraseParts.push(phrase.join(' '));
      }
      fieldLengths[field] = length;
      this.fieldLengthSums[field] = (this.fieldLengthSums[field] ?? 0) + length;
    });
    for (const word of words) this.vocabulary.addWord(word, deferSorting);
    const stored: StoredDocument = {
      document,
      number,
      terms,
      words: [...words],
      phraseText: ` ${phraseParts.join(' \u0001 ')} `,
      tagSlugs: new Set(document.tags.map((tag) => tag.slug)),
      fieldLengths,
    };
    this.byId.set(document.id, stored);
    this.byNumber[number] = stored;
    this.fieldFactorsAreStale = true;
  }

  private removeStored(stored: StoredDocument): void {
    for (const term of stored.terms) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      posting.removeDocument(stored.number);
      if (posting.length === 0) this.postings.delete(term);
    }
    for (const word of stored.words) this.vocabulary.removeWord(word);
    stored.fieldLengths.forEach((length, field) => {
      this.fieldLengthSums[field] = (this.fieldLengthSums[field] ?? 0) - length;
    });
    this.byId.delete(stored.document.id);
    this.byNumber[stored.number] = undefined;
    this.fieldFactorsAreStale = true;
  }

  // Document numbers only grow so postings stay sorted by appending; after heavy churn the
  // number space is renumbered once so scratch arrays stay proportional to the live set.
  private compactIfSparse(): void {
    if (this.nextNumber <= 2 * this.byId.size + 1024) return;
    this.replaceAll([...this.byId.values()].map((stored) => stored.document));
  }

  private refreshFieldFactors(): void {
    const capacity = this.nextNumber;
    if (this.totalScores.length < capacity) this.allocateScratch(capacity);
    if (!this.fieldFactorsAreStale) return;
    if (this.fieldFactors.length < capacity * FIELD_COUNT) {
      this.fieldFactors = new Float64Array(this.totalScores.length * FIELD_COUNT);
    }
    const count = Math.max(1, this.byId.size);
    const averages = Array.from(this.fieldLengthSums, (sum) => Math.max(sum / count, 1));
    for (const stored of this.byNumber) {
      if (stored === undefined) continue;
      const base = stored.number * FIELD_COUNT;
      for (let field = 0; field < FIELD_COUNT; field++) {
        const bias = FIELD_LENGTH_BIAS[field] ?? 0;
        const length = stored.fieldLengths[field] ?? 0;
        const average = averages[field] ?? 1;
        this.fieldFactors[base + field] = (FIELD_WEIGHTS[field] ?? 1) / (1 - bias + (bias * length) / average);
      }
    }
    this.fieldFactorsAreStale = false;
    this.generation++;
  }

  private allocateScratch(capacity: number): void {
    const size = Math.max(64, capacity * 2);
    this.wordScores = new Float64Array(size);
    this.alternativeScores = new Float64Array(size);
    this.alternativeCounts = new Uint8Array(size);
    this.clauseScores = new Float64Array(size);
    this.totalScores = new Float64Array(size);
    this.clauseCounts = new Uint8Array(size);
    this.wordTouched = new Int32Array(size);
    this.alternativeTouched = new Int32Array(size);
    this.clauseTouched = new Int32Array(size);
    this.totalTouched = new Int32Array(size);
    this.fieldFactorsAreStale = true;
  }

  private analyzeQuery(query: string): AnalyzedQuery {
    const text = String(query).slice(0, MAX_QUERY_CHARACTERS).replace(CONTROL_CHARACTERS, '');
    const tokens = tokenize(text);
    const words = this.prefersExactWording
      ? this.collectExactQueryWords(text, tokens)
      : collectQueryWords(tokens, this.analyzeQueryWord);
    const lastWord = words[words.length - 1];
    // As-you-type: only a word still being typed (nothing after it) is completed as a prefix.
    const prefixWord =
      lastWord !== undefined &&
      lastWord.token.end === text.length &&
      lastWord.normalized.length >= MINIMUM_PREFIX_LENGTH
        ? lastWord
        : undefined;
    const documentCount = Math.max(1, this.byId.size);
    const clauses: Clause[] = [];
    const wordTerms = words.map((word) => word.terms);
    for (let index = 0; index < words.length; ) {
      const { match, wordCount } = this.matchSynonym(words, wordTerms, index);
      const span = words.slice(index, index + wordCount);
      const literal: Alternative = {
        words: span.map((word) => this.expandWord(word, word === prefixWord, documentCount)),
        requiresAllWords: false,
      };
      const alternatives: Alternative[] = [literal];
      // A synonym must not outrank the words actually typed just because it is rarer, so its
      // rarity is capped at that of the rarest literal term present in the index.
      const literalRarity = Math.max(
        0,
        ...literal.words.flatMap((weighted) =>
          weighted.filter((entry) => entry.isLiteral).map((entry) => entry.rarity),
        ),
      );
      const rarityCap = literalRarity > 0 ? literalRarity : Number.POSITIVE_INFINITY;
      for (const phrase of match?.alternatives ?? []) {
        // A phrase counts as many words as it replaces: three words standing in for one
        // ("multi-factor authentication" for "MFA") would otherwise score three times and outrank
        // the word actually typed, and one standing in for two ("KMS") would count half.
        const weight = this.prefersExactWording ? (SYNONYM_WEIGHT * span.length) / phrase.words.length : SYNONYM_WEIGHT;
        const phraseWords = phrase.words.map((terms) =>
          this.weighTerms(new Map(terms.map((term) => [term, weight])), documentCount, rarityCap),
        );
        if (phraseWords.every((weighted) => weighted.length > 0)) {
          alternatives.push({ words: phraseWords, requiresAllWords: true });
        }
      }
      if (alternatives.some((alternative) => alternative.words.some((weighted) => weighted.length > 0))) {
        clauses.push({ alternatives });
      } else {
        // Words nothing can match still count against coverage, as a literal engine would.
        clauses.push({ alternatives: [] });
      }
      index += span.length;
    }
    const phraseTokens = tokens.slice(0, MAX_QUERY_WORDS * 2);
    const phrase = phraseTokens.length >= 2 ? ` ${phraseTokens.map((token) => token.normalized).join(' ')} ` : '';
    return { text, words, clauses, phrase, prefixWord };
  }

  /**
   * The longest synonym phrase at `start` and how many query words it covers; a token split
   * between letters and digits is tried both as its parts ("SOC 2 report") and whole ("2FA").
   */
  private matchSynonym(
    words: readonly QueryWord[],
    wordTerms: readonly (readonly string[])[],
    start: number,
  ): { match: SynonymMatch | undefined; wordCount: number } {
    const split = this.synonyms.matchPhrase(wordTerms, start);
    const first = words[start];
    if (first === undefined || !first.isPart || words[start - 1]?.token === first.token) {
      return { match: split, wordCount: split?.wordCount ?? 1 };
    }
    let partCount = 1;
    while (words[start + partCount]?.token === first.token) partCount++;
    const whole = [
      ...wordTerms.slice(0, start),
      this.analyzeQueryWord(first.token.normalized),
      ...wordTerms.slice(start + partCount),
    ];
    const joined = this.synonyms.matchPhrase(whole, start);
    const joinedCount = joined === undefined ? 0 : joined.wordCount - 1 + partCount;
    if (joined !== undefined && joinedCount >= (split?.wordCount ?? 0))
      return { match: joined, wordCount: joinedCount };
    return { match: split, wordCount: split?.wordCount ?? 1 };
  }

  private expandWord(word: QueryWord, isPrefix: boolean, documentCount: number): WeightedTerm[] {
    const weights = new Map<string, number>();
    const offer = (term: string, weight: number): void => {
      if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
    };
    for (const term of word.terms) offer(term, 1);
    if (word.joined !== undefined) for (const term of this.analyzeQueryWord(word.joined)) offer(term, 1);
    const normalized = word.normalized;
    if (isPrefix) {
      // A part of "2fa" is not a word being typed: the whole token is ("iso27" → nothing, "2f" → 2fa).
      const typed = word.isPart ? (word.joined ?? normalized) : normalized;
      for (const completion of this.vocabulary.findByPrefix(typed, PREFIX_EXPANSIONS)) {
        const weight = PREFIX_BASE_WEIGHT + (PREFIX_LENGTH_WEIGHT * typed.length) / completion.length;
        for (const term of this.analyzeQueryWord(completion)) offer(term, weight);
      }
    }
    const budget = DIGIT.test(normalized) || word.isPart ? 0 : chooseTypoBudget(normalized.length);
    if (budget > 0) {
      for (const near of this.vocabulary.findNear(normalized, budget, FUZZY_EXPANSIONS)) {
        const weight = FUZZY_WEIGHTS[near.distance] ?? 0;
        for (const term of this.analyzeQueryWord(near.word)) offer(term, weight);
      }
    }
    const weighted = this.weighTerms(weights, documentCount);
    if (this.prefersExactWording) this.addExactWordingBonus(word, weighted);
    return weighted;
  }

  // Bonus entries go last: accumulation takes the best of the other entries, then adds these.
  private addExactWordingBonus(word: QueryWord, weighted: WeightedTerm[]): void {
    let rarity = 0;
    for (const entry of weighted) if (entry.isLiteral && entry.rarity > rarity) rarity = entry.rarity;
    if (rarity === 0) return;
    const forms = word.joined === undefined ? [word.normalized] : [word.normalized, word.joined];
    for (const form of forms) {
      const posting = this.postings.get(EXACT_KEY_PREFIX + form);
      if (posting === undefined) continue;
      const factor = EXACT_WORDING_WEIGHT * rarity;
      weighted.push({ term: EXACT_KEY_PREFIX + form, posting, factor, rarity, isLiteral: false, isBonus: true });
    }
  }

  // The query's words as typed, except that a token mixing letters and digits is looked up by its
  // parts too and a name typed apart ("nis 2", "back up") by its one-word spelling too.
  private collectExactQueryWords(text: string, tokens: readonly Token[]): QueryWord[] {
    const words: QueryWord[] = [];
    for (let index = 0; index < tokens.length && words.length < MAX_QUERY_WORDS; index++) {
      const token = tokens[index];
      if (token === undefined) break;
      const parts = splitLetterDigitWord(token.normalized);
      if (parts.length > 1) {
        for (const part of parts) {
          const terms = this.analyzeQueryWord(part);
          if (terms.length > 0) words.push({ token, normalized: part, terms, joined: token.normalized, isPart: true });
        }
        continue;
      }
      const terms = this.analyzeQueryWord(token.normalized);
      if (terms.length === 0) continue;
      const before = tokens[index - 1];
      const after = tokens[index + 1];
      // "nis 2": both words also stand for the one-word spelling; so do "e" and "mail" in "e-mail".
      const joined =
        (before && joinCompound(before.normalized, token.normalized, text.slice(before.end, token.start))) ??
        (after && joinCompound(token.normalized, after.normalized, text.slice(token.end, after.start)));
      words.push({ token, normalized: token.normalized, terms, joined, isPart: false });
    }
    return words.slice(0, MAX_QUERY_WORDS);
  }

  private weighTerms(
    weights: ReadonlyMap<string, number>,
    documentCount: number,
    rarityCap = Number.POSITIVE_INFINITY,
  ): WeightedTerm[] {
    const weighted: WeightedTerm[] = [];
    for (const [term, weight] of weights) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const frequency = posting.length;
      const rarity = Math.min(rarityCap, Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5)));
      weighted.push({ term, posting, factor: weight * rarity, rarity, isLiteral: weight === 1, isBonus: false });
    }
    return weighted;
  }

  /**
   * Score every matching document, count those passing the filters, and keep the best `keep`
   * in order; `visit` sees each passing document (used for facet counting).
   */
  private rank(
    analyzed: AnalyzedQuery,
    filters: SearchFilters | undefined,
    keep: number,
    visit?: (stored: StoredDocument) => void,
  ): { ranked: RankedDocument[]; total: number } {
    this.refreshFieldFactors();
    const touchedCount = this.accumulateScores(analyzed.clauses);
    const clauseCount = analyzed.clauses.length;
    const ranked: RankedDocument[] = [];
    let total = 0;
    for (let index = 0; index < touchedCount; index++) {
      const number = this.totalTouched[index] ?? 0;
      let score = this.totalScores[number] ?? 0;
      const matched = this.clauseCounts[number] ?? 0;
      this.totalScores[number] = 0;
      this.clauseCounts[number] = 0;
      const stored = this.byNumber[number];
      if (stored === undefined || !passesFilters(stored, filters)) continue;
      total++;
      visit?.(stored);
      if (keep === 0) continue;
      score *= PARTIAL_MATCH_FLOOR + ((1 - PARTIAL_MATCH_FLOOR) * matched) / clauseCount;
      const lowest = ranked.length >= keep ? ranked[ranked.length - 1] : undefined;
      if (lowest !== undefined && score * PHRASE_BONUS < lowest.score) continue;
      if (matched === clauseCount && analyzed.phrase !== '' && stored.phraseText.includes(analyzed.phrase)) {
        score *= PHRASE_BONUS;
      }
      insertRanked(ranked, { stored, score }, keep);
    }
    return { ranked, total };
  }

  // Disjunction-max per word (over its expansions), sum per alternative, max per clause (over
  // literal and synonym alternatives), sum over clauses: a word matched several ways, or by both
  // its English and Swedish stem, is counted once.
  private accumulateScores(clauses: readonly Clause[]): number {
    const wordScores = this.wordScores;
    const alternativeScores = this.alternativeScores;
    const alternativeCounts = this.alternativeCounts;
    const clauseScores = this.clauseScores;
    const totalScores = this.totalScores;
    const clauseCounts = this.clauseCounts;
    const wordTouched = this.wordTouched;
    const alternativeTouched = this.alternativeTouched;
    const clauseTouched = this.clauseTouched;
    const totalTouched = this.totalTouched;
    let totalCount = 0;
    for (const clause of clauses) {
      let clauseCount = 0;
      for (const alternative of clause.alternatives) {
        let alternativeCount = 0;
        for (const weightedTerms of alternative.words) {
          let wordCount = 0;
          for (const { posting, factor, isBonus } of weightedTerms) {
            const documents = posting.documents;
            const saturated = this.saturate(posting);
            for (let position = 0; position < posting.length; position++) {
              const number = documents[position] ?? 0;
              const score = factor * (saturated[position] ?? 0);
              const previous = wordScores[number] ?? 0;
              if (previous === 0) {
                wordTouched[wordCount++] = number;
                wordScores[number] = score;
              } else if (isBonus) {
                wordScores[number] = previous + score;
              } else if (score > previous) {
                wordScores[number] = score;
              }
            }
          }
          for (let index = 0; index < wordCount; index++) {
            const number = wordTouched[index] ?? 0;
            if ((alternativeCounts[number] ?? 0) === 0) alternativeTouched[alternativeCount++] = number;
            alternativeScores[number] = (alternativeScores[number] ?? 0) + (wordScores[number] ?? 0);
            alternativeCounts[number] = (alternativeCounts[number] ?? 0) + 1;
            wordScores[number] = 0;
          }
        }
        const required = alternative.words.length;
        for (let index = 0; index < alternativeCount; index++) {
          const number = alternativeTouched[index] ?? 0;
          const found = alternativeCounts[number] ?? 0;
          let score = alternativeScores[number] ?? 0;
          alternativeScores[number] = 0;
          alternativeCounts[number] = 0;
          if (found < required) {
            if (alternative.requiresAllWords) continue;
            // Half of "single sign-on" is weak evidence: it must not beat a whole synonym ("SSO").
            score *= (found / required) * (found / required);
          }
          const previous = clauseScores[number] ?? 0;
          if (previous === 0) {
            clauseTouched[clauseCount++] = number;
            clauseScores[number] = score;
          } else if (score > previous) {
            clauseScores[number] = score;
          }
        }
      }
      for (let index = 0; index < clauseCount; index++) {
        const number = clauseTouched[index] ?? 0;
        if ((clauseCounts[number] ?? 0) === 0) totalTouched[totalCount++] = number;
        totalScores[number] = (totalScores[number] ?? 0) + (clauseScores[number] ?? 0);
        clauseCounts[number] = (clauseCounts[number] ?? 0) + 1;
        clauseScores[number] = 0;
      }
    }
    return totalCount;
  }

  private saturate(posting: Posting): Float32Array {
    if (posting.saturatedGeneration === this.generation && posting.saturatedFrequencies.length >= posting.length) {
      return posting.saturatedFrequencies;
    }
    const factors = this.fieldFactors;
    const documents = posting.documents;
    const frequencies = posting.frequencies;
    const saturated =
      posting.saturatedFrequencies.length >= posting.length
        ? posting.saturatedFrequencies
        : new Float32Array(posting.documents.length);
    for (let position = 0; position < posting.length; position++) {
      const base = (documents[position] ?? 0) * FIELD_COUNT;
      let weightedFrequency = 0;
      for (
        let field = 0, packed = frequencies[position] ?? 0;
        packed !== 0;
        field++, packed >>>= FIELD_FREQUENCY_BITS
      ) {
        const frequency = packed & MAX_FIELD_FREQUENCY;
        if (frequency !== 0) weightedFrequency += frequency * (factors[base + field] ?? 0);
      }
      saturated[position] = (weightedFrequency * (SATURATION + 1)) / (SATURATION + weightedFrequency);
    }
    posting.saturatedFrequencies = saturated;
    posting.saturatedGeneration = this.generation;
    return saturated;
  }

  private buildHit(entry: RankedDocument, analyzed: AnalyzedQuery, highlights: boolean): SearchHit {
    const { stored, score } = entry;
    const matched = new Set<string>();
    for (const clause of analyzed.clauses) {
      for (const alternative of clause.alternatives) {
        const found = alternative.words.map((weightedTerms) =>
          weightedTerms
            .filter(({ posting, isBonus }) => !isBonus && posting.findDocument(stored.number) >= 0)
            .map(({ term }) => term),
        );
        if (alternative.requiresAllWords && found.some((terms) => terms.length === 0)) continue;
        for (const terms of found) for (const term of terms) matched.add(term);
      }
    }
    const document = stored.document;
    if (!highlights) return { id: document.id, score, matchedTerms: [...matched].sort(), question: [], snippet: [] };
    let snippet = selectSnippet(document.answer, matched);
    if (snippet.matchCount === 0) {
      for (const phrasing of document.phrasings) {
        const candidate = selectSnippet(phrasing, matched);
        if (candidate.matchCount > snippet.matchCount) snippet = candidate;
      }
    }
    return {
      id: document.id,
      score,
      matchedTerms: [...matched].sort(),
      question: highlightText(document.question, matched),
      snippet: snippet.segments,
    };
  }

  private suggestCorrections(analyzed: AnalyzedQuery): string[] {
    type Candidate = { replacements: { token: Token; word: string }[]; cost: number };
    let beams: Candidate[] = [{ replacements: [], cost: 0 }];
    let corrected = false;
    for (const word of analyzed.words) {
      if (!this.isUnknown(word, word === analyzed.prefixWord)) continue;
      const budget = chooseTypoBudget(word.token.normalized.length);
      const near = this.vocabulary.findNear(word.token.normalized, budget, MAX_SUGGESTIONS);
      if (near.length === 0) continue;
      corrected = true;
      const next: Candidate[] = [];
      for (const beam of beams) {
        for (const option of near) {
          next.push({
            replacements: [...beam.replacements, { token: word.token, word: option.word }],
            // Distance decides; among equals, the more common word is the likelier intent.
            cost: beam.cost + option.distance - Math.log1p(option.documentCount) / 1000,
          });
        }
      }
      beams = next.sort((left, right) => left.cost - right.cost).slice(0, MAX_SUGGESTIONS);
    }
    if (!corrected) return [];
    const suggestions: string[] = [];
    for (const beam of beams) {
      let text = '';
      let cursor = 0;
      for (const { token, word } of beam.replacements) {
        text += analyzed.text.slice(cursor, token.start) + word;
        cursor = token.end;
      }
      text += analyzed.text.slice(cursor);
      const suggestion = text.trim().replace(/\s+/g, ' ');
      if (!suggestions.includes(suggestion)) suggestions.push(suggestion);
    }
    return suggestions;
  }

  private isUnknown(word: QueryWord, isPrefix: boolean): boolean {
    if (word.isPart) return false;
    const normalized = word.normalized;
    if (DIGIT.test(normalized) || this.vocabulary.hasWord(normalized)) return false;
    if (word.terms.some((term) => this.postings.has(term))) return false;
    return !(isPrefix && this.vocabulary.findByPrefix(normalized, 1, 1).length > 0);
  }
}

/** Build the public site's index over the given documents: default synonyms, exact wording preferred. */
export function createSearchIndex(
  documents: readonly SearchDocument[],
  options: { language?: AnalysisLanguage } = {},
): SearchIndex {
  const index = new SearchIndex({ prefersExactWording: true, language: options.language });
  index.replaceAll(documents);
  return index;
}

function collectQueryWords(tokens: readonly Token[], analyze: (normalized: string) => readonly string[]): QueryWord[] {
  const words: QueryWord[] = [];
  for (const token of tokens) {
    const terms = analyze(token.normalized);
    if (terms.length === 0) continue;
    words.push({ token, normalized: token.normalized, terms, joined: undefined, isPart: false });
    if (words.length >= MAX_QUERY_WORDS) break;
  }
  return words;
}

/**
 * The one-word spelling of two neighbouring words, when writers use both: joined by a hyphen
 * ("back-up", "e-mail"), a name and its number ("SOC 2"), or a verb and its particle ("back up").
 */
function joinCompound(left: string, right: string, separator: string): string | undefined {
  if (left === '' || right === '') return undefined;
  if (separator !== ' ') {
    if (HYPHENS.test(separator)) return left + right;
    if (!SPACES.test(separator)) return undefined;
  }
  if (isLetterDigitPair(left, right)) return left + right;
  if (PARTICLES.has(right) && left.length >= 2 && !DIGIT.test(left) && !isStopWord(left)) return left + right;
  return undefined;
}

function passesFilters(stored: StoredDocument, filters: SearchFilters | undefined): boolean {
  if (filters === undefined) return true;
  if (filters.category !== undefined && stored.document.category.slug !== filters.category) return false;
  if (filters.tags !== undefined) {
    for (const tag of filters.tags) if (!stored.tagSlugs.has(tag)) return false;
  }
  return true;
}

// Ranked lists are short (a page plus its offset), so sorted insertion beats a heap in practice.
function insertRanked(ranked: RankedDocument[], entry: RankedDocument, keep: number): void {
  const last = ranked[ranked.length - 1];
  if (ranked.length >= keep && last !== undefined && !ranksBefore(entry, last)) return;
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = ranked[middle];
    if (candidate !== undefined && ranksBefore(candidate, entry)) low = middle + 1;
    else high = middle;
  }
  ranked.splice(low, 0, entry);
  if (ranked.length > keep) ranked.length = keep;
}

function ranksBefore(left: RankedDocument, right: RankedDocument): boolean {
  if (left.score !== right.score) return left.score > right.score;
  return left.stored.document.id < right.stored.document.id;
}

function clampInteger(value: number | undefined, fallback: number, minimum: number, maximum: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(maximum, Math.max(minimum, Math.floor(value)));
}
