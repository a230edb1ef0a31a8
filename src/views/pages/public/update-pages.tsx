import { raw } from 'hono/html';
import type { InputProblem } from '../../../domain/errors.js';
import { UPDATE_CATEGORIES, type UpdateCategory, type UpdateRecord } from '../../../domain/update.js';
import { formatDate, localizePath } from '../../../i18n/index.js';
import { SubscribeForm, type SubscribeValues } from '../../components/subscribe-form.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** An update as a visitor reads it: in their language when translated, its body already rendered and sanitized. */
export interface ShownUpdate {
  update: UpdateRecord;
  title: string;
  html: string;
  /** The language the text is in (English when no translation exists). */
  language: 'en' | 'sv';
}

/** Said in the page's language where an update falls back to English. */
function NotTranslatedMark(props: { meta: PageMeta; shown: ShownUpdate }) {
  if (props.shown.language === props.meta.language) return null;
  return (
    <p class="count-line not-translated" lang={props.meta.language}>
      {props.meta.messages.updateNotTranslated}
    </p>
  );
}

function UpdateFacts(props: { meta: PageMeta; update: UpdateRecord }) {
  const { messages, language } = props.meta;
  return (
    <p class="count-line">
      <time datetime={props.update.date}>{messages.updatePostedOn(formatDate(props.update.date, language))}</time>
      {' · '}
      <a
        href={`${localizePath('/updates', language)}?category=${props.update.category}`}
        aria-label={`${messages.updateCategoryLabel}: ${messages.updateCategories[props.update.category]}`}
      >
        {messages.updateCategories[props.update.category]}
      </a>
    </p>
  );
}

/** /updates: published updates newest first, a category filter (a plain GET form), pages, and the subscribe form. */
export function UpdateListPage(props: {
  meta: PageMeta;
  updates: ShownUpdate[];
  total: number;
  page: number;
  pageCount: number;
  category: UpdateCategory | undefined;
  subscribe: { values: SubscribeValues; problems: InputProblem[] };
}) {
  const { meta } = props;
  const { messages, language } = meta;
  const listPath = localizePath('/updates', language);
  const pageHref = (page: number) => {
    const query = new URLSearchParams();
    if (props.category) query.set('category', props.category);
    if (page > 1) query.set('page', String(page));
    const search = query.toString();
    return search === '' ? listPath : `${listPath}?${search}`;
  };
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section updates-page">
        <div class="updates-main">
          <h1>{messages.updatesTitle}</h1>
          <p class="lead">{messages.updatesIntro}</p>
          <p>
            <a href={localizePath('/updates.atom', language)} type="application/atom+xml">
              {messages.updatesFeedLink}
            </a>
          </p>
          <form method="get" action={listPath} class="document-filters" aria-label={messages.updatesFilterLabel}>
            <p>
              <label for="category">{messages.updatesFilterCategory}</label>{' '}
              <select id="category" name="category">
                <option value="">{messages.updatesFilterAny}</option>
                {UPDATE_CATEGORIES.map((category) => (
                  <option value={category} selected={category === props.category}>
                    {messages.updateCategories[category]}
                  </option>
                ))}
              </select>
            </p>
            <p>
              <button type="submit">{messages.updatesFilterButton}</button>
            </p>
          </form>
          <p class="count-line" role="status">
            {messages.updatesCount(props.total)}
          </p>
          {props.updates.length === 0 ? (
            <p>{props.category ? messages.updatesNoneInCategory : messages.updatesNone}</p>
          ) : (
            <ol class="document-list update-list">
              {props.updates.map((shown) => (
                <li class="card">
                  <article lang={shown.language === language ? undefined : shown.language}>
                    <h2>
                      <a href={localizePath(`/updates/${shown.update.slug}`, language)}>{shown.title}</a>
                    </h2>
                    <UpdateFacts meta={meta} update={shown.update} />
                    <NotTranslatedMark meta={meta} shown={shown} />
                    <div class="answer">{raw(shown.html)}</div>
                  </article>
                </li>
              ))}
            </ol>
          )}
          {props.pageCount > 1 && (
            <nav class="pagination" aria-label={messages.pagination}>
              {props.page > 1 && (
                <a href={pageHref(props.page - 1)} rel="prev">
                  {messages.previousPage}
                </a>
              )}
              <span>{messages.pageOf(props.page, props.pageCount)}</span>
              {props.page < props.pageCount && (
                <a href={pageHref(props.page + 1)} rel="next">
                  {messages.nextPage}
                </a>
              )}
            </nav>
          )}
        </div>
        <aside class="card updates-subscribe" aria-label={messages.subscribeHeading}>
          <SubscribeForm
            messages={messages}
            language={language}
            idPrefix="subscribe-"
            values={props.subscribe.values}
            problems={props.subscribe.problems}
            variant="page"
          />
        </aside>
      </div>
    </PublicLayout>
  );
}

/** /updates/<slug>: one update, its permalink. */
export function UpdatePage(props: { meta: PageMeta; shown: ShownUpdate }) {
  const { meta, shown } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section narrow">
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <a href={localizePath('/updates', language)}>{messages.updatesBack}</a>
        </nav>
        <article lang={shown.language === language ? undefined : shown.language}>
          <h1>{shown.title}</h1>
          <UpdateFacts meta={meta} update={shown.update} />
          <NotTranslatedMark meta={meta} shown={shown} />
          <div class="answer">{raw(shown.html)}</div>
        </article>
      </div>
    </PublicLayout>
  );
}
