/** A query's total over a period. */
export interface SearchQueryTotal {
  query: string;
  searches: number;
  /** The smallest result count seen in the period (0 means it found nothing at least once). */
  fewestResults: number;
}
