import { type Language, localizePath, type Messages } from '../../i18n/index.js';
import { Icon } from './icon.js';

/** The site search field; the enhancement script adds as-you-type results under it. */
export function SearchForm(props: {
  messages: Messages;
  entryCount: number;
  query?: string;
  isLive: boolean;
  id: string;
  language: Language;
}) {
  const { messages } = props;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers our visitors use; role=search is equivalent.
    <form
      class="search-form"
      role="search"
      action={localizePath('/search', props.language)}
      method="get"
      data-live-search={props.isLive ? '' : undefined}
      data-language={props.language}
    >
      <label class="visually-hidden" for={props.id}>
        {messages.searchLabel}
      </label>
      <div class="search-row">
        <input
          id={props.id}
          name="q"
          type="search"
          value={props.query ?? ''}
          placeholder={messages.searchPlaceholder(props.entryCount)}
          autocomplete="off"
          maxlength={200}
          aria-describedby={props.isLive ? `${props.id}-status` : undefined}
        />
        <button type="submit">
          <Icon name="search" />
          <span>{messages.searchButton}</span>
        </button>
      </div>
      {props.isLive && (
        <>
          <p id={`${props.id}-status`} class="visually-hidden" role="status" aria-live="polite" data-live-status="" />
          <div
            class="live-results"
            data-live-results=""
            data-label={messages.liveResults}
            data-one={messages.liveResultOne}
            data-many={messages.liveResultMany}
            data-none={messages.liveResultNone}
            data-see-all={messages.liveSeeAll}
            data-did-you-mean={messages.searchDidYouMean}
            data-showing-results-for={messages.searchShowingResultsFor}
            data-search-instead={messages.searchInsteadFor('{q}')}
            hidden
          />
        </>
      )}
    </form>
  );
}
