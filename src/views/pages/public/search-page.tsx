import type { PublishedContent, SearchRequest } from '../../../domain/published-site.js';
import { type Language, localizePath } from '../../../i18n/index.js';
import type { SearchResult } from '../../../search/index.js';
import { EntryMeta } from '../../components/entry-meta.js';
import { HighlightedText } from '../../components/highlighted-text.js';
import { SearchForm } from '../../components/search-form.js';
import { langWhenDifferent, UntranslatedMark } from '../../components/untranslated.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

function buildSearchHref(request: SearchRequest, changes: Partial<SearchRequest>, language: Language): string {
  const next = { ...request, ...changes };
  const params = new URLSearchParams();
  params.set('q', next.query);
  if (next.category) params.set('category', next.category);
  for (const tag of next.tags) params.append('tag', tag);
  if (next.page > 1) params.set('page', String(next.page));
  if (next.verbatim === true) params.set('verbatim', '1');
  return `${localizePath('/search', language)}?${params.toString()}`;
}

/**
 * The filters as one compact row under the result count: a category select, the tags behind a
 * disclosure whose summary names the chosen ones, and the button. Kept short so that on a phone the first
 * result is in view without scrolling.
 */
function SearchFilters(props: {
  published: PublishedContent;
  request: SearchRequest;
  messages: PageMeta['messages'];
  language: Language;
}) {
  const { published, request, messages, language } = props;
  const hasFilters = request.category !== undefined || request.tags.length > 0;
  const tags = published.tags.filter((tag) => tag.entryCount > 0);
  // The summary names the chosen tags, so the row says what is filtered while the list stays closed.
  const chosenTags = tags.filter((tag) => request.tags.includes(tag.slug));
  return (
    <form
      class="search-filters"
      action={localizePath('/search', language)}
      method="get"
      aria-label={messages.searchFilters}
    >
      <input type="hidden" name="q" value={request.query} />
      {request.verbatim === true && <input type="hidden" name="verbatim" value="1" />}
      <div class="filter-field">
        <label for="filter-category">{messages.filterCategory}</label>
        <select id="filter-category" name="category">
          <option value="">{messages.filterAny}</option>
          {published.categories
            .filter((category) => category.entryCount > 0)
            .map((category) => (
              <option
                value={category.slug}
                selected={category.slug === request.category}
                lang={langWhenDifferent(category.language, language)}
              >
                {category.name}
              </option>
            ))}
        </select>
      </div>
      {tags.length > 0 && (
        <details class="filter-tags">
          <summary>
            {messages.filterTags}
            {chosenTags.length > 0 && `: ${chosenTags.map((tag) => tag.name).join(', ')}`}
          </summary>
          <fieldset>
            <legend class="visually-hidden">{messages.filterTags}</legend>
            <ul class="chips">
              {tags.map((tag) => (
                <li>
                  <label class="chip chip-check" lang={langWhenDifferent(tag.language, language)}>
                    <input type="checkbox" name="tag" value={tag.slug} checked={request.tags.includes(tag.slug)} />{' '}
                    {tag.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </details>
      )}
      <button type="submit">{messages.applyFilters}</button>
      {hasFilters && (
        <a href={buildSearchHref(request, { category: undefined, tags: [], page: 1 }, language)}>
          {messages.clearFilters}
        </a>
      )}
    </form>
  );
}

/** Search results with highlighted snippets, filters, pagination and a helpful empty state. */
export function SearchPage(props: {
  meta: PageMeta;
  published: PublishedContent;
  request: SearchRequest;
  result: SearchResult | undefined;
  /** The correction searched instead, when the query as typed found nothing. */
  correctedQuery?: string | undefined;
}) {
  const { meta, published, request, result, correctedQuery } = props;
  const { messages, language } = meta;
  const pages = result ? Math.max(1, Math.ceil(result.total / request.pageSize)) : 1;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <h1>{messages.searchHeading}</h1>
        <SearchForm
          messages={messages}
          entryCount={published.entries.length}
          query={request.query}
          isLive={false}
          id="page-search"
          language={language}
        />
        {result === undefined && <p class="search-empty">{messages.searchEmpty}</p>}
        {result !== undefined && result.total > 0 && (
          <section aria-labelledby="results-title">
            <h2 id="results-title" class="results-title">
              {messages.searchResultsFor(correctedQuery ?? request.query, result.total)}
            </h2>
            <SearchFilters published={published} request={request} messages={messages} language={language} />
            {correctedQuery !== undefined && (
              <p class="search-correction">
                {messages.searchShowingResultsFor} <strong>{correctedQuery}</strong>.{' '}
                <a href={buildSearchHref(request, { page: 1, verbatim: true }, language)}>
                  {messages.searchInsteadFor(request.query)}
                </a>
              </p>
            )}
            <ol class="results">
              {result.hits.map((hit) => {
                const entry = published.findEntry(hit.id);
                if (!entry) return null;
                return (
                  <li class="result">
                    <h3 class="result-title">
                      <a
                        href={localizePath(`/faq/${entry.slug}`, language)}
                        lang={langWhenDifferent(entry.language, language)}
                      >
                        <HighlightedText segments={hit.question} />
                      </a>{' '}
                      <UntranslatedMark textLanguage={entry.language} language={language} messages={messages} />
                    </h3>
                    <p class="snippet" lang={langWhenDifferent(entry.language, language)}>
                      <HighlightedText segments={hit.snippet} />
                    </p>
                    <EntryMeta category={entry.category} tags={entry.tags} language={language} messages={messages} />
                  </li>
                );
              })}
            </ol>
            {pages > 1 && (
              <nav class="pagination" aria-label={messages.pagination}>
                {request.page > 1 && (
                  <a href={buildSearchHref(request, { page: request.page - 1 }, language)} rel="prev">
                    {messages.previousPage}
                  </a>
                )}
                <span>{messages.pageOf(request.page, pages)}</span>
                {request.page < pages && (
                  <a href={buildSearchHref(request, { page: request.page + 1 }, language)} rel="next">
                    {messages.nextPage}
                  </a>
                )}
              </nav>
            )}
          </section>
        )}
        {result !== undefined && result.total === 0 && (
          <section class="no-results" aria-labelledby="results-title">
            <h2 id="results-title" class="results-title">
              {messages.searchNoResults(request.query)}
            </h2>
            {(request.category !== undefined || request.tags.length > 0) && (
              <SearchFilters published={published} request={request} messages={messages} language={language} />
            )}
            {result.suggestions.length > 0 && (
              <p>
                {messages.searchDidYouMean}{' '}
                {result.suggestions.map((suggestion, index) => (
                  <>
                    {index > 0 && ', '}
                    <a href={buildSearchHref(request, { query: suggestion, page: 1 }, language)}>{suggestion}</a>
                  </>
                ))}
                ?
              </p>
            )}
            <p>{messages.searchNoResultsHelp}</p>
            <ul class="chips">
              {published.categories
                .filter((category) => category.entryCount > 0)
                .map((category) => (
                  <li>
                    <a
                      class="chip"
                      href={localizePath(`/category/${category.slug}`, language)}
                      lang={langWhenDifferent(category.language, language)}
                    >
                      {category.name}
                    </a>
                  </li>
                ))}
            </ul>
          </section>
        )}
      </div>
    </PublicLayout>
  );
}
