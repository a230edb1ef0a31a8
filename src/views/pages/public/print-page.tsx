import type { PublishedContent } from '../../../domain/published-site.js';
import { localizePath } from '../../../i18n/index.js';
import { DatedText } from '../../components/dated-text.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/**
 * Every published answer by category, open, as one document made for paper (`/print`): a reviewer
 * files it or reads it offline. Each answer carries its address and review date.
 */
export function PrintPage(props: { meta: PageMeta; published: PublishedContent }) {
  const { meta, published } = props;
  const { messages, language } = meta;
  const categories = published.categories.filter((category) => category.entryCount > 0);
  return (
    <PublicLayout meta={meta}>
      <article class="wrap section print-view" aria-labelledby="page-title">
        <h1 id="page-title">
          {messages.printViewTitle} · {published.site.name} Trust Center
        </h1>
        <p class="lead">
          <DatedText
            text={(date) => messages.printViewIntro(published.entries.length, date)}
            date={meta.printedOn}
            language={language}
          />
        </p>
        <p class="print-button" data-print-button="" hidden>
          <button type="button">{messages.printThisPage}</button>
        </p>
        <nav class="print-contents" aria-labelledby="contents-title">
          <h2 id="contents-title">{messages.categoriesHeading}</h2>
          <ol>
            {categories.map((category) => (
              <li>
                <a href={`#category-${category.slug}`}>{category.name}</a> ({category.entryCount})
              </li>
            ))}
          </ol>
        </nav>
        <div class="print-groups">
          {categories.map((category) => (
            <section
              class="print-category"
              id={`category-${category.slug}`}
              aria-labelledby={`heading-${category.slug}`}
            >
              {(() => {
                const entries = published.entries.filter((entry) => entry.category.slug === category.slug);
                const printEntry = (entry: (typeof entries)[number]) => {
                  const url = `${meta.baseUrl}${localizePath(`/faq/${entry.slug}`, language)}`;
                  return (
                    <section class="print-entry" id={entry.slug} aria-labelledby={`question-${entry.slug}`}>
                      <h3 id={`question-${entry.slug}`}>{entry.question}</h3>
                      <div class="answer" dangerouslySetInnerHTML={{ __html: entry.answerHtml }} />
                      <p class="print-entry-meta">
                        {entry.tags.length > 0 && (
                          <>
                            {messages.tags}: {entry.tags.map((tag) => tag.name).join(', ')} ·{' '}
                          </>
                        )}
                        <DatedText text={messages.reviewedOn} date={entry.lastReviewed} language={language} /> ·{' '}
                        <a class="print-url" href={url}>
                          {url}
                        </a>
                      </p>
                    </section>
                  );
                };
                const [first, ...rest] = entries;
                return (
                  <>
                    {/* The heading and description kept on paper with the first answer: Chromium does not always
                        keep break-after: avoid between siblings, but never splits a block that avoids breaks. */}
                    <div class="print-keep">
                      <h2 id={`heading-${category.slug}`}>{category.name}</h2>
                      <p class="group-description">{category.description}</p>
                      {first !== undefined && printEntry(first)}
                    </div>
                    {rest.map(printEntry)}
                  </>
                );
              })()}
            </section>
          ))}
        </div>
      </article>
    </PublicLayout>
  );
}
