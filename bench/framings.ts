/**
 * Library questions asked inside a questionnaire's wrapping: a reference before them ("Ref. 4.2.1 –"), an
 * instruction after them ("If yes, please attach supporting documentation…"), an answer prompt ("(Yes/No/N/A)"), or
 * addressed to "the supplier" instead of "you". The 40 wrappings in bench/frozen-framings.json were written by
 * someone who saw neither the matcher nor its rewriting; the library is VSAQ + CISA, which nobody here wrote.
 * Only the wrapped entry counts as correct, so plain BM25, which reads the copied question's words as typed, is a
 * strong baseline: the target is not to fall below it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createMatcher, type MatchableEntry } from '../src/questionnaire/matcher.js';
import { createPlainBm25, loadDatasetRecords } from './matching-baseline.js';

export interface Framing {
  kind: 'before' | 'after' | 'both' | 'third-person';
  before: string;
  after: string;
  lowercaseFirst?: boolean;
  dropQuestionMark?: boolean;
  /** Third person only: what replaces "you" and "your". */
  subject?: string;
  possessive?: string;
}

export interface FramingFigures {
  kind: string;
  queries: number;
  matcher: number;
  plain: number;
}

const FRAMINGS = fileURLToPath(new URL('./frozen-framings.json', import.meta.url));

export async function loadFramings(): Promise<Framing[]> {
  return JSON.parse(await readFile(FRAMINGS, 'utf8')) as Framing[];
}

/**
 * VSAQ and CISA questions of 4+ words ending with "?" (under 300 characters) as an untagged library; a question whose
 * text another one repeats exactly is left out, since no matcher can tell the two apart.
 */
export async function loadQuestionLibrary(datasets: string): Promise<MatchableEntry[]> {
  const vsaq = await loadDatasetRecords(datasets, 'google_vsaq_questions.csv');
  const cisa = await loadDatasetRecords(datasets, 'cisa_vendor_scrm_template_questions.csv');
  const entries: MatchableEntry[] = [
    ...vsaq.map((record) => ({ id: `vsaq-${record.id ?? ''}`, question: record.question, category: record.domain })),
    ...cisa.map((record) => ({ id: `cisa-${record.id ?? ''}`, question: record.question, category: record.section })),
  ].map((record) => ({
    slug: record.id,
    question: record.question ?? '',
    answer: '',
    alternativePhrasings: [],
    controls: [],
    category: record.category ?? '',
    tags: [],
  }));
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const key = entry.question.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return entries.filter(
    (entry) =>
      entry.question.split(/\s+/).length >= 4 &&
      entry.question.length < 300 &&
      /\?\s*$/.test(entry.question) &&
      counts.get(entry.question.toLowerCase()) === 1,
  );
}

/** The question as the wrapping presents it. */
export function frame(framing: Framing, question: string): string {
  let text = question;
  if (framing.kind === 'third-person' && framing.subject) {
    const subject = framing.subject;
    const possessive = framing.possessive ?? `${subject}'s`;
    const capital = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);
    text = text
      .replace(/\bDo you\b/g, `Does ${subject}`)
      .replace(/\bdo you\b/g, `does ${subject}`)
      .replace(/\bAre you\b/g, `Is ${subject}`)
      .replace(/\bare you\b/g, `is ${subject}`)
      .replace(/\bHave you\b/g, `Has ${subject}`)
      .replace(/\bhave you\b/g, `has ${subject}`)
      .replace(/\bYour\b/g, capital(possessive))
      .replace(/\byour\b/g, possessive)
      .replace(/\bYou\b/g, capital(subject))
      .replace(/\byou\b/g, subject);
  }
  if (framing.dropQuestionMark) text = text.replace(/\?\s*$/, '');
  if (framing.lowercaseFirst) text = text.charAt(0).toLowerCase() + text.slice(1);
  return `${framing.before}${text}${framing.after}`;
}

/** Hit@1 of the matcher and of plain BM25 on every library question in every wrapping, by kind of wrapping. */
export function scoreFramings(entries: readonly MatchableEntry[], framings: readonly Framing[]): FramingFigures[] {
  const matcher = createMatcher(entries);
  const plain = createPlainBm25(entries);
  const byKind = new Map<string, FramingFigures>();
  const all: FramingFigures = { kind: 'all', queries: 0, matcher: 0, plain: 0 };
  for (const framing of framings) {
    const figures = byKind.get(framing.kind) ?? { kind: framing.kind, queries: 0, matcher: 0, plain: 0 };
    byKind.set(framing.kind, figures);
    for (const entry of entries) {
      const text = frame(framing, entry.question);
      const matched = matcher.match(text, 1)[0]?.slug === entry.slug ? 1 : 0;
      const typed = plain(text)[0] === entry.slug ? 1 : 0;
      for (const row of [figures, all]) {
        row.queries++;
        row.matcher += matched;
        row.plain += typed;
      }
    }
  }
  return [...byKind.values(), all].map((row) => ({
    ...row,
    matcher: row.matcher / Math.max(row.queries, 1),
    plain: row.plain / Math.max(row.queries, 1),
  }));
}

export function printFramingFigures(figures: readonly FramingFigures[]): void {
  console.log("Library questions inside a questionnaire's wrapping (VSAQ + CISA as the library, 40 wrappings written");
  console.log('by someone who saw neither the matcher nor its rewriting; only the wrapped entry is correct), hit@1:');
  console.log(
    `  ${'wrapping'.padEnd(16)} ${'queries'.padStart(8)} ${'matcher'.padStart(8)} ${'plain BM25'.padStart(11)}`,
  );
  for (const row of figures) {
    console.log(
      `  ${row.kind.padEnd(16)} ${String(row.queries).padStart(8)} ${row.matcher.toFixed(3).padStart(8)} ${row.plain.toFixed(3).padStart(11)}${row.matcher < row.plain ? '  (below plain BM25)' : ''}`,
    );
  }
}
