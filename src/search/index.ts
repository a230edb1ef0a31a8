/** Public surface of the in-process search engine. */

export type { Token } from './analyzer.js';
export { analyzeText, analyzeWord, isStopWord, normalizeWord, tokenize } from './analyzer.js';
export { measureEditDistance } from './edit-distance.js';
export type { SearchIndexOptions } from './search-index.js';
export { createSearchIndex, SearchIndex, SYNONYM_WEIGHT } from './search-index.js';
export { defaultSynonymGroups, SynonymTable } from './synonyms.js';
export type {
  FacetCounts,
  HighlightSegment,
  SearchDocument,
  SearchFilters,
  SearchHit,
  SearchOptions,
  SearchResult,
  SynonymGroups,
} from './types.js';
