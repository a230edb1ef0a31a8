/**
 * What the matching benchmarks (answers.bench.ts, frozen.bench.ts) share: the plain BM25 baseline,
 * the CSV loader for the shared datasets and the ranking measures.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../src/questionnaire/csv.js';
import type { MatchableEntry } from '../src/questionnaire/matcher.js';
import { buildSurfaceIndex } from '../src/questionnaire/matcher-literal.js';
import { analyzeText } from '../src/search/index.js';

/** hit@1, hit@3 and mean reciprocal rank over the first ten suggestions. */
export interface RankingScores {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

/**
 * Textbook Okapi BM25 over one field per entry, words lower-cased with no stemming, synonyms or stop
 * words: the baseline a search library gives out of the box.
 */
export function createPlainBm25(entries: readonly MatchableEntry[]): (text: string) => string[] {
  return createBm25(entries, (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * The same BM25 over the search engine's own index terms (English and Swedish stems, stop words
 * dropped), still with no synonyms, expansions, rewriting, controls or sections: how much of the
 * matcher's gain is the analyzer alone.
 */
export function createStemmedBm25(entries: readonly MatchableEntry[]): (text: string) => string[] {
  return createBm25(entries, analyzeText);
}

function createBm25(entries: readonly MatchableEntry[], words: (text: string) => string[]): (text: string) => string[] {
  // The same BM25 (k1 1.2, b 0.75) the matcher uses for a question's word forms, over these words.
  const index = buildSurfaceIndex(
    entries.map((entry) => [entry.question, ...entry.alternativePhrasings, entry.answer].join(' ')),
    words,
  );
  return (text) =>
    [...index.rank(text)]
      .sort(([left, leftScore], [right, rightScore]) => rightScore - leftScore || left - right)
      .map(([number]) => entries[number]?.slug ?? '');
}

/** hit@1, hit@3 and MRR@10 of rankings, where `isCorrect` says whether a slug answers item `index`. */
export function scoreRankings(
  rankings: readonly (readonly string[])[],
  isCorrect: (index: number, slug: string) => boolean,
): RankingScores {
  let hitAt1 = 0;
  let hitAt3 = 0;
  let reciprocal = 0;
  rankings.forEach((slugs, index) => {
    const position = slugs.slice(0, 10).findIndex((slug) => isCorrect(index, slug));
    if (position === 0) hitAt1++;
    if (position >= 0 && position < 3) hitAt3++;
    if (position >= 0) reciprocal += 1 / (position + 1);
  });
  const count = Math.max(1, rankings.length);
  return { hitAt1: hitAt1 / count, hitAt3: hitAt3 / count, mrr: reciprocal / count };
}

/** The rows of a dataset CSV as records keyed by the header row (blank rows skipped). */
export async function loadDatasetRecords(folder: string, file: string): Promise<Record<string, string>[]> {
  const rows = parseCsv(await readFile(join(folder, file), 'utf8'), file);
  const [header, ...body] = rows;
  if (header === undefined) return [];
  return body
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

/** The ISO/IEC 27001:2022 Annex A ids of a `;`-separated mapping cell (clause numbers dropped). */
export function splitAnnexAControls(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((value) => value.trim())
    .filter((value) => /^A\.[5-8]\.\d{1,2}$/.test(value));
}
