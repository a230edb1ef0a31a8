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
  return (
    <details class="entry" id={entry.slug}>
      <summary>
        <EntryQuestion entry={entry} language={language} messages={messages} />
      </summary>
      <EntryBody entry={entry} language={language} messages={messages} />
    </details>
  );
}

/**
 * One FAQ entry whose answer is not on the page: a link to the entry's own page, shaped like a closed
 * disclosure. The enhancement script turns it into one that loads its answer when opened.
 */
export function EntryLink(props: { entry: PublishedEntry; language: Language; messages: Messages }) {
  const { entry, messages, language } = props;
  return (
    <div class="entry" id={entry.slug}>
      <a class="entry-link" href={localizePath(`/faq/${entry.slug}`, language)}>
        <EntryQuestion entry={entry} language={language} messages={messages} />
      </a>
    </div>
  );
}

function EntryQuestion(props: { entry: PublishedEntry; language: Language; messages: Messages }) {
  const { entry, messages, language } = props;
  return (
    <>
      <span class="entry-question" lang={langWhenDifferent(entry.language, language)}>
        {entry.question}
      </span>{' '}
      <UntranslatedMark textLanguage={entry.language} language={language} messages={messages} />
    </>
  );
}

/** What an open entry shows: the answer, its category, tags and review date, and a permalink. */
export function EntryBody(props: { entry: PublishedEntry; language: Language; messages: Messages }) {
  const { entry, messages, language } = props;
  return (
    <div class="entry-body" data-entry={entry.slug}>
      <div
        class="answer"
        lang={langWhenDifferent(entry.language, language)}
        dangerouslySetInnerHTML={{ __html: entry.answerHtml }}
      />
      <div class="entry-footer">
        <EntryMeta
          category={entry.category}
          tags={entry.tags}
          lastReviewed={entry.lastReviewed}
          language={language}
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
  );
}
