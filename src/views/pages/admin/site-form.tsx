import type { Child } from 'hono/jsx';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import {
  CsrfField,
  ErrorSummary,
  type FieldError,
  FormField,
  type PageProblem,
  ProblemNotice,
} from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** A site-content form exactly as typed, field id to text, so it can be shown again unchanged. */
export type SiteFormValues = Record<string, string>;

/** The sections of the site-content area, for its sub-navigation. */
export type SiteContentSection = 'site' | 'categories' | 'tags' | 'highlights' | 'certifications' | 'untranslated';

/** A field of a site-content form, its value and error looked up by its id (which is also its name). */
export function SiteField(props: {
  messages: AdminMessages;
  id: string;
  label: string;
  values: SiteFormValues;
  errors: FieldError[];
  hint?: string;
  kind?: 'text' | 'textarea' | 'select';
  rows?: number;
  maxLength?: number;
  inputMode?: 'numeric' | 'email' | 'url';
  size?: number;
  options?: { value: string; label: string }[];
  required?: boolean;
}) {
  const kind = props.kind ?? 'text';
  return (
    <FormField
      messages={props.messages}
      id={props.id}
      label={props.label}
      type={kind}
      value={props.values[props.id] ?? ''}
      error={props.errors.find((candidate) => candidate.field === props.id)?.message}
      hint={props.hint}
      rows={props.rows}
      options={props.options}
      required={props.required}
      {...(kind === 'text'
        ? { size: props.size ?? 60, maxlength: props.maxLength, inputMode: props.inputMode, autocomplete: 'off' }
        : {})}
    />
  );
}

/** Links between the site-content pages, the current one marked. */
export function SiteContentNav(props: { messages: AdminMessages; current: SiteContentSection }) {
  const { messages } = props;
  const items: { section: SiteContentSection; href: string; label: string }[] = [
    { section: 'site', href: '/admin/site', label: messages.siteContentNavSite },
    { section: 'categories', href: '/admin/categories', label: messages.siteContentNavCategories },
    { section: 'tags', href: '/admin/tags', label: messages.siteContentNavTags },
    { section: 'highlights', href: '/admin/highlights', label: messages.siteContentNavHighlights },
    { section: 'certifications', href: '/admin/certifications', label: messages.siteContentNavCertifications },
    { section: 'untranslated', href: '/admin/untranslated', label: messages.untranslatedTitle },
  ];
  return (
    <nav aria-label={messages.siteContentNavLabel}>
      <ul class="chips">
        {items.map((item) => (
          <li>
            <a class="chip" href={item.href} aria-current={item.section === props.current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Previous/next links of a list, shown only when there is more than one page. */
export function SitePagination(props: {
  messages: AdminMessages;
  label: string;
  basePath: string;
  page: number;
  pageCount: number;
  /** Other query parameters the links keep (a list's filters); empty values are left out. */
  query?: Record<string, string>;
  /** The address of a page, where the list builds its own (instead of `basePath` and `query`). */
  hrefOf?: (page: number) => string;
}) {
  const { messages } = props;
  if (props.pageCount <= 1) return null;
  const hrefOf =
    props.hrefOf ??
    ((page: number) => {
      const query = new URLSearchParams(Object.entries(props.query ?? {}).filter(([, value]) => value !== ''));
      query.set('page', String(page));
      return `${props.basePath}?${query.toString()}`;
    });
  return (
    <nav class="pagination" aria-label={props.label}>
      {props.page > 1 && (
        <a href={hrefOf(props.page - 1)} rel="prev">
          {messages.previousPage}
        </a>
      )}
      <span aria-current="page">{messages.pageOf(props.page, props.pageCount)}</span>
      {props.page < props.pageCount && (
        <a href={hrefOf(props.page + 1)} rel="next">
          {messages.nextPage}
        </a>
      )}
    </nav>
  );
}

/** "Edit" and "Delete" links of a list row; the row's name is read out after each for screen readers. */
export function SiteRowActions(props: { messages: AdminMessages; href: string; name: string }) {
  return (
    <>
      <a href={props.href}>
        {props.messages.siteContentEdit}
        <span class="visually-hidden"> {props.name}</span>
      </a>{' '}
      ·{' '}
      <a href={`${props.href}/delete`}>
        {props.messages.siteContentDelete}
        <span class="visually-hidden"> {props.name}</span>
      </a>
    </>
  );
}

/** The frame of a site-content form page: sub-navigation, heading, problems, the form with its CSRF field. */
export function SiteFormPage(props: {
  meta: AdminPageMeta;
  section: SiteContentSection;
  heading: string;
  intro?: string;
  action: string;
  errors: FieldError[];
  problem?: PageProblem;
  submitLabel: string;
  cancelHref?: string;
  isReadOnly?: boolean;
  /** Shown under the heading, above the form. */
  notice?: Child;
  children: Child;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current={props.section} />
      <h1>{props.heading}</h1>
      {props.intro && <p class="lead">{props.intro}</p>}
      {props.notice}
      {props.isReadOnly && <p>{messages.siteContentReadOnly}</p>}
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={props.errors} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <fieldset class="filter-row" disabled={props.isReadOnly}>
          <legend class="visually-hidden">{props.heading}</legend>
          {props.children}
        </fieldset>
        {!props.isReadOnly && (
          <p>
            <button type="submit">{props.submitLabel}</button>
            {props.cancelHref && (
              <>
                {' '}
                <a href={props.cancelHref}>{messages.siteContentCancel}</a>
              </>
            )}
          </p>
        )}
      </form>
    </AdminLayout>
  );
}

/** The confirmation step of a delete: what will happen, and a button that does it (or why it cannot). */
export function SiteDeletePage(props: {
  meta: AdminPageMeta;
  section: SiteContentSection;
  heading: string;
  text: string;
  action: string;
  cancelHref: string;
  /** When set, the delete is refused and this says why; no button is offered. */
  refusal?: string;
  problem?: PageProblem;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current={props.section} />
      <h1>{props.heading}</h1>
      <ProblemNotice problem={props.problem} />
      {props.refusal ? (
        !props.problem && <p>{props.refusal}</p>
      ) : (
        <form method="post" action={props.action}>
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <p>{props.text}</p>
          <p>
            <button type="submit">{messages.siteContentDeleteButton}</button>{' '}
            <a href={props.cancelHref}>{messages.siteContentCancel}</a>
          </p>
        </form>
      )}
      {props.refusal && (
        <p>
          <a href={props.cancelHref}>{messages.siteContentCancel}</a>
        </p>
      )}
    </AdminLayout>
  );
}

/**
 * The fields that have a translation, English beside Swedish: two columns on a wide screen, one above the other on a
 * phone. The Swedish column is optional as a whole.
 */
export function LanguageColumns(props: { messages: AdminMessages; english: Child; swedish: Child; hint?: string }) {
  return (
    <div class="two-column">
      <fieldset>
        <legend>{props.messages.entryEnglishLegend}</legend>
        {props.english}
      </fieldset>
      <fieldset>
        <legend>{props.messages.entrySwedishLegend}</legend>
        <p class="count-line">{props.hint ?? props.messages.siteSwedishHint}</p>
        {props.swedish}
      </fieldset>
    </div>
  );
}
