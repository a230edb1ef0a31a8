/**
 * The question's words exactly as written: a BM25 over lower-cased word forms, with no stemming, stop-word
 * removal, synonyms or field weights. A questionnaire that repeats a library's questions nearly word for word
 * is told apart by the very forms the search analysis merges or drops: "policy" against "policies", "Is that
 * process documented?" against "Is the onboarding process documented?".
 */

const K1 = 1.2;
const B = 0.75;

/** Lower-cased words and numbers of a text, in order. */
export function surfaceWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A word-form BM25 over one text per entry (by entry number). */
export interface SurfaceIndex {
  /** Each entry's score relative to the best entry's (1 for the best; absent entries share no word). */
  rank(text: string): Map<number, number>;
}

/**
 * `words` splits a text into what is counted; the word forms by default (the benchmarks' plain BM25 baseline is this
 * index over the same words).
 */
export function buildSurfaceIndex(
  texts: readonly string[],
  words: (text: string) => readonly string[] = surfaceWords,
): SurfaceIndex {
  const lengths: number[] = [];
  const postings = new Map<string, [number, number][]>();
  texts.forEach((text, number) => {
    const tokens = words(text);
    const counts = new Map<string, number>();
    for (const word of tokens) counts.set(word, (counts.get(word) ?? 0) + 1);
    lengths.push(tokens.length);
    for (const [word, count] of counts) {
      const list = postings.get(word) ?? [];
      list.push([number, count]);
      postings.set(word, list);
    }
  });
  const total = texts.length;
  const average = Math.max(lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, total), 1e-9);
  return {
    rank(text) {
      const scores = new Map<number, number>();
      for (const word of new Set(words(text))) {
        const list = postings.get(word);
        if (list === undefined) continue;
        const idf = Math.log(1 + (total - list.length + 0.5) / (list.length + 0.5));
        for (const [number, count] of list) {
          const norm = K1 * (1 - B + (B * (lengths[number] ?? 0)) / average);
          scores.set(number, (scores.get(number) ?? 0) + (idf * count * (K1 + 1)) / (count + norm));
        }
      }
      let best = 0;
      for (const value of scores.values()) best = Math.max(best, value);
      if (best > 0) for (const [number, value] of scores) scores.set(number, value / best);
      return scores;
    },
  };
}
