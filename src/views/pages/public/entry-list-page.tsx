import type { Tag } from '../../../domain/content.js';
import type { PublishedEntry } from '../../../domain/published-site.js';
import { EntryDetails } from '../../components/entry-details.js';
import { SearchForm } from '../../components/search-form.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** A category or tag page: a heading, a description and its entries. */
export function EntryListPage(props: {
  meta: PageMeta;
  heading: string;
  description?: string;
  entries: PublishedEntry[];
  totalEntries: number;
  otherTags?: Tag[];
}) {
  const { meta } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <a href="/">{messages.backToAll}</a>
        </nav>
        <h1>{props.heading}</h1>
        {props.description && <p class="lead">{props.description}</p>}
        <p class="count-line">{messages.entryCount(props.entries.length)}</p>
        <SearchForm messages={messages} entryCount={props.totalEntries} isLive={false} id="list-search" />
        {props.otherTags && props.otherTags.length > 0 && (
          <ul class="chips tag-filter" aria-label={messages.tags}>
            {props.otherTags.map((tag) => (
              <li>
                <a
                  class="chip"
                  href={`/tag/${tag.slug}`}
                  aria-current={meta.path === `/tag/${tag.slug}` ? 'page' : undefined}
                >
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        )}
        <div class="faq-groups">
          {props.entries.map((entry) => (
            <EntryDetails entry={entry} language={language} messages={messages} headingLevel={2} />
          ))}
        </div>
      </div>
    </PublicLayout>
  );
}
