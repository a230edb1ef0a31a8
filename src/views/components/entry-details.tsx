import type { PublishedEntry } from '../../domain/published-site.js';
import type { Language, Messages } from '../../i18n/index.js';
import { EntryMeta } from './entry-meta.js';
import { Icon } from './icon.js';

/** One FAQ entry as a native disclosure: works without JavaScript and with the keyboard. */
export function EntryDetails(props: {
  entry: PublishedEntry;
  language: Language;
  messages: Messages;
  headingLevel: 3 | 2;
}) {
  const { entry, messages } = props;
  return (
    <details class="entry" id={entry.slug}>
      <summary>
        <span class="entry-question">{entry.question}</span>
      </summary>
      <div class="entry-body">
        <div class="answer" dangerouslySetInnerHTML={{ __html: entry.answerHtml }} />
        <div class="entry-footer">
          <EntryMeta
            category={entry.category}
            tags={entry.tags}
            lastReviewed={entry.lastReviewed}
            language={props.language}
            messages={messages}
          />
          <a class="permalink" href={`/faq/${entry.slug}`} aria-label={messages.permalinkTo(entry.question)}>
            <Icon name="link" />
          </a>
        </div>
      </div>
    </details>
  );
}
