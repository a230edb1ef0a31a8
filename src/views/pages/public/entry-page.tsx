import type { PublishedEntry } from '../../../domain/published-site.js';
import { formatDate, localizePath } from '../../../i18n/index.js';
import { EntryMeta } from '../../components/entry-meta.js';
import { langWhenDifferent, UntranslatedMark } from '../../components/untranslated.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** The permalink page of one entry, with its related entries. */
export function EntryPage(props: { meta: PageMeta; entry: PublishedEntry; related: PublishedEntry[] }) {
  const { meta, entry } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <article class="wrap section entry-article">
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <a href={localizePath('/', language)}>{messages.backToAll}</a> <span aria-hidden="true">›</span>{' '}
          <a
            href={localizePath(`/category/${entry.category.slug}`, language)}
            lang={langWhenDifferent(entry.category.language, language)}
          >
            {entry.category.name}
          </a>
        </nav>
        <h1 lang={langWhenDifferent(entry.language, language)}>{entry.question}</h1>
        <UntranslatedMark textLanguage={entry.language} language={language} messages={messages} />
        <EntryMeta
          category={entry.category}
          tags={entry.tags}
          lastReviewed={entry.lastReviewed}
          language={language}
          messages={messages}
        />
        <div
          class="answer"
          lang={langWhenDifferent(entry.language, language)}
          dangerouslySetInnerHTML={{ __html: entry.answerHtml }}
        />
        {entry.controls.length > 0 && (
          <section aria-labelledby="controls-title" class="controls">
            <h2 id="controls-title">{messages.controlsHeading}</h2>
            <ul class="chips">
              {entry.controls.map((control) => (
                <li>
                  <span class="chip chip-static">{control}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {entry.changeDays.length > 0 && (
          <section aria-labelledby="history-title" class="change-history">
            <h2 id="history-title">{messages.changeHistoryHeading}</h2>
            <ul>
              {entry.changeDays.map((day) => (
                <li>
                  <time datetime={day}>{formatDate(day, language)}</time>
                </li>
              ))}
            </ul>
          </section>
        )}
        {props.related.length > 0 && (
          <section aria-labelledby="related-title" class="related">
            <h2 id="related-title">{messages.relatedHeading}</h2>
            <ul>
              {props.related.map((other) => (
                <li>
                  <a
                    href={localizePath(`/faq/${other.slug}`, language)}
                    lang={langWhenDifferent(other.language, language)}
                  >
                    {other.question}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </article>
    </PublicLayout>
  );
}
