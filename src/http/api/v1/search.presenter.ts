import { type Language, localizePath } from '../../../i18n/index.js';
import type { SearchResult } from '../../../search/index.js';
import type { PublishedSite } from '../../../services/public-site.service.js';

const NOTHING_SEARCHED: SearchResult = { hits: [], total: 0, suggestions: [] };

/**
 * JSON shape of a search answer (an empty query found nothing): plain data, highlight segments left for the client
 * to escape. `correctedQuery` names the correction whose hits these are when the query as typed found nothing.
 */
export function presentSearchResult(
  published: PublishedSite,
  query: string,
  result: SearchResult = NOTHING_SEARCHED,
  correctedQuery?: string,
  language: Language = 'en',
) {
  return {
    query,
    language,
    correctedQuery: correctedQuery ?? null,
    total: result.total,
    suggestions: result.suggestions,
    hits: result.hits.flatMap((hit) => {
      const entry = published.findEntry(hit.id);
      if (!entry) return [];
      return [
        {
          slug: entry.slug,
          url: localizePath(`/faq/${entry.slug}`, language),
          language: entry.language,
          score: Math.round(hit.score * 1000) / 1000,
          question: hit.question,
          snippet: hit.snippet,
          category: { slug: entry.category.slug, name: entry.category.name },
          tags: entry.tags.map((tag) => ({ slug: tag.slug, name: tag.name })),
        },
      ];
    }),
  };
}
