import type { PublishedEntry } from '../../domain/published-site.js';
import { type Language, localizePath, type Messages } from '../../i18n/index.js';
import { EntryMeta } from './entry-meta.js';
import { Icon } from './icon.js';
import { langWhenDifferent, UntranslatedMark } from './untranslated.js';

/** One FAQ entry as a native disclosure: works without JavaScript and with the keyboard. */
export function EntryDetails(props: {
  entry: PublishedEntry;
  language: Language;
  messages: Messages;
  headingLevel: 3 | 2;
}) {
  const { entry, messages, language } = props;
  const textLanguage = langWhenDifferent(entry.language, language);
  return (
    <details class="entry" id={entry.slug}>
      <summary>
        <span class="entry-question" lang={textLanguage}>
          {entry.question}
        </span>{' '}
        <UntranslatedMark textLanguage={entry.language} language={language} messages={messages} />
      </summary>
      <div class="entry-body">
        <div class="answer" lang={textLanguage} dangerouslySetInnerHTML={{ __html: entry.answerHtml }} />
        <div class="entry-footer">
          <EntryMeta
            category={entry.category}
            tags={entry.tags}
            lastReviewed={entry.lastReviewed}
            language={props.language}
            messages={messages}
          />
          <a
            class="permalink"
            href={localizePath(`/faq/${entry.slug}`, language)}
            aria-label={messages.permalinkTo(entry.question)}
          >
            <Icon name="link" />
          </a>
        </div>
      </div>
    </details>
  );
}
