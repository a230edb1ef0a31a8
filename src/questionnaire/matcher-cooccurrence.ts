/**
 * The knowledge base's own vocabulary as a cheap local "semantic" layer: words that keep turning
 * up in the same entries (e.g. "offboarding" with "revoked", "laptop" with "encrypted") are
 * related in this trust center, so a query word pulls in its strongest companions at low weight.
 */

/** A related term and how strongly it is associated (normalised PMI, 0..1). */
export interface RelatedTerm {
  term: string;
  strength: number;
}

/** Construction settings for the co-occurrence table. */
export interface CooccurrenceOptions {
  /** Companions kept per term. */
  neighbours: number;
  /** Entries a pair must share; one shared entry is coincidence in a small knowledge base. */
  minimumShared: number;
  /** Normalised PMI below which a pair is not considered related. */
  minimumStrength: number;
}

const DEFAULT_OPTIONS: CooccurrenceOptions = { neighbours: 3, minimumShared: 2, minimumStrength: 0.35 };

/**
 * For every term, its top companions by normalised pointwise mutual information over entries:
 * npmi(a, b) = log(p(a,b) / (p(a) p(b))) / −log p(a,b), which is 1 for terms that always occur
 * together and 0 for independent ones.
 */
export function buildCooccurrence(
  entryTerms: readonly ReadonlySet<string>[],
  options: Partial<CooccurrenceOptions> = {},
): Map<string, RelatedTerm[]> {
  const settings = { ...DEFAULT_OPTIONS, ...options };
  const total = entryTerms.length;
  const related = new Map<string, RelatedTerm[]>();
  if (total < 2) return related;
  const documentFrequency = new Map<string, number>();
  for (const terms of entryTerms) {
    for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  // Terms in one entry only cannot reach the shared minimum; terms in most entries say nothing.
  const usable = (term: string): boolean => {
    const frequency = documentFrequency.get(term) ?? 0;
    return frequency >= settings.minimumShared && frequency <= total / 2;
  };
  const pairCounts = new Map<string, Map<string, number>>();
  for (const terms of entryTerms) {
    const kept = [...terms].filter(usable);
    for (const left of kept) {
      let row = pairCounts.get(left);
      if (row === undefined) {
        row = new Map();
        pairCounts.set(left, row);
      }
      for (const right of kept) {
        if (right !== left) row.set(right, (row.get(right) ?? 0) + 1);
      }
    }
  }
  for (const [term, row] of pairCounts) {
    const termProbability = (documentFrequency.get(term) ?? 0) / total;
    const candidates: RelatedTerm[] = [];
    for (const [other, shared] of row) {
      if (shared < settings.minimumShared) continue;
      const jointProbability = shared / total;
      const otherProbability = (documentFrequency.get(other) ?? 0) / total;
      const pmi = Math.log(jointProbability / (termProbability * otherProbability));
      const strength = pmi / -Math.log(jointProbability);
      if (strength >= settings.minimumStrength) candidates.push({ term: other, strength });
    }
    candidates.sort((left, right) => right.strength - left.strength || (left.term < right.term ? -1 : 1));
    if (candidates.length > 0) related.set(term, candidates.slice(0, settings.neighbours));
  }
  return related;
}
