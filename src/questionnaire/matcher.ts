import type { PublishedEntry } from '../domain/published-site.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import type { SearchDocument } from '../search/index.js';
import {
  analyzeText,
  analyzeWord,
  defaultSynonymGroups,
  SearchIndex,
  SYNONYM_WEIGHT,
  SynonymTable,
  tokenize,
} from '../search/index.js';
import { type Confidence, type LexicalEvidence, rateConfidence } from './confidence.js';
import { createLanguageBridge, knownIn, readsSwedish } from './matcher-bridge.js';
import { buildCooccurrence, type RelatedTerm } from './matcher-cooccurrence.js';
import { DOMAIN_EXPANSIONS, findNis2ArticleTopics } from './matcher-expansions.js';
import { buildSurfaceIndex, surfaceWords } from './matcher-literal.js';
import {
  addressOf,
  asksForConfirmation,
  findControlIds,
  isSwedishYesNoQuestion,
  isYesNoQuestion,
  questionCore,
  rewriteQuestion,
} from './matcher-rewrite.js';

export type { Confidence } from './confidence.js';

/** A knowledge-base entry as the matcher sees it (answer as plain text). */
export interface MatchableEntry {
  slug: string;
  question: string;
  answer: string;
  alternativePhrasings: string[];
  /** ISO/IEC 27001:2022 Annex A ids, e.g. "A.8.24". */
  controls: string[];
  /** Category name. */
  category: string;
  /** Tag names. */
  tags: string[];
  /** The entry's short answer, when it has one. */
  shortAnswer?: ShortAnswer | null;
  /** What a draft is made of, as Markdown: the questionnaire wording, else the answer. */
  draftMarkdown?: string;
  /** The language of the texts above (English when omitted); Swedish texts are analyzed as Swedish. */
  language?: 'en' | 'sv';
  /** `draftMarkdown` as plain text with URLs (see withDraftTexts); without it drafts use `answer`. */
  draftText?: string;
}

/** One suggested entry for a questionnaire question. */
export interface MatchCandidate {
  slug: string;
  /** 0..1; comparable across questions, which the confidence bands rely on. */
  score: number;
  confidence: Confidence;
  reasons: {
    /** Index terms (stems) shared by the question, or its expansions, and the entry. */
    matchedTerms: string[];
    /** Annex A controls named in the question that the entry carries. */
    controls: string[];
  };
  /** The entry's answer, led by "Yes." or "No." when the question asks for one. */
  draftAnswer: string;
  /** The entry's short answer, when it has one. */
  shortAnswer?: ShortAnswer;
}

/** A question as a questionnaire presents it: its text and the section heading it sits under. */
export interface QuestionInContext {
  text: string;
  /** The section heading above the question (or its Section/Category cell), which names its topic. */
  section?: string | null | undefined;
}

/** Ranks knowledge-base entries against questionnaire questions. */
export interface Matcher {
  /** The best `top` entries for one question, best first (empty when nothing matches). */
  match(question: string, top?: number, context?: { section?: string | null | undefined }): MatchCandidate[];
  /**
   * The best `top` entries for every question of a questionnaire, in order. Questions under the same
   * heading (a run of consecutive questions with one section) are read together: what the section as a
   * whole is about re-ranks each of its questions, as a person reading the sheet would.
   */
  matchQuestionnaire(questions: readonly QuestionInContext[], top?: number): MatchCandidate[][];
}

/** Layers of the matcher, switchable so the benchmark can show what each adds. */
export interface MatcherFeatures {
  rewriting: boolean;
  expansions: boolean;
  controls: boolean;
  cooccurrence: boolean;
  /** Scores the Annex A controls (each pooled from the entries carrying it) and lifts their entries. */
  controlProfiles: boolean;
  /** Scores the section heading on its own and pools the scores of a section's questions. */
  sectionContext: boolean;
  /** Re-weights the candidates by the Annex A controls of the question's best lexical hits. */
  controlFeedback: boolean;
  /** Blends in the ranking of the question's words as written, searched without any other layer. */
  literal: boolean;
  /** Reads words the library does not know through the Swedish glossary and as compounds (matcher-bridge.ts). */
  bridge: boolean;
}

/** Construction options of a matcher. */
export interface MatcherOptions {
  /** Questions staff accepted before for an entry (by slug); they count as extra phrasings. */
  acceptedPhrasings?: ReadonlyMap<string, readonly string[]>;
  /** Defaults to every layer on. */
  features?: Partial<MatcherFeatures>;
  /** Overrides of the layer weights; the benchmark uses this to calibrate them. */
  weights?: Partial<MatcherWeights>;
}

/** Weights of the layers on top of BM25, relative to one fully matched literal query term. */
export interface MatcherWeights {
  expansion: number;
  /**
   * Share of `expansion` a self-contained question (a full question ending with "?") gets: it already
   * names its subject in the asker's words, and the domain vocabulary, written to bridge terse catalogue
   * wording, pulled such questions towards the wrong entries on a library we did not write.
   */
  expansionForFullQuestions: number;
  cooccurrence: number;
  /** Expansions accumulate over many words; their sum is damped so they re-rank rather than dominate. */
  damping: number;
  /** Added to the normalised score of an entry carrying an Annex A control the question names. */
  controlBoost: number;
  /** Added, times the best relative score of its controls' profiles, to an entry's normalised score. */
  controlProfile: number;
  /** Weight of the heading's own score next to the question's (which counts 1). */
  heading: number;
  /**
   * How much a self-contained question (a full question ending with "?") is read under its heading
   * rather than on its own; terse items and requirement statements always are (1).
   */
  headingForFullQuestions: number;
  /**
   * Weight of the section's pooled scores next to the question's (which counts 1), when all of the
   * section's questions agree; it falls with the square of their agreement.
   */
  section: number;
  /**
   * How strongly the Annex A controls of the question's leading candidates re-weight the candidates:
   * 0 leaves the scores as they are; 1 scales each candidate by the vote its best control got relative
   * to the strongest vote (a vote is the summed score of the leading candidates carrying the control).
   */
  controlFeedback: number;
  /** How much less a runner-up counts when its controls are all among those of the suggestions above it. */
  diversity: number;
  /**
   * Share of the final score taken from the question's words as written (searched with no rewriting,
   * vocabulary or control layer, relative to the best such hit), when the best such hit covers most of the
   * question (see LITERAL_COVERAGE).
   * A questionnaire that repeats a library's questions nearly word for word is ranked as plain BM25 would
   * rank it, where the layers, written to bridge different wording, had pulled siblings ahead.
   */
  literal: number;
  /**
   * Share taken, on the same condition, from the question's exact word forms (BM25 over lower-cased words, stop
   * words kept, nothing stemmed; see matcher-literal.ts), growing with the question's length: on near-verbatim
   * questions the analysis merges forms ("policy", "policies") and drops words ("that", "your") that tell
   * sibling entries apart.
   */
  literalWords: number;
}

/**
 * Calibrated on the MVSP set by bench/answers.bench.ts, checked on NIS2; `expansionForFullQuestions`,
 * `controlFeedback` and `diversity` were chosen on the NIS2-library sets of bench/frozen.bench.ts (a
 * library we did not write), with its MVSP-library sets held out.
 */
export const DEFAULT_MATCHER_WEIGHTS: MatcherWeights = {
  expansion: 0.5,
  expansionForFullQuestions: 0.75,
  cooccurrence: 0.15,
  damping: 0,
  controlBoost: 0.3,
  controlProfile: 0.1,
  heading: 0.2,
  headingForFullQuestions: 0.3,
  section: 0.7,
  controlFeedback: 0.1,
  diversity: 0.25,
  literal: 0.3,
  literalWords: 0.5,
};

// The literal blend starts where the best literal hit covers this share of the question and is whole from `full` on.
const LITERAL_COVERAGE = { from: 0.3, full: 0.6 } as const;
// The word-form ranking starts to count from this many words in the question and counts whole from `full` on.
const LITERAL_WORDS = { from: 2, full: 8 } as const;
// ...or, whatever the question's length, from this share of its best entry's own words on (every third word left
// out keeps two thirds; a title inside a long requirement has a tenth).
const LITERAL_COPY = { from: 0.4, full: 0.6 } as const;
/**
 * A library question of at least `words` word forms counts as copied into a longer question when that question holds
 * this share of its words (nothing at 70%, fully at 90%), whatever instructions the questionnaire wrapped around it.
 */
const LITERAL_CONTAINED = { from: 0.7, full: 0.9, words: 5 } as const;
const CONTAINMENT_DEPTH = 5;

// Prefix of a category standing in for controls (no Annex A id starts with it).
const CATEGORY_GROUP = 'category:';

// Candidates the diversified suggestions are chosen from.
const DIVERSITY_POOL = 20;

// The leading candidates whose controls vote in the control feedback.
const FEEDBACK_DEPTH = 10;

// Candidates per question that feed a section's pooled scores.
const SECTION_POOL_DEPTH = 10;
// A question agrees with its section when the section's leading entry is among its own best this many.
const SECTION_AGREEMENT_DEPTH = 2;

// The lexical candidates considered per question; the expansion layer can add more.
const LEXICAL_CANDIDATES = 15;
// Normalisation: raw score per unit of query mass at which the score reaches 1 − 1/e.
const SCORE_SCALE = 0.45;
// The entry-side statistics mirror the search index's field emphasis (question over answer).
const FIELD_WEIGHTS = { question: 3, phrasings: 2, tags: 1.5, category: 1, answer: 1 } as const;
const SATURATION = 1.2;

/** Convert a published entry into the matcher's view of it. */
export function toMatchableEntry(entry: PublishedEntry): MatchableEntry {
  return {
    slug: entry.slug,
    question: entry.question,
    answer: entry.answerText,
    alternativePhrasings: entry.alternativePhrasings,
    controls: entry.controls,
    category: entry.category.name,
    tags: entry.tags.map((tag) => tag.name),
    shortAnswer: entry.shortAnswer,
    draftMarkdown: entry.questionnaireMarkdown,
    language: entry.language,
  };
}

interface CompiledRule {
  triggers: (readonly string[])[][];
  terms: string[];
}

/** Build a matcher; everything that does not depend on the question is computed here, once. */
export function createMatcher(entries: readonly MatchableEntry[], options: MatcherOptions = {}): Matcher {
  const features: MatcherFeatures = {
    rewriting: true,
    expansions: true,
    controls: true,
    cooccurrence: true,
    controlProfiles: true,
    sectionContext: true,
    controlFeedback: true,
    literal: true,
    bridge: true,
    ...options.features,
  };
  const weights: MatcherWeights = { ...DEFAULT_MATCHER_WEIGHTS, ...options.weights };
  const accepted = options.acceptedPhrasings ?? new Map<string, readonly string[]>();
  const bySlug = new Map<string, MatchableEntry>();
  for (const entry of entries) bySlug.set(entry.slug, entry);
  const documents: SearchDocument[] = [...bySlug.values()].map((entry) => ({
    id: entry.slug,
    question: entry.question,
    phrasings: [...entry.alternativePhrasings, ...(accepted.get(entry.slug) ?? [])],
    answer: entry.answer,
    category: { slug: entry.category, name: entry.category },
    tags: entry.tags.map((tag) => ({ slug: tag, name: tag })),
    controls: entry.controls,
    language: entry.language ?? 'en',
  }));
  // A library with Swedish texts is the Swedish one (English where untranslated): each query word is
  // then looked up with both analyses, as on the Swedish site.
  const language = documents.some((document) => document.language === 'sv') ? 'sv' : 'en';
  const index = new SearchIndex({ synonyms: defaultSynonymGroups, language });
  const synonyms = new SynonymTable(defaultSynonymGroups);
  index.replaceAll(documents);

  // A question is read without the questionnaire's wrapping, addressed as the library addresses its reader.
  const address = addressOf(documents.map((document) => document.question));
  const core = (text: string): string =>
    features.rewriting && text.trim() !== '' ? questionCore(text, address) : text;
  const slugs = documents.map((document) => document.id);
  const numberBySlug = new Map(slugs.map((slug, number) => [slug, number]));
  const entryList = slugs.map((slug) => bySlug.get(slug)).filter((entry) => entry !== undefined);
  const statistics = buildEntryStatistics(documents);
  const cooccurrence = buildCooccurrence(statistics.termSets);
  const rules = compileRules();
  const triggers = indexTriggers(rules);
  // The groups the control layers pool and vote by: the entries' Annex A controls, or, in a library whose author
  // tagged none (most answer libraries a company keeps), their categories.
  const isTagged = entryList.some((entry) => entry.controls.length > 0);
  const groupsOf = (entry: MatchableEntry): readonly string[] =>
    isTagged || entry.category === '' ? entry.controls : [`${CATEGORY_GROUP}${entry.category}`];
  const controlsByNumber = entryList.map((entry) => new Set(groupsOf(entry)));

  const profiles = features.controlProfiles ? buildControlProfiles(entryList, accepted, groupsOf) : undefined;
  const isKnown = knownIn(statistics.idf);
  const bridge = features.bridge
    ? createLanguageBridge({
        isKnown,
        knownTerms: [
          ...statistics.idf.keys(),
          ...defaultSynonymGroups.flatMap((group) => group.flatMap((phrase) => phrase.toLowerCase().split(/\s+/))),
        ],
        synonymFor: (normalized) => {
          const match = synonyms.matchPhrase([analyzeWord(normalized)], 0);
          return match?.alternatives.find((phrase) =>
            phrase.words.every((terms) => terms.some((term) => statistics.idf.has(term))),
          )?.text;
        },
      })
    : undefined;

  /** The question as the layers read it: requirement framing removed, unknown words bridged. */
  function prepare(question: string): string {
    const rewritten = features.rewriting ? rewriteQuestion(question) : question;
    return bridge === undefined ? rewritten : bridge.bridge(rewritten);
  }

  // Each entry's question and phrasings as sets of word forms, made when an entry first leads a literal search.
  const entrySentences = new Map<number, Set<string>[]>();
  const surface = buildSurfaceIndex(
    documents.map((document) => [document.question, ...document.phrasings, document.answer].join(' . ')),
  );

  /**
   * The terms of the synonyms of query words the knowledge base never uses ("säkerhetskopior" →
   * backup), so that a question in another language is weighed and expanded by the words its
   * synonyms bring, as the search engine already matches them, instead of by words no entry has.
   */
  function translateUnknownWords(words: readonly (readonly string[])[]): {
    translated: string[];
    replaced: Set<string>;
  } {
    const translated: string[] = [];
    const replaced = new Set<string>();
    for (let start = 0; start < words.length; start++) {
      const match = synonyms.matchPhrase(words, start);
      if (match === undefined) continue;
      const covered = words.slice(start, start + match.wordCount);
      if (covered.some((terms) => terms.some((term) => statistics.idf.has(term)))) continue;
      for (const alternative of match.alternatives) {
        for (const terms of alternative.words) translated.push(...terms.filter((term) => statistics.idf.has(term)));
      }
      for (const terms of covered) for (const term of terms) replaced.add(term);
    }
    return { translated, replaced };
  }

  /**
   * The question's synonym readings for the control profiles, which thereby read it with the same vocabulary as the
   * lexical layer: "supplier" also reaches a control whose entries say "third parties". Words no entry uses are left
   * out: their synonyms' terms already stand in for them (`translateUnknownWords`).
   */
  function synonymReadings(words: readonly (readonly string[])[], unknown: ReadonlySet<string>): SynonymReading[] {
    const readings: SynonymReading[] = [];
    for (let start = 0; start < words.length; start++) {
      const match = synonyms.matchPhrase(words, start);
      if (match === undefined) continue;
      const covered = words.slice(start, start + match.wordCount).flat();
      if (covered.every((term) => unknown.has(term))) continue;
      readings.push({
        covered,
        alternatives: match.alternatives.map((alternative) => alternative.words),
      });
    }
    return readings;
  }

  /**
   * Query mass: what a perfect match on every content word would score, so scores mean the same for a three-word
   * question and a thirty-word requirement. Terms in `leftOut` do not count.
   */
  function queryMass(terms: Iterable<string>, leftOut: ReadonlySet<string> = NO_TERMS): number {
    let mass = 0;
    for (const term of terms) {
      if (leftOut.has(term)) continue;
      mass += statistics.idf.get(term) ?? statistics.unseenIdf * 0.5;
    }
    return Math.max(mass * (SATURATION + 1), 1e-9);
  }

  /** The question's own normalised score for every entry (0 where it does not match). */
  function scoreQuestion(question: string): QuestionScores {
    const scores = new Float64Array(documents.length);
    const matched: Set<string>[] = documents.map(() => new Set<string>());
    const controls: string[][] = documents.map(() => []);
    const text = prepare(question);
    // A trailing space stops the search engine from completing the last word as a prefix.
    const hits = index.search(`${text} `, { limit: LEXICAL_CANDIDATES, highlights: false, suggestions: false }).hits;
    const raw = new Float64Array(documents.length);
    for (const hit of hits) {
      const number = numberBySlug.get(hit.id);
      if (number === undefined) continue;
      raw[number] = hit.score;
      for (const term of hit.matchedTerms) matched[number]?.add(term);
    }

    const words = analyzeWords(text);
    const translation = translateUnknownWords(words);
    const queryTerms = uniqueTerms([...words.flat(), ...translation.translated]);
    const expansion = new Map<string, number>();
    const offer = (term: string, weight: number): void => {
      if (queryTerms.has(term) || !statistics.idf.has(term)) return;
      if ((expansion.get(term) ?? 0) < weight) expansion.set(term, weight);
    };
    // A full question already names its subject in the asker's words; the vocabulary bridges terse catalogue wording.
    const expansionWeight = weights.expansion * (isSelfContained(question) ? weights.expansionForFullQuestions : 1);
    if (features.expansions) {
      for (const fired of findFiredRules(words, triggers)) {
        for (const term of rules[fired]?.terms ?? []) offer(term, expansionWeight);
      }
      for (const topic of findNis2ArticleTopics(question)) {
        for (const term of analyzeText(topic)) offer(term, expansionWeight);
      }
    }
    if (features.cooccurrence) {
      for (const term of queryTerms) {
        for (const related of cooccurrence.get(term) ?? NO_RELATED) {
          offer(related.term, weights.cooccurrence * related.strength);
        }
      }
    }
    if (expansion.size > 0) {
      const damping = 1 / (1 + weights.damping * Math.sqrt(expansion.size));
      for (const [term, weight] of expansion) {
        const postings = statistics.postings.get(term);
        if (postings === undefined) continue;
        for (const [number, strength] of postings) {
          raw[number] = (raw[number] ?? 0) + weight * strength * damping * (1 + weights.damping);
          matched[number]?.add(term);
        }
      }
    }

    // A word no entry uses counts through its synonyms' terms instead, when it has any.
    const mass = queryMass(queryTerms, translation.replaced);

    const mentioned = features.controls ? findControlIds(question) : [];
    const profileScores = profiles?.score(queryTerms, synonymReadings(words, translation.replaced));
    const literal = features.literal && weights.literal > 0 ? readLiteral(question) : undefined;
    // The control layers read a question as a topic; one copied from the library is better read by its words.
    const topical = 1 - (literal?.copied ?? 0);
    for (let number = 0; number < documents.length; number++) {
      const value = raw[number] ?? 0;
      const named = mentioned.filter((control) => controlsByNumber[number]?.has(control));
      if (value <= 0 && named.length === 0) continue;
      let score = 1 - Math.exp(-value / mass / SCORE_SCALE);
      if (named.length > 0) score += weights.controlBoost;
      if (profileScores !== undefined && value > 0) {
        let best = 0;
        for (const control of controlsByNumber[number] ?? []) best = Math.max(best, profileScores.get(control) ?? 0);
        score += weights.controlProfile * best;
      }
      scores[number] = Math.min(1, score);
      controls[number] = named;
    }
    if (literal !== undefined) blendLiteral(literal, scores);
    if (features.controlFeedback && weights.controlFeedback > 0) applyControlFeedback(scores, topical);
    return { scores, matched, controls };
  }

  /**
   * The question's words as written, searched with no rewriting, vocabulary or control layer: each entry's score
   * relative to the best such hit, and how much of the question that best hit covers (nothing below 30% of the query
   * mass, all of it from 60%). `copied` is that coverage times the length factor of the word forms: how nearly the
   * question is a library sentence copied word for word, where the layers that read past the words step back.
   */
  function readLiteral(question: string): LiteralReading | undefined {
    const hits = index.search(`${question} `, {
      limit: LEXICAL_CANDIDATES,
      highlights: false,
      suggestions: false,
    }).hits;
    const best = hits[0]?.score ?? 0;
    if (best <= 0) return undefined;
    const mass = queryMass(uniqueTerms(analyzeWords(question).flat()));
    const asked = surfaceWords(question);
    const askedWords = new Set(asked);
    // A library question found whole inside a longer one ("Do you encrypt backups? If yes, attach your policy.") is a
    // copy however many words the questionnaire wrapped around it.
    let contained = 0;
    for (const hit of hits.slice(0, CONTAINMENT_DEPTH)) {
      contained = Math.max(contained, shareOfEntryWords(askedWords, numberBySlug.get(hit.id), LITERAL_CONTAINED.words));
    }
    // Paraphrases and framework items stay mostly below 0.3 on a library we did not write, near-verbatim questions
    // above 0.5.
    const covered = Math.max(
      ramp(best / mass, LITERAL_COVERAGE.from, LITERAL_COVERAGE.full),
      ramp(contained, LITERAL_CONTAINED.from, LITERAL_CONTAINED.full),
    );
    if (covered <= 0) return undefined;
    const byAnalysis = new Float64Array(documents.length);
    for (const hit of hits) {
      const number = numberBySlug.get(hit.id);
      if (number !== undefined) byAnalysis[number] = hit.score / best;
    }
    // The exact word forms decide only once the question is a sentence: two or three words of a title are
    // better read through stems and synonyms.
    // A question asked nearly word for word counts as a sentence whatever its length: most of its best entry's own
    // words are in it ("Is that process documented?" asked as "Is that documented?").
    const sentence = Math.max(
      ramp(asked.length, LITERAL_WORDS.from, LITERAL_WORDS.full),
      ramp(shareOfEntryWords(askedWords, numberBySlug.get(hits[0]?.id ?? '')), LITERAL_COPY.from, LITERAL_COPY.full),
    );
    return { covered, copied: covered * sentence, byAnalysis, question };
  }

  /** The largest share of the words of entry `number`'s question or one of its phrasings among the `asked` ones. */
  function shareOfEntryWords(asked: ReadonlySet<string>, number: number | undefined, fewestWords = 1): number {
    if (number === undefined) return 0;
    let sentences = entrySentences.get(number);
    if (sentences === undefined) {
      const document = documents[number];
      sentences = [document?.question ?? '', ...(document?.phrasings ?? [])]
        .map((text) => new Set(surfaceWords(text)))
        .filter((words) => words.size > 0);
      entrySentences.set(number, sentences);
    }
    let best = 0;
    for (const words of sentences) {
      if (words.size < fewestWords) continue;
      let shared = 0;
      for (const word of words) if (asked.has(word)) shared++;
      best = Math.max(best, shared / words.size);
    }
    return best;
  }

  /**
   * Blends the literal reading into `scores` with weight `literal` × its coverage, and the exact word forms with
   * `literalWords` × coverage × length factor. A question asked nearly word for word thereby keeps its entry first
   * against entries the vocabulary layers lifted; a paraphrase is left to the layers.
   */
  function blendLiteral(literal: LiteralReading, scores: Float64Array): void {
    const analyzed = weights.literal * literal.covered;
    const asWritten = weights.literalWords * literal.copied;
    const byWords = asWritten > 0 ? surface.rank(literal.question) : NO_RANKS;
    for (let number = 0; number < scores.length; number++) {
      const score = scores[number] ?? 0;
      const analysis = literal.byAnalysis[number] ?? 0;
      const words = byWords.get(number) ?? 0;
      if (score > 0 || analysis > 0 || words > 0) {
        scores[number] = (1 - analyzed - asWritten) * score + analyzed * analysis + asWritten * words;
      }
    }
  }

  /**
   * Pseudo-relevance feedback over the library's own control tags: the controls carried by the question's
   * leading candidates vote, weighted by their scores, and each candidate keeps its score in proportion to
   * the vote its best control got. A candidate that matches the words but not the topic the leading
   * candidates agree on falls back; scores never rise, so confidence stays as strict as before.
   */
  function applyControlFeedback(scores: Float64Array, share: number): void {
    const leading = topNumbers(scores, FEEDBACK_DEPTH);
    let total = 0;
    const votes = new Map<string, number>();
    for (const number of leading) {
      const score = scores[number] ?? 0;
      total += score;
      for (const control of controlsByNumber[number] ?? []) votes.set(control, (votes.get(control) ?? 0) + score);
    }
    if (total <= 0 || votes.size === 0) return;
    let strongest = 0;
    for (const vote of votes.values()) strongest = Math.max(strongest, vote);
    const weight = Math.min(1, weights.controlFeedback) * share;
    for (let number = 0; number < scores.length; number++) {
      const score = scores[number] ?? 0;
      if (score <= 0) continue;
      let best = 0;
      for (const control of controlsByNumber[number] ?? []) best = Math.max(best, votes.get(control) ?? 0);
      scores[number] = score * (1 - weight + (weight * best) / strongest);
    }
  }

  /**
   * How far the question's own words (`text`, without its heading; a list item keeps its lead-in) point at
   * entry `number`: the share of their IDF weight the entry contains, and its rank among all entries by
   * those words alone. Only the leader is asked, through the per-term postings, so it costs a fraction of
   * a search.
   */
  function measureOwnEvidence(text: string, number: number): LexicalEvidence {
    const words = analyzeWords(prepare(text));
    const translation = translateUnknownWords(words);
    const units: (readonly string[])[] = [
      ...words.filter((terms) => !terms.every((term) => translation.replaced.has(term))),
      ...[...new Set(translation.translated)].map((term) => [term]),
    ];
    let total = 0;
    let found = 0;
    const strengths = new Map<number, number>();
    const seen = new Set<string>();
    for (const terms of units) {
      const key = terms.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      let weight = 0;
      const best = new Map<number, number>();
      for (const term of terms) {
        weight = Math.max(weight, statistics.idf.get(term) ?? 0);
        for (const [entry, strength] of statistics.postings.get(term) ?? []) {
          best.set(entry, Math.max(best.get(entry) ?? 0, strength));
        }
      }
      total += weight > 0 ? weight : statistics.unseenIdf * 0.5;
      if (best.has(number)) found += weight;
      for (const [entry, strength] of best) strengths.set(entry, (strengths.get(entry) ?? 0) + strength);
    }
    const own = strengths.get(number) ?? 0;
    let rank = 1;
    if (own <= 0) rank = documents.length;
    else for (const strength of strengths.values()) if (strength > own) rank++;
    return { share: total > 0 ? found / total : 0, rank };
  }

  /**
   * Orders the entries by a combined score and describes the best `top` as candidates; `ownText` is the
   * question as the confidence of the leader is checked against (its own words, without the heading).
   */
  function rank(
    question: string,
    own: QuestionScores,
    combined: Float64Array,
    top: number,
    ownText: string = question,
    asked: string = question,
  ): MatchCandidate[] {
    const scored: { number: number; score: number }[] = [];
    for (let number = 0; number < documents.length; number++) {
      const score = combined[number] ?? 0;
      if (score > 0) scored.push({ number, score });
    }
    scored.sort((left, right) => right.score - left.score || left.number - right.number);
    const isYesNo =
      isYesNoQuestion(question) ||
      asksForConfirmation(asked) ||
      (readsSwedish(question) && isSwedishYesNoQuestion(question));
    const runnerUp = scored[1]?.score ?? 0;
    const shown = weights.diversity > 0 ? diversify(scored, top) : scored.slice(0, top);
    return shown.map((candidate, position) => {
      const entry = entryList[candidate.number];
      const next = position === 0 ? runnerUp : 0;
      const best = scored[0]?.score ?? 0;
      // Only the leader can stand out; a runner-up is measured against the leader.
      const margin = position === 0 ? candidate.score - next : candidate.score - best;
      return {
        slug: slugs[candidate.number] ?? '',
        score: round(candidate.score),
        confidence: rateConfidence(
          candidate.score,
          margin,
          position === 0 ? measureOwnEvidence(ownText, candidate.number) : undefined,
        ),
        reasons: {
          matchedTerms: [...(own.matched[candidate.number] ?? [])].sort(),
          controls: own.controls[candidate.number] ?? [],
        },
        draftAnswer: draftAnswer(entry?.draftText ?? entry?.answer ?? '', isYesNo),
        ...(entry?.shortAnswer ? { shortAnswer: entry.shortAnswer } : {}),
      };
    });
  }

  /**
   * The best `top` candidates, where a runner-up that only repeats the Annex A controls of those already
   * shown counts `diversity` less: the second and third suggestions offer a person another reading of the
   * question rather than a sibling of the first. The leader is always the best-scored candidate.
   */
  function diversify(scored: readonly { number: number; score: number }[], top: number): typeof scored {
    const pool = scored.slice(0, Math.max(top, DIVERSITY_POOL));
    const chosen: { number: number; score: number }[] = [];
    const covered = new Set<string>();
    while (chosen.length < top && pool.length > 0) {
      let bestIndex = 0;
      let bestValue = -1;
      pool.forEach((candidate, index) => {
        const controls = controlsByNumber[candidate.number] ?? NO_CONTROLS;
        let repeats = controls.size > 0;
        for (const control of controls) if (!covered.has(control)) repeats = false;
        const value = candidate.score * (repeats ? 1 - weights.diversity : 1);
        if (value > bestValue) {
          bestValue = value;
          bestIndex = index;
        }
      });
      const [picked] = pool.splice(bestIndex, 1);
      if (picked === undefined) break;
      chosen.push(picked);
      for (const control of controlsByNumber[picked.number] ?? []) covered.add(control);
    }
    return chosen;
  }

  function clampTop(top: number): number {
    return Math.max(0, Math.min(100, Math.floor(top)));
  }

  function withHeading(question: string, section: string | null | undefined): string {
    const heading = section?.trim();
    return heading ? `${heading}: ${question}` : question;
  }

  /**
   * The question read under its heading, blended with the heading's own scores. A self-contained
   * question leans on its heading less: it is mostly read on its own (`alone`, its scores without
   * the heading), because broad headings ("Information Security > Protect") over full questions
   * would otherwise pull every one of them towards the same generic entries. Only such a question is
   * scored twice.
   */
  function scoreInSection(
    question: string,
    section: string | undefined,
    heading: QuestionScores | undefined,
  ): QuestionScores & { base: Float64Array } {
    if (heading === undefined || !features.sectionContext) {
      const alone = scoreQuestion(question);
      return { ...alone, base: alone.scores };
    }
    const own = scoreQuestion(withHeading(question, section));
    const share = isSelfContained(question) ? weights.headingForFullQuestions : 1;
    const alone = share < 1 ? scoreQuestion(question).scores : undefined;
    const base = new Float64Array(documents.length);
    for (let number = 0; number < documents.length; number++) {
      const underHeading =
        ((own.scores[number] ?? 0) + weights.heading * (heading.scores[number] ?? 0)) / (1 + weights.heading);
      base[number] = share * underHeading + (1 - share) * (alone?.[number] ?? 0);
    }
    return { ...own, base };
  }

  function match(asked: string, top = 5, context: { section?: string | null | undefined } = {}): MatchCandidate[] {
    const limit = clampTop(top);
    if (limit === 0 || documents.length === 0 || asked.trim() === '') return [];
    const question = core(asked);
    const section = context.section?.trim() || undefined;
    const heading = section ? scoreQuestion(section) : undefined;
    const scored = scoreInSection(question, section, heading);
    return rank(question, scored, scored.base, limit, question, asked);
  }

  function matchQuestionnaire(questions: readonly QuestionInContext[], top = 5): MatchCandidate[][] {
    const limit = clampTop(top);
    const results: MatchCandidate[][] = questions.map(() => []);
    if (limit === 0 || documents.length === 0) return results;
    for (const run of sectionRuns(questions)) {
      const section = run.section;
      const heading = section ? scoreQuestion(section) : undefined;
      const texts = run.indexes.map((index) => core(questions[index]?.text ?? ''));
      const read = features.sectionContext ? withLeadIns(texts) : texts;
      const scored = read.map((text) =>
        text.trim() === '' ? undefined : scoreInSection(text, section || undefined, heading),
      );
      const members = scored.filter((entry) => entry !== undefined);
      const pool =
        section && features.sectionContext && members.length > 1
          ? poolSection(members.map((member) => member.base))
          : undefined;
      const sectionWeight = weights.section * (pool?.agreement ?? 0) ** 2;
      run.indexes.forEach((index, position) => {
        const member = scored[position];
        if (member === undefined) return;
        const ownText = read[position] ?? '';
        if (pool === undefined) {
          results[index] = rank(texts[position] ?? '', member, member.base, limit, ownText, questions[index]?.text);
          return;
        }
        const combined = new Float64Array(documents.length);
        for (let number = 0; number < documents.length; number++) {
          const base = member.base[number] ?? 0;
          combined[number] = (base + sectionWeight * (pool.scores[number] ?? 0)) / (1 + sectionWeight);
        }
        results[index] = rank(texts[position] ?? '', member, combined, limit, ownText, questions[index]?.text);
      });
    }
    return results;
  }

  return { match, matchQuestionnaire };
}

interface QuestionScores {
  /** Normalised score per entry number. */
  scores: Float64Array;
  matched: Set<string>[];
  /** Controls named in the question that each entry carries. */
  controls: string[][];
}

// A list item: a bullet (-, >-, •, *, –), or a letter or roman numeral with a parenthesis.
const LIST_ITEM = /^(>\s*)?([-–—•*·▪]\s*|\(?[a-z]\)\s+|\(?(i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s+)/iu;

/**
 * Questionnaires split a requirement into a lead-in ending with a colon ("Include the following in
 * the notification:") and rows of list items ("- Nature of the breach"). A list item right after a
 * lead-in (or after another such item) is read with the lead-in in front, as a person reads it.
 */
export function withLeadIns(texts: readonly string[]): string[] {
  let leadIn: string | undefined;
  return texts.map((raw) => {
    const text = raw.trim();
    const item = LIST_ITEM.exec(text);
    if (leadIn !== undefined && item !== null) return `${leadIn} ${text.slice(item[0].length)}`;
    leadIn = text.endsWith(':') ? text : undefined;
    return raw;
  });
}

/**
 * The question's own words, as written, that a candidate matched (from its `reasons.matchedTerms`, which
 * are index terms such as stems): what a person can check at a glance. At most `limit`, in question order.
 */
export function matchedWords(question: string, matchedTerms: readonly string[], limit = 8): string[] {
  const terms = new Set(matchedTerms);
  const words: string[] = [];
  for (const token of tokenize(question)) {
    if (words.length >= limit) break;
    if (words.includes(token.normalized)) continue;
    if (analyzeWord(token.normalized).some((term) => terms.has(term))) words.push(token.normalized);
  }
  return words;
}

/** Consecutive questions under the same section heading. */
export function sectionRuns(questions: readonly QuestionInContext[]): { section: string; indexes: number[] }[] {
  const runs: { section: string; indexes: number[] }[] = [];
  questions.forEach((question, index) => {
    const section = question.section?.trim() ?? '';
    const last = runs.at(-1);
    if (last !== undefined && last.section === section) last.indexes.push(index);
    else runs.push({ section, indexes: [index] });
  });
  return runs;
}

// Content words from which a question that ends with "?" stands on its own ("Frequency?" does not).
const SELF_CONTAINED_WORDS = 4;

/** A full question ("Do you scan supplier software for vulnerabilities?"), not a terse item or a statement. */
export function isSelfContained(question: string): boolean {
  const text = question.trim();
  if (!text.endsWith('?')) return false;
  return new Set(analyzeWords(text).map((terms) => terms[0])).size >= SELF_CONTAINED_WORDS;
}

/**
 * What a section's questions agree on: the mean of each question's best candidates (as read under
 * the heading), and the share of questions that have the pool's leader among their own best two. A
 * section on one topic ("Logging") agrees; a broad one ("Information Security > Protect") does not,
 * and then leans on its pool far less.
 */
function poolSection(questionScores: readonly Float64Array[]): { scores: Float64Array; agreement: number } {
  const scores = new Float64Array(questionScores[0]?.length ?? 0);
  for (const own of questionScores) {
    for (const number of topNumbers(own, SECTION_POOL_DEPTH)) {
      scores[number] = (scores[number] ?? 0) + (own[number] ?? 0) / questionScores.length;
    }
  }
  const leader = topNumbers(scores, 1)[0];
  if (leader === undefined) return { scores, agreement: 0 };
  const agreeing = questionScores.filter((own) => topNumbers(own, SECTION_AGREEMENT_DEPTH).includes(leader)).length;
  return { scores, agreement: agreeing / Math.max(1, questionScores.length) };
}

function topNumbers(scores: Float64Array, depth: number): number[] {
  const numbers: number[] = [];
  for (let number = 0; number < scores.length; number++) if ((scores[number] ?? 0) > 0) numbers.push(number);
  numbers.sort((left, right) => (scores[right] ?? 0) - (scores[left] ?? 0));
  return numbers.slice(0, depth);
}

/**
 * One pseudo-document per Annex A control, pooled from the questions and phrasings of the entries
 * carrying it, scored with BM25 over index terms: a question about "redundant accounts" can find the
 * access-control entries as a group even when no single entry uses its words.
 */
function buildControlProfiles(
  entries: readonly MatchableEntry[],
  accepted: ReadonlyMap<string, readonly string[]>,
  groupsOf: (entry: MatchableEntry) => readonly string[],
): { score(terms: ReadonlySet<string>, readings: readonly SynonymReading[]): Map<string, number> } {
  const texts = new Map<string, string[]>();
  for (const entry of entries) {
    for (const control of groupsOf(entry)) {
      const list = texts.get(control) ?? [];
      list.push(entry.question, ...entry.alternativePhrasings, ...(accepted.get(entry.slug) ?? []));
      texts.set(control, list);
    }
  }
  const profiles = [...texts].map(([control, parts]) => {
    const counts = new Map<string, number>();
    let length = 0;
    for (const term of analyzeText(parts.join(' . '))) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      length++;
    }
    return { control, counts, length };
  });
  const total = profiles.length;
  const averageLength = profiles.reduce((sum, profile) => sum + profile.length, 0) / Math.max(1, total);
  const frequency = new Map<string, number>();
  for (const profile of profiles) {
    for (const term of profile.counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  // Term → (control → BM25 weight), so a query only visits the controls sharing one of its terms.
  const postings = new Map<string, [string, number][]>();
  for (const profile of profiles) {
    const norm = SATURATION * (0.25 + (0.75 * profile.length) / averageLength);
    for (const [term, count] of profile.counts) {
      const containing = frequency.get(term) ?? 0;
      const idf = Math.log(1 + (total - containing + 0.5) / (containing + 0.5));
      const list = postings.get(term) ?? [];
      list.push([profile.control, (idf * count * (SATURATION + 1)) / (count + norm)]);
      postings.set(term, list);
    }
  }
  // A synonym phrasing's score for each control: each of its words by its strongest term, at the synonym weight.
  const readAlternative = (words: readonly (readonly string[])[]): Map<string, number> => {
    const read = new Map<string, number>();
    for (const wordTerms of words) {
      const strongest = new Map<string, number>();
      for (const term of wordTerms) {
        for (const [control, weight] of postings.get(term) ?? []) {
          strongest.set(control, Math.max(strongest.get(control) ?? 0, weight));
        }
      }
      for (const [control, weight] of strongest) read.set(control, (read.get(control) ?? 0) + SYNONYM_WEIGHT * weight);
    }
    return read;
  };
  return {
    score(terms: ReadonlySet<string>, readings: readonly SynonymReading[]): Map<string, number> {
      const scores = new Map<string, number>();
      const add = (into: Map<string, number>, term: string, share: number): void => {
        for (const [control, weight] of postings.get(term) ?? [])
          into.set(control, (into.get(control) ?? 0) + share * weight);
      };
      for (const term of terms) add(scores, term, 1);
      // A synonym is another reading of the words it covers, not more evidence: a control gains only where its best
      // reading (each word by its strongest term) outscores the words as written, as the search engine ranks them.
      for (const reading of readings) {
        const asWritten = new Map<string, number>();
        for (const term of new Set(reading.covered)) add(asWritten, term, 1);
        const best = new Map<string, number>();
        for (const alternative of reading.alternatives) {
          for (const [control, value] of readAlternative(alternative)) {
            best.set(control, Math.max(best.get(control) ?? 0, value));
          }
        }
        for (const [control, value] of best) {
          const gain = value - (asWritten.get(control) ?? 0);
          if (gain > 0) scores.set(control, (scores.get(control) ?? 0) + gain);
        }
      }
      let best = 0;
      for (const value of scores.values()) best = Math.max(best, value);
      if (best > 0) for (const [control, value] of scores) scores.set(control, value / best);
      return scores;
    },
  };
}

/** Words of the question a synonym group covers, and the group's other phrasings (each a list of words' terms). */
interface SynonymReading {
  covered: readonly string[];
  alternatives: readonly (readonly (readonly string[])[])[];
}

const NO_RELATED: readonly RelatedTerm[] = [];
const NO_CONTROLS: ReadonlySet<string> = new Set();
const NO_TERMS: ReadonlySet<string> = new Set();
const NO_RANKS: ReadonlyMap<number, number> = new Map();

/** 0 up to `from`, 1 from `full`, linear between. */
function ramp(value: number, from: number, full: number): number {
  return Math.min(1, Math.max(0, (value - from) / (full - from)));
}

/**
 * The answer as a draft: a yes/no question gets a "Yes." or "No." lead when the answer starts with
 * one; any other question gets the answer without a bare "Yes." that would not fit it.
 */
export function draftAnswer(answer: string, isYesNo: boolean): string {
  const text = answer.trim();
  const lead = /^(yes|no)\b[.,!:;]?\s*/iu.exec(text);
  if (lead === null) return text;
  const word = (lead[1] ?? '').toLowerCase() === 'yes' ? 'Yes.' : 'No.';
  const rest = capitalise(text.slice(lead[0].length));
  if (isYesNo) return rest.length > 0 ? `${word} ${rest}` : word;
  return word === 'Yes.' && rest.length > 0 ? rest : text;
}

function capitalise(text: string): string {
  return text.length > 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function uniqueTerms(terms: readonly string[]): Set<string> {
  return new Set(terms);
}

// Each non-stop word of the text as its index terms, in order (stop words skipped, as the
// search engine's synonym matching does).
function analyzeWords(text: string): (readonly string[])[] {
  const words: (readonly string[])[] = [];
  for (const token of tokenize(text)) {
    const terms = analyzeWord(token.normalized);
    if (terms.length > 0) words.push(terms);
  }
  return words;
}

/** A rule's trigger, found through any index term of its first word. */
interface IndexedTrigger {
  rule: number;
  words: readonly (readonly string[])[];
}

function indexTriggers(rules: readonly CompiledRule[]): Map<string, IndexedTrigger[]> {
  const byFirstTerm = new Map<string, IndexedTrigger[]>();
  rules.forEach((rule, number) => {
    for (const words of rule.triggers) {
      for (const term of new Set(words[0] ?? [])) {
        const list = byFirstTerm.get(term) ?? [];
        list.push({ rule: number, words });
        byFirstTerm.set(term, list);
      }
    }
  });
  return byFirstTerm;
}

/** The rules with a trigger that occurs in the words (each word given as its index terms). */
function findFiredRules(
  words: readonly (readonly string[])[],
  byFirstTerm: ReadonlyMap<string, readonly IndexedTrigger[]>,
): Set<number> {
  const fired = new Set<number>();
  words.forEach((first, start) => {
    for (const term of first) {
      for (const trigger of byFirstTerm.get(term) ?? []) {
        if (!fired.has(trigger.rule) && matchesAt(words, start, trigger.words)) fired.add(trigger.rule);
      }
    }
  });
  return fired;
}

function matchesAt(
  words: readonly (readonly string[])[],
  start: number,
  sequence: readonly (readonly string[])[],
): boolean {
  if (sequence.length === 0 || start + sequence.length > words.length) return false;
  return sequence.every((wanted, offset) => {
    const present = words[start + offset] ?? [];
    return wanted.some((term) => present.includes(term));
  });
}

function compileRules(): CompiledRule[] {
  return DOMAIN_EXPANSIONS.map((rule) => ({
    triggers: rule.triggers.map((trigger) => analyzeWords(trigger)).filter((words) => words.length > 0),
    terms: [...uniqueTerms(analyzeText(rule.expansion))],
  }));
}

/** A question's words as written, read against the library (see readLiteral). */
interface LiteralReading {
  question: string;
  /** How much of the question the best literal hit covers, 0–1. */
  covered: number;
  /** `covered` times the length factor: how nearly the question is a library sentence copied word for word. */
  copied: number;
  /** Each entry's literal score relative to the best. */
  byAnalysis: Float64Array;
}

interface EntryStatistics {
  idf: Map<string, number>;
  /** Inverse document frequency of a term no entry contains. */
  unseenIdf: number;
  /** Term → (entry number → saturated, IDF-weighted strength). */
  postings: Map<string, Map<number, number>>;
  /** Distinct terms of each entry, for co-occurrence. */
  termSets: Set<string>[];
}

function buildEntryStatistics(documents: readonly SearchDocument[]): EntryStatistics {
  const frequencies: Map<string, number>[] = documents.map((document) => {
    const weighted = new Map<string, number>();
    const add = (text: string, weight: number): void => {
      for (const term of analyzeText(text)) weighted.set(term, (weighted.get(term) ?? 0) + weight);
    };
    add(document.question, FIELD_WEIGHTS.question);
    for (const phrasing of document.phrasings) add(phrasing, FIELD_WEIGHTS.phrasings);
    for (const tag of document.tags) add(tag.name, FIELD_WEIGHTS.tags);
    add(document.category.name, FIELD_WEIGHTS.category);
    add(document.answer, FIELD_WEIGHTS.answer);
    return weighted;
  });
  const total = documents.length;
  const documentFrequency = new Map<string, number>();
  for (const weighted of frequencies) {
    for (const term of weighted.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, frequency] of documentFrequency) {
    idf.set(term, Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)));
  }
  const postings = new Map<string, Map<number, number>>();
  frequencies.forEach((weighted, number) => {
    for (const [term, frequency] of weighted) {
      const strength = ((frequency * (SATURATION + 1)) / (SATURATION + frequency)) * (idf.get(term) ?? 0);
      let posting = postings.get(term);
      if (posting === undefined) {
        posting = new Map();
        postings.set(term, posting);
      }
      posting.set(number, strength);
    }
  });
  return {
    idf,
    unseenIdf: Math.log(1 + (total + 0.5) / 0.5),
    postings,
    termSets: frequencies.map((weighted) => new Set(weighted.keys())),
  };
}
