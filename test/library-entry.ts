import type { MatchableEntry } from '../src/questionnaire/matcher.js';

/** A library entry of a question alone: no answer, phrasings or tags; controls and category as given. */
export function libraryEntry(
  slug: string,
  question: string,
  { controls = [], category = 'Security' }: { controls?: string[]; category?: string } = {},
): MatchableEntry {
  return { slug, question, answer: '', alternativePhrasings: [], controls, category, tags: [] };
}
