/**
 * Questionnaire matching benchmark: how often the matcher's top entry answers a real requirement,
 * against plain BM25 over the same entries in the same run.
 *
 *   npm run bench:answers [-- <datasets folder>]   (default: ../shared/datasets beside the project)
 *
 * Labels come from the datasets' published ISO/IEC 27001:2022 Annex A mappings: a suggestion is
 * correct when its entry's controls intersect the item's controls. The datasets are read by path and
 * never copied into the repository.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Confidence } from '../src/questionnaire/confidence.js';
import { parseCsv } from '../src/questionnaire/csv.js';
import { createMatcher, type MatchableEntry, type MatcherFeatures } from '../src/questionnaire/matcher.js';
import { createSearchIndex } from '../src/search/index.js';
import { readContentDirectory } from '../src/services/content-directory.js';
import { parseContentFiles } from '../src/services/content-format.js';
import { buildPublishedSite } from '../src/services/public-site.service.js';
import { matchingLibrary } from '../src/services/questionnaire-matching.service.js';
import { createPlainBm25 } from './matching-baseline.js';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
const DATASETS = resolve(process.argv[2] ?? join(REPOSITORY, '../shared/datasets'));
const DEPTH = 10;
const TIMED_QUESTIONS = 1_000;

interface LabelledItem {
  id: string;
  /** The item as a questionnaire shows it: its heading, then the requirement. */
  text: string;
  /** The requirement alone. */
  bareText: string;
  /** Its heading (MVSP control title, NIS2 section). */
  section: string;
  controls: string[];
}

interface LabelledSet {
  name: string;
  source: string;
  items: LabelledItem[];
  totalRows: number;
}

interface Scores {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

async function main(): Promise<void> {
  if (!existsSync(DATASETS)) {
    console.error(
      `The datasets folder ${DATASETS} is missing: put the shared datasets in ../shared/datasets beside the project, or pass their folder (npm run bench:answers -- <folder>).`,
    );
    process.exitCode = 1;
    return;
  }
  const entries = await loadEntries(join(REPOSITORY, 'content'));
  const sets = await Promise.all([loadMvsp(), loadNis2()]);
  const vsaq = await loadRecords('google_vsaq_questions.csv');
  const annexTitles = new Map(
    (await loadRecords('iso27001_2022_annex_a.csv')).map((record) => [record.id ?? '', record.title ?? '']),
  );

  const matcher = createMatcher(entries);
  const baseline = createSearchIndex(
    entries.map((entry) => ({
      id: entry.slug,
      question: entry.question,
      phrasings: entry.alternativePhrasings,
      answer: entry.answer,
      category: { slug: entry.category, name: entry.category },
      tags: entry.tags.map((tag) => ({ slug: tag, name: tag })),
      controls: entry.controls,
    })),
  );
  const controlsBySlug = new Map(entries.map((entry) => [entry.slug, new Set(entry.controls)]));
  const plainBm25 = createPlainBm25(entries);
  const rankWithPlain = (text: string) => plainBm25(text).slice(0, DEPTH);
  const rankWithSearchEngine = (text: string) => baseline.search(text, { limit: DEPTH }).hits.map((hit) => hit.id);
  const slugsOf = (candidates: readonly { slug: string }[]) => candidates.map((candidate) => candidate.slug);

  console.log(
    `Questionnaire matching: ${entries.length} published example entries and certifications (content/), datasets from ${DATASETS}`,
  );
  console.log('A suggestion is correct when its entry shares an ISO/IEC 27001:2022 Annex A control with the item.');
  console.log(
    'Plain BM25: one field (question, phrasings, answer), lower-cased words, no stemming, synonyms or stop words, k1 1.2, b 0.75.\n',
  );

  const ablations: { label: string; features: Partial<MatcherFeatures> }[] = [
    {
      label: 'BM25F + rewriting',
      features: {
        expansions: false,
        controls: false,
        cooccurrence: false,
        controlProfiles: false,
        sectionContext: false,
        controlFeedback: false,
        literal: false,
      },
    },
    {
      label: '  + domain expansions',
      features: {
        controls: false,
        cooccurrence: false,
        controlProfiles: false,
        sectionContext: false,
        controlFeedback: false,
        literal: false,
      },
    },
    {
      label: '  + co-occurrence',
      features: {
        controls: false,
        controlProfiles: false,
        sectionContext: false,
        controlFeedback: false,
        literal: false,
      },
    },
    {
      label: '  + control profiles',
      features: { controls: false, sectionContext: false, controlFeedback: false, literal: false },
    },
    { label: '  + control feedback', features: { controls: false, sectionContext: false, literal: false } },
    { label: '  + literal blend', features: { controls: false, sectionContext: false } },
  ];

  const pooled = { items: 0, ours: 0, plain: 0 };
  for (const set of sets) {
    const answerable = set.items.filter((item) => entries.some((entry) => intersects(entry.controls, item.controls)));
    console.log(
      `${set.name}: ${set.items.length} of ${set.totalRows} rows carry an Annex A mapping; ${answerable.length} of them share a control with some entry (ceiling ${format(answerable.length / set.items.length)})`,
    );
    console.log(`  source: ${set.source}`);
    const asTyped = (rank: (text: string) => string[]) => set.items.map((item) => rank(item.text));
    const plain = evaluate(set.items, asTyped(rankWithPlain), controlsBySlug);
    const engine = evaluate(set.items, asTyped(rankWithSearchEngine), controlsBySlug);
    const questionnaire = set.items.map((item) => ({ text: item.bareText, section: item.section }));
    const oursRankings = matcher.matchQuestionnaire(questionnaire, DEPTH).map(slugsOf);
    const ours = evaluate(set.items, oursRankings, controlsBySlug);
    printTable([
      ['plain BM25 (question as typed)', plain],
      ['Tillit search engine, BM25F (question as typed)', engine],
      ...ablations.map(({ label, features }): [string, Scores] => {
        const variant = createMatcher(entries, { features });
        return [
          label,
          evaluate(
            set.items,
            asTyped((text) => slugsOf(variant.match(text, DEPTH))),
            controlsBySlug,
          ),
        ];
      }),
      ['  + section context = matcher (all layers)', ours],
    ]);
    pooled.items += set.items.length;
    pooled.ours += ours.hitAt1 * set.items.length;
    pooled.plain += plain.hitAt1 * set.items.length;
    console.log(
      `  hit@1 ratio matcher / plain BM25: ${ratio(ours, plain)}× (target ≥ 1.50×); matcher / search engine: ${ratio(ours, engine)}×; hit@3 target ≥ 0.80`,
    );
    const bareOurs = evaluate(
      set.items,
      set.items.map((item) => slugsOf(matcher.match(item.bareText, DEPTH))),
      controlsBySlug,
    );
    const barePlain = evaluate(
      set.items,
      set.items.map((item) => rankWithPlain(item.bareText)),
      controlsBySlug,
    );
    console.log(
      `  one requirement alone, without heading or neighbours: matcher hit@1 ${format(bareOurs.hitAt1)} hit@3 ${format(bareOurs.hitAt3)} MRR ${format(bareOurs.mrr)} | plain BM25 hit@1 ${format(barePlain.hitAt1)} hit@3 ${format(barePlain.hitAt3)} MRR ${format(barePlain.mrr)}`,
    );
    printConfidence(set.items, matcher.matchQuestionnaire(questionnaire, 2), controlsBySlug);
    if (process.env.BENCH_MISSES === '1') printMisses(set.items, oursRankings, asTyped(rankWithPlain), controlsBySlug);
    printMissingTopics(set.items, entries, annexTitles);
    console.log('');
  }

  console.log(
    `Both sets together (${pooled.items} items): matcher hit@1 ${format(pooled.ours / pooled.items)}, plain BM25 ${format(pooled.plain / pooled.items)}, ratio ${(pooled.ours / Math.max(pooled.plain, 1e-9)).toFixed(2)}×\n`,
  );

  await printBroadSections(matcher, rankWithPlain);

  const pool = sets.flatMap((set) => set.items.map((item) => ({ text: item.bareText, section: item.section })));
  const questions = Array.from(
    { length: TIMED_QUESTIONS },
    (_, index) => pool[index % pool.length] ?? { text: '', section: '' },
  );
  const timeBaseline = measure(() => {
    for (const question of questions) plainBm25(`${question.section}: ${question.text}`);
  });
  // A fresh matcher each time, so its typo-lookup cache starts empty, as it does for each uploaded questionnaire.
  const timeMatcher = measure(() => {
    createMatcher(entries).matchQuestionnaire(questions, 5);
  });
  const started = performance.now();
  createMatcher(entries);
  const buildMs = performance.now() - started;
  console.log(
    `Speed: ${TIMED_QUESTIONS} questions in ${timeMatcher.toFixed(0)} ms with the matcher, building it included (target ≤ 2000 ms), ${timeBaseline.toFixed(0)} ms with plain BM25 (ratio ${(timeMatcher / timeBaseline).toFixed(1)}×); building the matcher takes ${buildMs.toFixed(0)} ms.\n`,
  );

  console.log('What a person sees: ten Google VSAQ questions (google/vsaq, Apache-2.0), top 3 with confidence');
  const step = Math.max(1, Math.floor(vsaq.length / 10));
  for (let index = 0; index < 10 && index * step < vsaq.length; index++) {
    const record = vsaq[index * step];
    const question = record?.question ?? '';
    const candidates = matcher.match(question, 3);
    console.log(`- ${record?.id ?? ''}: ${shorten(question, 140)}`);
    console.log(
      `    ${candidates.map((candidate) => `${candidate.slug} (${candidate.confidence}, ${candidate.score.toFixed(2)})`).join(' | ') || '(no candidate)'}`,
    );
    const best = candidates[0];
    if (best !== undefined) console.log(`    draft: ${shorten(best.draftAnswer, 100)}`);
  }
}

/**
 * MVSP and NIS2 put a handful of closely related requirements under each heading; many real
 * questionnaires do not. The CISA vendor SCRM template has sections of up to 30 questions on many
 * topics ("Information Security > Protect"). It has no published mapping, so this check uses our own
 * judgement of which example entries answer each question (bench/cisa-scrm.labels.json; questions
 * no entry answers, such as "Please describe.", are left out).
 */
async function printBroadSections(
  matcher: ReturnType<typeof createMatcher>,
  rankWithPlain: (text: string) => string[],
): Promise<void> {
  const labels: Record<string, string[]> = JSON.parse(
    await readFile(join(REPOSITORY, 'bench/cisa-scrm.labels.json'), 'utf8'),
  );
  const records = await loadRecords('cisa_vendor_scrm_template_questions.csv');
  const questions = records.map((record) => ({ text: record.question ?? '', section: record.section ?? '' }));
  const together = matcher.matchQuestionnaire(questions, 3);
  let labelled = 0;
  const hits = { together: 0, alone: 0, plain: 0, together3: 0, plain3: 0 };
  // For the confidence bands: each labelled question as an item whose "controls" are its accepted slugs.
  const asItems: LabelledItem[] = [];
  const firsts: { slug: string; confidence: Confidence }[][] = [];
  records.forEach((record, index) => {
    const accepted = labels[record.id ?? ''];
    const question = questions[index];
    if (accepted === undefined || question === undefined) return;
    labelled++;
    asItems.push({
      id: record.id ?? '',
      text: question.text,
      bareText: question.text,
      section: question.section,
      controls: accepted,
    });
    firsts.push(together[index] ?? []);
    if (accepted.includes(together[index]?.[0]?.slug ?? '')) hits.together++;
    if (accepted.includes(matcher.match(question.text, 1, { section: question.section })[0]?.slug ?? '')) hits.alone++;
    const plainRanking = rankWithPlain(`${question.section}: ${question.text}`);
    if (accepted.includes(plainRanking[0] ?? '')) hits.plain++;
    if (plainRanking.slice(0, 3).some((slug) => accepted.includes(slug))) hits.plain3++;
    if ((together[index] ?? []).some((candidate) => accepted.includes(candidate.slug))) hits.together3++;
  });
  console.log(
    `Broad sections: CISA vendor SCRM template (${records.length} questions, sections of up to 30), our labels for ${labelled} of them`,
  );
  console.log(
    `  hit@1: matcher ${format(hits.together / labelled)} | each question under its heading but without its section ${format(hits.alone / labelled)} | plain BM25 ${format(hits.plain / labelled)}`,
  );
  console.log(
    `  hit@3: matcher ${format(hits.together3 / labelled)} | plain BM25 ${format(hits.plain3 / labelled)}; hit@1 ratio ${(hits.together / Math.max(hits.plain, 1e-9)).toFixed(2)}×`,
  );
  const slugsAsControls = new Map(
    Object.values(labels)
      .flat()
      .map((slug) => [slug, new Set([slug])]),
  );
  printConfidence(asItems, firsts, slugsAsControls);
  console.log('');
}

function evaluate(
  items: readonly LabelledItem[],
  rankings: readonly (readonly string[])[],
  controlsBySlug: ReadonlyMap<string, ReadonlySet<string>>,
): Scores {
  let hitAt1 = 0;
  let hitAt3 = 0;
  let reciprocal = 0;
  items.forEach((item, index) => {
    const slugs = rankings[index] ?? [];
    const position = slugs.findIndex((slug) => item.controls.some((control) => controlsBySlug.get(slug)?.has(control)));
    if (position === 0) hitAt1++;
    if (position >= 0 && position < 3) hitAt3++;
    if (position >= 0) reciprocal += 1 / (position + 1);
  });
  const count = Math.max(1, items.length);
  return { hitAt1: hitAt1 / count, hitAt3: hitAt3 / count, mrr: reciprocal / count };
}

/** With BENCH_MISSES=1: every item the matcher misses at rank 1 ("miss") or wins over plain BM25 ("gain"). */
function printMisses(
  items: readonly LabelledItem[],
  rankings: readonly (readonly string[])[],
  plainRankings: readonly (readonly string[])[],
  controlsBySlug: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  const firstCorrect = (item: LabelledItem, slugs: readonly string[]) =>
    slugs.findIndex((slug) => item.controls.some((control) => controlsBySlug.get(slug)?.has(control)));
  items.forEach((item, index) => {
    const slugs = rankings[index] ?? [];
    const position = firstCorrect(item, slugs);
    const plainTop = plainRankings[index]?.[0] ?? '(none)';
    const plainHit = firstCorrect(item, plainRankings[index] ?? []) === 0;
    if (position === 0 && plainHit) return;
    const top = slugs[0] ?? '(none)';
    const topControls = [...(controlsBySlug.get(top) ?? [])].join(',');
    const found =
      position === 0 ? 'hit' : position < 0 ? 'not in top 10' : `first correct at ${position + 1}: ${slugs[position]}`;
    console.log(
      `  ${position === 0 ? 'gain' : 'miss'} ${item.id} [${item.controls.join(',')}] ${shorten(item.text, 90)}`,
    );
    console.log(
      `       matcher ${top} [${topControls}]; ${found}; plain BM25 ${plainHit ? 'hit' : 'miss'} ${plainTop}`,
    );
  });
}

function ratio(ours: Scores, baseline: Scores): string {
  return (ours.hitAt1 / Math.max(baseline.hitAt1, 1e-9)).toFixed(2);
}

function printTable(rows: [string, Scores][]): void {
  console.log(`  ${'system'.padEnd(46)} ${'hit@1'.padStart(6)} ${'hit@3'.padStart(6)} ${'MRR@10'.padStart(7)}`);
  for (const [label, scores] of rows) {
    console.log(
      `  ${label.padEnd(46)} ${format(scores.hitAt1).padStart(6)} ${format(scores.hitAt3).padStart(6)} ${format(scores.mrr).padStart(7)}`,
    );
  }
}

function printConfidence(
  items: readonly LabelledItem[],
  matches: readonly (readonly { slug: string; confidence: Confidence }[])[],
  controlsBySlug: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  const bands: Record<Confidence, { count: number; correct: number }> = {
    high: { count: 0, correct: 0 },
    medium: { count: 0, correct: 0 },
    low: { count: 0, correct: 0 },
    none: { count: 0, correct: 0 },
  };
  items.forEach((item, index) => {
    const best = matches[index]?.[0];
    const band = bands[best?.confidence ?? 'none'];
    band.count++;
    if (best !== undefined && item.controls.some((control) => controlsBySlug.get(best.slug)?.has(control)))
      band.correct++;
  });
  const parts = (Object.keys(bands) as Confidence[]).map((name) => {
    const band = bands[name];
    return `${name} ${band.count} (${band.count === 0 ? '–' : format(band.correct / band.count)} correct)`;
  });
  console.log(`  confidence of the top suggestion: ${parts.join(', ')}`);
}

function printMissingTopics(
  items: readonly LabelledItem[],
  entries: readonly MatchableEntry[],
  annexTitles: ReadonlyMap<string, string>,
): void {
  const covered = new Set(entries.flatMap((entry) => entry.controls));
  const missing = new Map<string, number>();
  for (const item of items) {
    if (item.controls.some((control) => covered.has(control))) continue;
    for (const control of item.controls) missing.set(control, (missing.get(control) ?? 0) + 1);
  }
  if (missing.size === 0) return;
  const list = [...missing]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 8)
    .map(([control, count]) => `${control} ${annexTitles.get(control) ?? ''} (${count})`);
  console.log(`  items no entry can answer, by control (ISO/IEC 27001:2022 Annex A titles): ${list.join('; ')}`);
}

function measure(run: () => void): number {
  run();
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * The library a questionnaire is matched against in the product (`matchingLibrary`): the published example entries
 * and the example certifications worded as questions.
 */
async function loadEntries(directory: string): Promise<MatchableEntry[]> {
  const parsed = parseContentFiles(await readContentDirectory(directory));
  if (!parsed.ok)
    throw new Error(`content/ does not parse: ${parsed.problems.map((problem) => problem.message).join('; ')}`);
  return matchingLibrary(buildPublishedSite(parsed.content, 0), 'en', new Date().toISOString().slice(0, 10));
}

async function loadRecords(file: string): Promise<Record<string, string>[]> {
  const rows = parseCsv(await readFile(join(DATASETS, file), 'utf8'), file);
  const [header, ...body] = rows;
  if (header === undefined) return [];
  return body
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

function splitControls(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((value) => value.trim())
    .filter((value) => /^A\.[5-8]\.\d{1,2}$/.test(value));
}

async function loadMvsp(): Promise<LabelledSet> {
  const records = await loadRecords('mvsp_v3.0_requirements.csv');
  const items = records
    .map((record) => ({
      id: record.id ?? '',
      text: `${record.control_title ?? ''}: ${record.question ?? ''}`,
      bareText: record.question ?? '',
      section: record.control_title ?? '',
      controls: splitControls(record.iso27001_2022),
    }))
    .filter((item) => item.controls.length > 0);
  return {
    name: 'MVSP v3.0',
    source:
      'Minimum Viable Secure Product v3.0 requirements with the MVSP authors’ ISO/IEC 27001:2022 mapping (vendorsec/mvsp, CC0-1.0)',
    items,
    totalRows: records.length,
  };
}

async function loadNis2(): Promise<LabelledSet> {
  const records = await loadRecords('nis2_ir_2024_2690_requirements.csv');
  const items = records
    .map((record) => ({
      id: record.id ?? '',
      text: record.section ? `${record.section}: ${record.requirement ?? ''}` : (record.requirement ?? ''),
      bareText: record.requirement ?? '',
      section: record.section ?? '',
      controls: splitControls(record.iso27001_2022_annexA),
    }))
    .filter((item) => item.controls.length > 0);
  return {
    name: 'NIS2 Implementing Regulation (EU) 2024/2690',
    source:
      'Commission Implementing Regulation (EU) 2024/2690 (EU legal text) with ENISA’s ISO/IEC 27001:2022 mapping from its NIS2 Technical Implementation Guidance (CC BY 4.0, attribution ENISA; converted to CSV)',
    items,
    totalRows: records.length,
  };
}

function intersects(left: readonly string[], right: readonly string[]): boolean {
  return left.some((value) => right.includes(value));
}

function format(value: number): string {
  return value.toFixed(3);
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

await main();
