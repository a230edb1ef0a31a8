import type { Confidence } from '../domain/questionnaire.js';

export type { Confidence } from '../domain/questionnaire.js';

/** Score and margin thresholds of the confidence bands. */
export interface ConfidenceThresholds {
  /** Minimum score and margin over the runner-up for `high`. */
  high: { score: number; margin: number };
  /** Minimum score and margin for `medium`. */
  medium: { score: number; margin: number };
  /** Minimum score for `low`; below it the candidate is `none`. */
  low: { score: number };
  /**
   * What the question's own words (without its section heading or neighbours) must give the entry for
   * `high` and `medium`: a share of their weight found in the entry, and the entry's rank among all
   * entries by those words alone.
   */
  evidence: { high: { share: number; rank: number }; medium: { share: number; rank: number } };
}

/** How far the question's own words, read without section or neighbours, point at a candidate. */
export interface LexicalEvidence {
  /** Share (0..1) of the weight (IDF) of the question's own content words that the entry contains. */
  share: number;
  /** The entry's rank (1 = best) among all entries by the question's own words alone. */
  rank: number;
}

/**
 * Calibrated on the MVSP v3.0 benchmark set (bench/answers.bench.ts) and checked on the NIS2
 * implementing-regulation set: see docs/questionnaire.md for the precision of each band.
 */
export const DEFAULT_CONFIDENCE_THRESHOLDS: ConfidenceThresholds = {
  high: { score: 0.6, margin: 0.1 },
  medium: { score: 0.4, margin: 0.05 },
  low: { score: 0.2 },
  evidence: { high: { share: 0.3, rank: 3 }, medium: { share: 0.15, rank: 10 } },
};

/**
 * Band a candidate from its normalised score (0..1) and its relative margin over the next
 * candidate: a strong score shared with a close runner-up is a coin toss, not a high-confidence match.
 * With `evidence`, a candidate the question's own words hardly point at is capped: section context and
 * neighbouring questions can rank an entry first, but only the question itself can make it `high`
 * (and, without any share of its words, even `medium`), so bulk acceptance never pastes one answer into
 * a run of terse questions under one heading.
 */
export function rateConfidence(
  score: number,
  margin: number,
  evidence?: LexicalEvidence,
  thresholds: ConfidenceThresholds = DEFAULT_CONFIDENCE_THRESHOLDS,
): Confidence {
  const supports = (needed: { share: number; rank: number }) =>
    evidence === undefined || (evidence.share >= needed.share && evidence.rank <= needed.rank);
  if (score >= thresholds.high.score && margin >= thresholds.high.margin && supports(thresholds.evidence.high))
    return 'high';
  if (score >= thresholds.medium.score && margin >= thresholds.medium.margin && supports(thresholds.evidence.medium))
    return 'medium';
  if (score >= thresholds.low.score) return 'low';
  return 'none';
}
