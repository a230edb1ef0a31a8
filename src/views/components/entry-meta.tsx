import type { Category, Tag } from '../../domain/content.js';
import type { Localized } from '../../domain/published-site.js';
import { formatDate, type Language, localizePath, type Messages } from '../../i18n/index.js';
import { langWhenDifferent, TextIn } from './untranslated.js';

/** Category pill, tag chips and review date of an entry. */
export function EntryMeta(props: {
  category: Localized<Category>;
  tags: Localized<Tag>[];
  lastReviewed?: string;
  language: Language;
  messages: Messages;
}) {
  const { messages } = props;
  return (
    <div class="entry-meta">
      <a class="pill" href={localizePath(`/category/${props.category.slug}`, props.language)}>
        <span class="visually-hidden">{messages.category}: </span>
        <TextIn text={props.category.name} textLanguage={props.category.language} language={props.language} />
      </a>
      {props.tags.length > 0 && (
        <ul class="chips" aria-label={messages.tags}>
          {props.tags.map((tag) => (
            <li>
              <a
                class="chip"
                href={localizePath(`/tag/${tag.slug}`, props.language)}
                lang={langWhenDifferent(tag.language, props.language)}
              >
                {tag.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {props.lastReviewed && (
        <span class="reviewed">
          <time datetime={props.lastReviewed}>
            {messages.reviewedOn(formatDate(props.lastReviewed, props.language))}
          </time>
        </span>
      )}
    </div>
  );
}
