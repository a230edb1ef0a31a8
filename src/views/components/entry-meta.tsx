import type { Category, Tag } from '../../domain/content.js';
import { formatDate, type Language, type Messages } from '../../i18n/index.js';

/** Category pill, tag chips and review date of an entry. */
export function EntryMeta(props: {
  category: Category;
  tags: Tag[];
  lastReviewed?: string;
  language: Language;
  messages: Messages;
}) {
  const { messages } = props;
  return (
    <div class="entry-meta">
      <a class="pill" href={`/category/${props.category.slug}`}>
        <span class="visually-hidden">{messages.category}: </span>
        {props.category.name}
      </a>
      {props.tags.length > 0 && (
        <ul class="chips" aria-label={messages.tags}>
          {props.tags.map((tag) => (
            <li>
              <a class="chip" href={`/tag/${tag.slug}`}>
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
