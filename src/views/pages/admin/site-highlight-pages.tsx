import { ICON_NAMES } from '../../../domain/content.js';
import type { HighlightRecord } from '../../../storage/site-content.repository.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import type { FieldError } from './admin-form.js';
import {
  SiteContentNav,
  SiteField,
  SiteFormPage,
  type SiteFormValues,
  SitePagination,
  type SiteProblem,
  SiteRowActions,
} from './site-form.js';

/** The highlight cards in the order the home page shows them. */
export function HighlightListPage(props: {
  meta: AdminPageMeta;
  rows: HighlightRecord[];
  total: number;
  page: number;
  pageCount: number;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current="highlights" />
      <h1>{messages.highlightsTitle}</h1>
      <p class="lead">{messages.highlightsIntro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/highlights/new">
            {messages.highlightNewLink}
          </a>
        </p>
      )}
      <p class="count-line">{messages.siteContentCount(props.total)}</p>
      {props.rows.length === 0 ? (
        <p>{messages.highlightNone}</p>
      ) : (
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{messages.siteContentColumnOrder}</th>
              <th scope="col">{messages.highlightColumnTitle}</th>
              <th scope="col">{messages.highlightColumnIcon}</th>
              {props.canEdit && <th scope="col">{messages.siteContentColumnActions}</th>}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td>{row.order}</td>
                <th scope="row">{row.title}</th>
                <td>{row.icon}</td>
                {props.canEdit && (
                  <td>
                    <SiteRowActions messages={messages} href={`/admin/highlights/${row.id}`} name={row.title} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SitePagination
        messages={messages}
        label={messages.siteContentPaginationLabel(messages.highlightsTitle)}
        basePath="/admin/highlights"
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** The form that creates or edits a highlight card. */
export function HighlightFormPage(props: {
  meta: AdminPageMeta;
  /** Undefined when creating. */
  id?: number;
  heading: string;
  values: SiteFormValues;
  errors: FieldError[];
  problem?: SiteProblem;
  limits: { title: number; text: number };
}) {
  const { messages } = props.meta;
  const isNew = props.id === undefined;
  return (
    <SiteFormPage
      meta={props.meta}
      section="highlights"
      heading={props.heading}
      action={isNew ? '/admin/highlights' : `/admin/highlights/${props.id}`}
      errors={props.errors}
      problem={props.problem}
      submitLabel={isNew ? messages.highlightCreateButton : messages.siteContentSaveButton}
      cancelHref="/admin/highlights"
    >
      <SiteField
        messages={messages}
        id="title"
        label={messages.highlightTitleLabel}
        values={props.values}
        errors={props.errors}
        hint={messages.siteContentTextHint(props.limits.title)}
        required
      />
      <SiteField
        messages={messages}
        id="text"
        label={messages.highlightTextLabel}
        values={props.values}
        errors={props.errors}
        hint={messages.siteContentTextHint(props.limits.text)}
        kind="textarea"
        rows={4}
        required
      />
      <SiteField
        messages={messages}
        id="icon"
        label={messages.highlightIconLabel}
        values={props.values}
        errors={props.errors}
        kind="select"
        options={ICON_NAMES.map((name) => ({ value: name, label: name }))}
        required
      />
      <SiteField
        messages={messages}
        id="order"
        label={messages.highlightOrderLabel}
        values={props.values}
        errors={props.errors}
        hint={messages.siteContentOrderHint}
        inputMode="numeric"
        size={8}
        required
      />
    </SiteFormPage>
  );
}
