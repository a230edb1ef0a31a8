/**
 * Matching against a knowledge base nobody here wrote: does the matcher generalise beyond our own
 * example content?
 *
 *   npm run bench:frozen [-- <datasets folder>]   (default: ../shared/datasets beside the project)
 *
 * Two "frozen" libraries are built from the shared datasets, read by path and never copied:
 *
 * - **NIS2 library**: the 324 requirements of Commission Implementing Regulation (EU) 2024/2690 that
 *   carry ENISA's ISO/IEC 27001:2022 Annex A mapping. A list item ("environmental events.") means
 *   nothing without the sentence that introduces it, so an entry's question is that lead-in
 *   (`parent_context`) followed by the item, as a library written from the regulation would store it;
 *   its category is the requirement's `section`; its controls are the mapping; there is no answer text.
 * - **MVSP library**: the 76 mapped MVSP v3.0 requirements (question = requirement, category = control
 *   title, controls = the MVSP authors' mapping).
 *
 * Query sets, gold = an entry sharing an Annex A control with the query:
 * MVSP items and Annex A control titles against the NIS2 library (the direction the weights were
 * chosen on), NIS2 items and Annex A titles against the MVSP library (held out). A reworded set
 * (bench/frozen-reworded.json, questions we wrote ourselves in English and Swedish, each rewording one
 * library entry) has that entry as its gold. A second Swedish set (bench/frozen-reworded-sv.json, 65
 * questions on library items drawn at random) was written by someone who saw neither the Swedish glossary nor the
 * matcher, while the glossary was being written; it is held out on both libraries.
 *
 * Last, library questions asked inside a questionnaire's wrapping (bench/framings.ts): VSAQ + CISA as the library,
 * 40 wrappings written by someone who saw neither the matcher nor its rewriting.
 *
 * Plain BM25 is the same baseline as bench:answers (one field, lower-cased words, no stemming);
 * "BM25, our analyzer" adds the search engine's stemming and stop words and nothing else.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Confidence,
  createMatcher,
  type MatchableEntry,
  type MatcherFeatures,
  type MatcherOptions,
} from '../src/questionnaire/matcher.js';
import { createSearchIndex } from '../src/search/index.js';
import { loadFramings, loadQuestionLibrary, printFramingFigures, scoreFramings } from './framings.js';
import {
  createPlainBm25,
  createStemmedBm25,
  loadDatasetRecords,
  type RankingScores,
  scoreRankings,
  splitAnnexAControls,
} from './matching-baseline.js';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
const DEPTH = 10;

interface Library {
  name: string;
  entries: MatchableEntry[];
  controlsBySlug: Map<string, Set<string>>;
}

interface Query {
  id: string;
  /** The question alone. */
  text: string;
  /** Its heading, when the source groups questions under one. */
  section: string;
  /** Annex A controls of the query (framework sets). */
  controls: string[];
  /** The entry it rewords (reworded set). */
  gold?: string;
  language?: string;
}

/** Queries against one library. */
export interface QuerySet {
  name: string;
  library: Library;
  queries: Query[];
  /** Whether the set is a questionnaire with headings (matched with matchQuestionnaire). */
  isQuestionnaire: boolean;
  /** Whether the weights were chosen on this set's direction. */
  isHeldOut: boolean;
}

/** One set's figures. */
export interface FrozenSetFigures {
  name: string;
  items: number;
  heldOut: boolean;
  plain: RankingScores;
  stemmed: RankingScores;
  engine: RankingScores;
  layers: { label: string; scores: RankingScores }[];
  matcher: RankingScores;
  /** The matcher on the same library with its control tags removed (categories group the entries instead). */
  untagged: RankingScores;
  confidence: Record<Confidence, { count: number; correct: number }>;
}

/** Figures of the whole frozen benchmark. */
export interface FrozenFigures {
  sets: FrozenSetFigures[];
  timing: { questions: number; matcherMs: number };
}

const LAYERS: { label: string; features: Partial<MatcherFeatures> }[] = [
  {
    label: 'BM25F + rewriting',
    features: {
      expansions: false,
      controls: false,
      cooccurrence: false,
      controlProfiles: false,
      controlFeedback: false,
      sectionContext: false,
      literal: false,
    },
  },
  {
    label: '  + domain expansions',
    features: {
      controls: false,
      cooccurrence: false,
      controlProfiles: false,
      controlFeedback: false,
      sectionContext: false,
      literal: false,
    },
  },
  {
    label: '  + co-occurrence',
    features: {
      controls: false,
      controlProfiles: false,
      controlFeedback: false,
      sectionContext: false,
      literal: false,
    },
  },
  {
    label: '  + control profiles',
    features: { controls: false, controlFeedback: false, sectionContext: false, literal: false },
  },
  { label: '  + control feedback', features: { controls: false, sectionContext: false, literal: false } },
  { label: '  + literal blend', features: { controls: false, sectionContext: false } },
];

/** Build the libraries and query sets, run every system on every set. */
export async function runFrozenBenchmark(datasets: string): Promise<FrozenFigures> {
  const sets = await loadFrozenSets(datasets);
  const figures: FrozenSetFigures[] = [];
  for (const set of sets) figures.push(evaluateSet(set));
  // Timing: every framework query against the NIS2 library, as one questionnaire.
  const [first] = sets;
  const questions = sets
    .filter((set) => set.isQuestionnaire || set.name.startsWith('Annex'))
    .flatMap((set) => set.queries.map((query) => ({ text: query.text, section: query.section })));
  const started = performance.now();
  if (first !== undefined) createMatcher(first.library.entries).matchQuestionnaire(questions, 5);
  return { sets: figures, timing: { questions: questions.length, matcherMs: performance.now() - started } };
}

/** The libraries and query sets. */
export async function loadFrozenSets(datasets: string): Promise<QuerySet[]> {
  const nis2Records = (await loadDatasetRecords(datasets, 'nis2_ir_2024_2690_requirements.csv')).filter(
    (record) => splitAnnexAControls(record.iso27001_2022_annexA).length > 0,
  );
  const mvspRecords = (await loadDatasetRecords(datasets, 'mvsp_v3.0_requirements.csv')).filter(
    (record) => splitAnnexAControls(record.iso27001_2022).length > 0,
  );
  const annexRecords = await loadDatasetRecords(datasets, 'iso27001_2022_annex_a.csv');

  const nis2Library = toLibrary(
    'NIS2 library',
    nis2Records.map((record) => ({
      slug: `nis2-${record.id ?? ''}`,
      question: [record.parent_context ?? '', record.requirement ?? ''].join(' ').trim(),
      answer: '',
      alternativePhrasings: [],
      controls: splitAnnexAControls(record.iso27001_2022_annexA),
      category: record.section ?? '',
      tags: [],
    })),
  );
  const mvspLibrary = toLibrary(
    'MVSP library',
    mvspRecords.map((record) => ({
      slug: `mvsp-${record.id ?? ''}`,
      question: record.question ?? '',
      answer: '',
      alternativePhrasings: [],
      controls: splitAnnexAControls(record.iso27001_2022),
      category: record.control_title ?? '',
      tags: [],
    })),
  );

  const mvspQueries: Query[] = mvspRecords.map((record) => ({
    id: record.id ?? '',
    text: record.question ?? '',
    section: record.control_title ?? '',
    controls: splitAnnexAControls(record.iso27001_2022),
  }));
  const nis2Queries: Query[] = nis2Records.map((record) => ({
    id: record.id ?? '',
    text: record.requirement ?? '',
    section: record.section ?? '',
    controls: splitAnnexAControls(record.iso27001_2022_annexA),
  }));
  const annexQueries: Query[] = annexRecords.map((record) => ({
    id: record.id ?? '',
    text: record.title ?? '',
    section: '',
    controls: [record.id ?? ''],
  }));
  const reworded = await loadReworded([nis2Library, mvspLibrary]);
  // Swedish questions on library items drawn at random, by someone who saw neither the Swedish glossary
  // (src/questionnaire/matcher-glossary.ts) nor the matcher: nothing may be tuned on them.
  const rewordedSwedish = await loadReworded(
    [nis2Library, mvspLibrary],
    'bench/frozen-reworded-sv.json',
    'Reworded in Swedish, held out',
    true,
  );
  // Light rewording made mechanically: each library question as a questionnaire would ask it nearly word for
  // word (every third word left out). Plain BM25 is at its best here; the matcher must not fall behind it.
  const nearVerbatim = (library: Library, texts: Map<string, string>, held: boolean): QuerySet => ({
    name: `Near-verbatim → ${library.name} (every third word left out)`,
    library,
    queries: library.entries.map((entry) => ({
      id: entry.slug,
      text: dropEveryThirdWord(texts.get(entry.slug) ?? entry.question),
      section: '',
      controls: [],
      gold: entry.slug,
    })),
    isQuestionnaire: false,
    isHeldOut: held,
  });
  const nis2Texts = new Map(nis2Records.map((record) => [`nis2-${record.id ?? ''}`, record.requirement ?? '']));

  const answerable = (library: Library, queries: Query[]) =>
    queries.filter((query) => query.controls.some((control) => hasControl(library, control)));
  const sets: QuerySet[] = [
    {
      name: 'MVSP items → NIS2 library',
      library: nis2Library,
      queries: answerable(nis2Library, mvspQueries),
      isQuestionnaire: true,
      isHeldOut: false,
    },
    {
      name: 'Annex A titles → NIS2 library',
      library: nis2Library,
      queries: answerable(nis2Library, annexQueries),
      isQuestionnaire: false,
      isHeldOut: false,
    },
    {
      name: 'NIS2 items → MVSP library (held out)',
      library: mvspLibrary,
      queries: answerable(mvspLibrary, nis2Queries),
      isQuestionnaire: true,
      isHeldOut: true,
    },
    {
      name: 'Annex A titles → MVSP library (held out)',
      library: mvspLibrary,
      queries: answerable(mvspLibrary, annexQueries),
      isQuestionnaire: false,
      isHeldOut: true,
    },
    ...reworded,
    ...rewordedSwedish,
    nearVerbatim(nis2Library, nis2Texts, false),
    nearVerbatim(mvspLibrary, new Map(), true),
  ];

  return sets;
}

/** A question with every third word left out (words 3, 6, 9, …), keeping its final punctuation. */
function dropEveryThirdWord(text: string): string {
  return text
    .split(/\s+/)
    .filter((_, index) => index % 3 !== 2)
    .join(' ');
}

/** The matcher's figures on one set with the given options (for comparing weights). */
export function scoreMatcherOnSet(set: QuerySet, options: MatcherOptions = {}): RankingScores {
  const matcher = createMatcher(set.library.entries, options);
  const results = set.isQuestionnaire
    ? matcher.matchQuestionnaire(
        set.queries.map((query) => ({ text: query.text, section: query.section })),
        DEPTH,
      )
    : set.queries.map((query) => matcher.match(query.text, DEPTH));
  return scoreRankings(
    results.map((candidates) => candidates.map((candidate) => candidate.slug)),
    correctness(set),
  );
}

/** Plain BM25's figures on one set, each query typed under its heading as a person would search (the baseline). */
export function scorePlainBm25OnSet(set: QuerySet): RankingScores {
  const plainBm25 = createPlainBm25(set.library.entries);
  return scoreRankings(
    set.queries.map((query) =>
      plainBm25(query.section ? `${query.section}: ${query.text}` : query.text).slice(0, DEPTH),
    ),
    correctness(set),
  );
}

function correctness(set: QuerySet): (index: number, slug: string) => boolean {
  return (index, slug) => {
    const query = set.queries[index];
    if (query === undefined) return false;
    if (query.gold !== undefined) return slug === query.gold;
    const controls = set.library.controlsBySlug.get(slug);
    return query.controls.some((control) => controls?.has(control) ?? false);
  };
}

function evaluateSet(set: QuerySet): FrozenSetFigures {
  const { library, queries } = set;
  const isCorrect = correctness(set);
  const typed = queries.map((query) => (query.section ? `${query.section}: ${query.text}` : query.text));
  const stemmedBm25 = createStemmedBm25(library.entries);
  const engine = createSearchIndex(
    library.entries.map((entry) => ({
      id: entry.slug,
      question: entry.question,
      phrasings: entry.alternativePhrasings,
      answer: entry.answer,
      category: { slug: entry.category, name: entry.category },
      tags: [],
      controls: entry.controls,
    })),
  );
  const rankAll = (features?: Partial<MatcherFeatures>, entries: readonly MatchableEntry[] = library.entries) => {
    const matcher = createMatcher(entries, { features });
    const questionnaire = queries.map((query) => ({ text: query.text, section: query.section }));
    const results = set.isQuestionnaire
      ? matcher.matchQuestionnaire(questionnaire, DEPTH)
      : queries.map((query) => matcher.match(query.text, DEPTH));
    return results;
  };
  const slugs = (results: readonly (readonly { slug: string }[])[]) =>
    results.map((candidates) => candidates.map((candidate) => candidate.slug));
  const full = rankAll();
  const confidence: FrozenSetFigures['confidence'] = {
    high: { count: 0, correct: 0 },
    medium: { count: 0, correct: 0 },
    low: { count: 0, correct: 0 },
    none: { count: 0, correct: 0 },
  };
  full.forEach((candidates, index) => {
    const best = candidates[0];
    const band = confidence[best?.confidence ?? 'none'];
    band.count++;
    if (best !== undefined && isCorrect(index, best.slug)) band.correct++;
  });
  return {
    name: set.name,
    items: queries.length,
    heldOut: set.isHeldOut,
    plain: scorePlainBm25OnSet(set),
    stemmed: scoreRankings(
      typed.map((text) => stemmedBm25(text).slice(0, DEPTH)),
      isCorrect,
    ),
    engine: scoreRankings(
      typed.map((text) => engine.search(text, { limit: DEPTH }).hits.map((hit) => hit.id)),
      isCorrect,
    ),
    layers: LAYERS.map(({ label, features }) => ({
      label,
      scores: scoreRankings(
        queries.map((query) =>
          createMatcher(library.entries, { features })
            .match(query.section ? `${query.section}: ${query.text}` : query.text, DEPTH)
            .map((candidate) => candidate.slug),
        ),
        isCorrect,
      ),
    })),
    matcher: scoreRankings(slugs(full), isCorrect),
    // The same library as its author might keep it, without Annex A tags: the categories group the entries instead.
    untagged: scoreRankings(
      slugs(
        rankAll(
          undefined,
          library.entries.map((entry) => ({ ...entry, controls: [] })),
        ),
      ),
      isCorrect,
    ),
    confidence,
  };
}

function toLibrary(name: string, entries: MatchableEntry[]): Library {
  return { name, entries, controlsBySlug: new Map(entries.map((entry) => [entry.slug, new Set(entry.controls)])) };
}

function hasControl(library: Library, control: string): boolean {
  for (const controls of library.controlsBySlug.values()) if (controls.has(control)) return true;
  return false;
}

interface RewordedFixture {
  library: 'nis2' | 'mvsp';
  /** The id of the library row it rewords. */
  rewords: string;
  language: 'en' | 'sv';
  question: string;
}

async function loadReworded(
  libraries: readonly [Library, Library],
  file = 'bench/frozen-reworded.json',
  label = 'Reworded',
  allHeldOut = false,
): Promise<QuerySet[]> {
  const fixture: RewordedFixture[] = JSON.parse(await readFile(join(REPOSITORY, file), 'utf8'));
  const [nis2, mvsp] = libraries;
  const sets: QuerySet[] = [];
  for (const library of [nis2, mvsp]) {
    const prefix = library === nis2 ? 'nis2' : 'mvsp';
    const queries = fixture
      .filter((item) => item.library === prefix)
      .map((item) => {
        const gold = `${prefix}-${item.rewords}`;
        if (!library.controlsBySlug.has(gold))
          throw new Error(`${file}: ${gold} is not an entry of the ${library.name}`);
        return { id: gold, text: item.question, section: '', controls: [], gold, language: item.language };
      });
    const swedish = queries.filter((query) => query.language === 'sv').length;
    sets.push({
      name: `${label} → ${library.name} (${queries.length - swedish} en, ${swedish} sv)`,
      library,
      queries,
      isQuestionnaire: false,
      isHeldOut: allHeldOut || library === mvsp,
    });
  }
  return sets;
}

/** The figures as tables, BM25 beside the matcher, with the ratios the targets are stated in. */
export function printFrozenFigures(figures: FrozenFigures): void {
  console.log('A framework query is answered when the entry shares an ISO/IEC 27001:2022 Annex A control with it;');
  console.log('a reworded question only by the entry it rewords. Baselines get "heading: question" as typed.\n');
  for (const set of figures.sets) {
    console.log(`${set.name}: ${set.items} queries`);
    const rows: [string, RankingScores][] = [
      ['plain BM25', set.plain],
      ['BM25, our analyzer (stems, stop words)', set.stemmed],
      ['Tillit search engine, BM25F', set.engine],
      ...set.layers.map((layer): [string, RankingScores] => [layer.label, layer.scores]),
      ['  + section context = matcher', set.matcher],
      ['matcher, library without its control tags', set.untagged],
    ];
    console.log(`  ${'system'.padEnd(42)} ${'hit@1'.padStart(6)} ${'hit@3'.padStart(6)} ${'MRR@10'.padStart(7)}`);
    for (const [label, scores] of rows) {
      console.log(
        `  ${label.padEnd(42)} ${format(scores.hitAt1).padStart(6)} ${format(scores.hitAt3).padStart(6)} ${format(scores.mrr).padStart(7)}`,
      );
    }
    const ratio = set.matcher.hitAt1 / Math.max(set.plain.hitAt1, 1e-9);
    const gain = set.matcher.hitAt3 - set.plain.hitAt3;
    console.log(
      set.name.startsWith('Near-verbatim')
        ? `  matcher / plain BM25: hit@1 ${ratio.toFixed(2)}×, hit@3 ${gain >= 0 ? '+' : ''}${gain.toFixed(3)} (target: not below plain BM25; ${ratio >= 1 ? 'met' : 'missed'})`
        : `  matcher / plain BM25: hit@1 ${ratio.toFixed(2)}× (target ≥ 1.30×), hit@3 ${gain >= 0 ? '+' : ''}${gain.toFixed(3)} (target ≥ +0.10)`,
    );
    const bands = (Object.keys(set.confidence) as Confidence[]).map((name) => {
      const band = set.confidence[name];
      return `${name} ${band.count} (${band.count === 0 ? '–' : format(band.correct / band.count)})`;
    });
    console.log(`  confidence of the top suggestion (share correct): ${bands.join(', ')}\n`);
  }
  console.log(
    `Speed: ${figures.timing.questions} questions against the NIS2 library in ${figures.timing.matcherMs.toFixed(0)} ms, building the matcher included.`,
  );
}

function format(value: number): string {
  return value.toFixed(3);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const datasets = resolve(process.argv[2] ?? join(REPOSITORY, '../shared/datasets'));
  if (!existsSync(datasets)) {
    console.error(
      `The datasets folder ${datasets} is missing: put the shared datasets in ../shared/datasets beside the project, or pass their folder (npm run bench:frozen -- <folder>).`,
    );
    process.exitCode = 1;
  } else {
    console.log(`Matching against frozen libraries built from ${datasets}\n`);
    printFrozenFigures(await runFrozenBenchmark(datasets));
    console.log('');
    printFramingFigures(scoreFramings(await loadQuestionLibrary(datasets), await loadFramings()));
  }
}
