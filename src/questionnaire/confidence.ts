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
}

/**
 * Calibrated on the MVSP v3.0 benchmark set (bench/answers.bench.ts) and checked on the NIS2
 * implementing-regulation set: see docs/questionnaire.md for the precision of each band.
 */
export const DEFAULT_CONFIDENCE_THRESHOLDS: ConfidenceThresholds = {
  high: { score: 0.6, margin: 0.1 },
  medium: { score: 0.4, margin: 0.05 },
  low: { score: 0.2 },
};

/**
 * Band a candidate from its normalised score (0..1) and its relative margin over the next
 * candidate: a strong score shared with a close runner-up is a coin toss, not a high-confidence match.
 */
export function rateConfidence(
  score: number,
  margin: number,
  thresholds: ConfidenceThresholds = DEFAULT_CONFIDENCE_THRESHOLDS,
): Confidence {
  if (score >= thresholds.high.score && margin >= thresholds.high.margin) return 'high';
  if (score >= thresholds.medium.score && margin >= thresholds.medium.margin) return 'medium';
  if (score >= thresholds.low.score) return 'low';
  return 'none';
}
