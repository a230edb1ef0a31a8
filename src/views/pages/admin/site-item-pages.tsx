import type { Child } from 'hono/jsx';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import type { FieldError, PageProblem } from '../../components/admin-form.js';
import { RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import {
  SiteContentNav,
  type SiteContentSection,
  SiteField,
  SiteFormPage,
  type SiteFormValues,
  SitePagination,
  SiteRowActions,
} from './site-form.js';

/** The site-content sections that hold a list of items; each is also its path under /admin. */
export type SiteItemSection = Exclude<SiteContentSection, 'site'>;

/** What every site-content list page is drawn from: one page of rows and what the viewer may do. */
export interface SiteListProps<Row> {
  meta: AdminPageMeta;
  rows: Row[];
  total: number;
  page: number;
  pageCount: number;
  canEdit: boolean;
}

/**
 * The frame of a site-content list: sub-navigation, heading, "new" link, count, the table (or a
 * line saying there is nothing yet) with edit and delete links per row, and pagination.
 */
export function SiteListPage<Row>(
  props: SiteListProps<Row> & {
    section: SiteItemSection;
    title: string;
    intro: string;
    newLabel: string;
    emptyText: string;
    /** Column headings before the actions column. */
    columns: string[];
    /** A row's cells before its actions, one of them the row header. */
    cells: (row: Row) => Child;
    /** The row's key in its edit path, and its name, read out after its action links. */
    link: (row: Row) => { key: string | number; name: string };
  },
) {
  const { messages } = props.meta;
  const basePath = `/admin/${props.section}`;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current={props.section} />
      <h1>{props.title}</h1>
      <p class="lead">{props.intro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href={`${basePath}/new`}>
            {props.newLabel}
          </a>
        </p>
      )}
      <p class="count-line">{messages.siteContentCount(props.total)}</p>
      <RowTable
        columns={[...props.columns, props.canEdit && messages.siteContentColumnActions]}
        rows={props.rows}
        emptyText={props.emptyText}
        cells={(row) => {
          const link = props.link(row);
          return (
            <>
              {props.cells(row)}
              {props.canEdit && (
                <td>
                  <SiteRowActions messages={messages} href={`${basePath}/${link.key}`} name={link.name} />
                </td>
              )}
            </>
          );
        }}
      />
      <SitePagination
        messages={messages}
        label={messages.siteContentPaginationLabel(props.title)}
        basePath={basePath}
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** What every site-content item form is drawn from; `values` and `errors` are the form as typed. */
export interface SiteItemFormProps {
  meta: AdminPageMeta;
  heading: string;
  values: SiteFormValues;
  errors: FieldError[];
  problem?: PageProblem;
}

/** The frame of a form that creates an item (no key yet) or edits the item with `itemKey`. */
export function SiteItemFormPage(props: {
  meta: AdminPageMeta;
  section: SiteItemSection;
  /** Undefined when creating. */
  itemKey: string | number | undefined;
  heading: string;
  errors: FieldError[];
  problem?: PageProblem;
  createLabel: string;
  /** Shown under the heading, above the form (a warning about the item). */
  notice?: Child;
  children: Child;
}) {
  const basePath = `/admin/${props.section}`;
  const isNew = props.itemKey === undefined;
  return (
    <SiteFormPage
      meta={props.meta}
      section={props.section}
      heading={props.heading}
      action={isNew ? basePath : `${basePath}/${props.itemKey}`}
      errors={props.errors}
      problem={props.problem}
      submitLabel={isNew ? props.createLabel : props.meta.messages.siteContentSaveButton}
      cancelHref={basePath}
      notice={props.notice}
    >
      {props.children}
    </SiteFormPage>
  );
}

/** A form's own field: a SiteField whose messages, values and errors come from the form. */
export type SiteFormField = (
  props: Omit<Parameters<typeof SiteField>[0], 'messages' | 'values' | 'errors'>,
) => ReturnType<typeof SiteField>;

/** Binds SiteField to one form, so the form lists only what differs between its fields. */
export function bindSiteField(form: {
  meta: AdminPageMeta;
  values: SiteFormValues;
  errors: FieldError[];
}): SiteFormField {
  return (props) => <SiteField {...props} messages={form.meta.messages} values={form.values} errors={form.errors} />;
}

/** The slug: a field when creating, fixed text once the item exists (links point at it). */
export function SiteSlugField(props: {
  Field: SiteFormField;
  messages: AdminMessages;
  label: string;
  /** Undefined when creating. */
  slug: string | undefined;
  maxLength: number;
}) {
  const { Field, messages } = props;
  if (props.slug !== undefined) {
    return (
      <p>
        <strong>{props.label}:</strong> <code>{props.slug}</code>
      </p>
    );
  }
  return (
    <Field id="slug" label={props.label} hint={messages.siteContentSlugHint(props.maxLength)} size={40} required />
  );
}

/** The first cells of a category's or tag's row: its name (the row header), its slug and how many entries use it. */
export function SlugItemCells(props: { row: { name: string; slug: string; entryCount: number } }) {
  return (
    <>
      <th scope="row">{props.row.name}</th>
      <td>
        <code>{props.row.slug}</code>
      </td>
      <td>{props.row.entryCount}</td>
    </>
  );
}

/** A category or tag is edited at its slug and named by its name. */
export function linkBySlug(row: { slug: string; name: string }): { key: string; name: string } {
  return { key: row.slug, name: row.name };
}
