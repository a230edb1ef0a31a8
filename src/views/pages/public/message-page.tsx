import type { PublishedEntry } from '../../../domain/published-site.js';
import { localizePath } from '../../../i18n/index.js';
import { SearchForm } from '../../components/search-form.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/**
 * A page that only says something: not found, bad request, error. A not-found page also offers the
 * search field (filled with the missing address's words) and the entries closest to them.
 */
export function MessagePage(props: {
  meta: PageMeta;
  heading: string;
  text: string;
  search?: { entryCount: number; query: string; closest: PublishedEntry[] };
}) {
  const { meta, search } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section message-page">
        <h1>{props.heading}</h1>
        <p>{props.text}</p>
        {search && (
          <>
            <p>{messages.notFoundSearch}</p>
            <SearchForm
              messages={messages}
              entryCount={search.entryCount}
              query={search.query}
              isLive={false}
              id="not-found-search"
              language={language}
            />
            {search.closest.length > 0 && (
              <section aria-labelledby="closest-title" class="closest">
                <h2 id="closest-title">{messages.notFoundClosest}</h2>
                <ul>
                  {search.closest.map((entry) => (
                    <li>
                      <a href={localizePath(`/faq/${entry.slug}`, language)}>{entry.question}</a>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
        <p>
          <a href={localizePath('/', language)}>{messages.goHome}</a>
        </p>
      </div>
    </PublicLayout>
  );
}
