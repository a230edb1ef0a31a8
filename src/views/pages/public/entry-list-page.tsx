import type { Tag } from '../../../domain/content.js';
import type { PublishedEntry } from '../../../domain/published-site.js';
import type { ContentLanguage } from '../../../domain/translation.js';
import { localizePath } from '../../../i18n/index.js';
import { EntryDetails } from '../../components/entry-details.js';
import { SearchForm } from '../../components/search-form.js';
import { langWhenDifferent, TextIn, UntranslatedMark } from '../../components/untranslated.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** A category or tag page: a heading, a description and its entries. */
export function EntryListPage(props: {
  meta: PageMeta;
  heading: string;
  /** On a tag page: the tag, whose name the heading wraps ("Questions tagged …"), in the language it is in. */
  tag?: { name: string; language: ContentLanguage };
  description?: string;
  /** The language of the heading's name and the description (a category's may be untranslated). */
  textLanguage?: ContentLanguage;
  entries: PublishedEntry[];
  totalEntries: number;
  otherTags?: (Tag & { language: ContentLanguage })[];
}) {
  const { meta } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <a href={localizePath('/', language)}>{messages.backToAll}</a>
        </nav>
        {props.tag ? (
          <TagHeading tag={props.tag} language={language} format={messages.tagHeading} />
        ) : (
          <h1 lang={langWhenDifferent(props.textLanguage ?? language, language)}>{props.heading}</h1>
        )}
        <UntranslatedMark
          textLanguage={props.tag?.language ?? props.textLanguage ?? language}
          language={language}
          messages={messages}
        />
        {props.description && (
          <p class="lead" lang={langWhenDifferent(props.textLanguage ?? language, language)}>
            {props.description}
          </p>
        )}
        <p class="count-line">{messages.entryCount(props.entries.length)}</p>
        <SearchForm
          messages={messages}
          entryCount={props.totalEntries}
          isLive={false}
          id="list-search"
          language={language}
        />
        {props.otherTags && props.otherTags.length > 0 && (
          <ul class="chips tag-filter" aria-label={messages.tags}>
            {props.otherTags.map((tag) => (
              <li>
                <a
                  class="chip"
                  href={localizePath(`/tag/${tag.slug}`, language)}
                  lang={langWhenDifferent(tag.language, language)}
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

/** The tag page's heading: the sentence in the page's language, the tag's name marked with its own language. */
function TagHeading(props: {
  tag: { name: string; language: ContentLanguage };
  language: ContentLanguage;
  format: (name: string) => string;
}) {
  // The catalog's sentence around a placeholder, so the name alone can carry a `lang` of its own.
  const placeholder = '\u0000';
  const [before = '', after = ''] = props.format(placeholder).split(placeholder);
  return (
    <h1>
      {before}
      <TextIn text={props.tag.name} textLanguage={props.tag.language} language={props.language} />
      {after}
    </h1>
  );
}
