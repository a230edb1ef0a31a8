/** One trust-center entry as the search index sees it. */
export interface SearchDocument {
  /** Entry slug, unique within the index. */
  id: string;
  question: string;
  /** Alternative phrasings of the question. */
  phrasings: string[];
  /** Plain text of the Markdown answer (the caller strips Markdown). */
  answer: string;
  category: { slug: string; name: string };
  tags: { slug: string; name: string }[];
  /** ISO 27001 Annex A control ids, e.g. "A.8.24". */
  controls: string[];
  /** The language of the texts, which decides their analysis (default English). */
  language?: 'en' | 'sv';
}

/** Restrictions every hit must satisfy. */
export interface SearchFilters {
  /** Category slug the entry must belong to. */
  category?: string;
  /** Tag slugs the entry must all carry. */
  tags?: string[];
}

/** Paging and filtering for one search. */
export interface SearchOptions {
  /** Maximum hits returned (default 10, at most 100). */
  limit?: number;
  /** Number of ranked hits skipped before the page starts (default 0). */
  offset?: number;
  filters?: SearchFilters;
  /** Highlighted question and snippet per hit (default true); rankers that only need ids and terms skip them. */
  highlights?: boolean;
  /** "Did you mean" corrections (default true). */
  suggestions?: boolean;
}

/** A run of original text, flagged when it matched the query; views escape text and wrap matches in <mark>. */
export interface HighlightSegment {
  text: string;
  isMatch: boolean;
}

/** One ranked entry. */
export interface SearchHit {
  id: string;
  score: number;
  /** Index terms (stems) of this entry that matched the query or its expansions. */
  matchedTerms: string[];
  /** The whole question, segmented for highlighting. */
  question: HighlightSegment[];
  /** About 200 characters of the answer (or a phrasing) around the matches; ellipses are separate non-match segments. */
  snippet: HighlightSegment[];
}

/** A page of hits plus what the page was cut from. */
export interface SearchResult {
  hits: SearchHit[];
  /** Number of entries matching the query and filters, across all pages. */
  total: number;
  /** Whole corrected queries (at most 3) when a query word is not in the vocabulary. */
  suggestions: string[];
}

/** Number of matching entries per category slug and per tag slug. */
export interface FacetCounts {
  categories: Record<string, number>;
  tags: Record<string, number>;
}

/** Groups of interchangeable words or phrases, e.g. ["MFA", "two-factor authentication"]. */
export type SynonymGroups = readonly (readonly string[])[];
