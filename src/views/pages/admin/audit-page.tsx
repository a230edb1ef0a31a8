import type { AuditEventRecord } from '../../../domain/audit.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { ErrorSummary, type FieldError } from '../../components/admin-form.js';
import { AuditEventTable } from '../../components/audit-event-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** The audit filter form's values, as typed (dates as YYYY-MM-DD). */
export interface AuditFilterValues {
  action: string;
  actor: string;
  target: string;
  from: string;
  until: string;
}

/** One labelled input of the filter bar. */
function FilterField(props: {
  messages: AdminMessages;
  id: keyof AuditFilterValues;
  label: string;
  type: 'text' | 'email' | 'date';
  value: string;
  hint?: string;
  error?: string;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((id) => id !== undefined).join(' ');
  return (
    <div class="filter-row">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        value={props.value}
        maxlength={320}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {props.hint && (
        <span id={hintId} class="count-line">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={errorId}>
          <strong>{props.messages.errorPrefix}</strong> {props.error}
        </span>
      )}
    </div>
  );
}

/** The filter values as a query string (empty values left out), with an optional page. */
export function buildAuditQuery(values: AuditFilterValues, page?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== '') params.set(key, value);
  if (page !== undefined && page > 1) params.set('page', String(page));
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The audit log: a filter bar, a page of events and a CSV download of the same filters. */
export function AuditPage(props: {
  meta: AdminPageMeta;
  values: AuditFilterValues;
  errors: FieldError[];
  events: AuditEventRecord[];
  total: number;
  page: number;
  pageSize: number;
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.auditTitle}</h1>
      <ErrorSummary messages={messages} errors={props.errors} />
      <form class="filters" method="get" action="/admin/audit" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" class="filters-title">
          {messages.auditFiltersHeading}
        </h2>
        <FilterField
          messages={messages}
          id="action"
          label={messages.auditActionLabel}
          type="text"
          value={props.values.action}
          hint={messages.auditActionHint}
          error={errorFor('action')}
        />
        <FilterField
          messages={messages}
          id="actor"
          label={messages.auditActorLabel}
          type="text"
          value={props.values.actor}
          error={errorFor('actor')}
        />
        <FilterField
          messages={messages}
          id="target"
          label={messages.auditTargetLabel}
          type="text"
          value={props.values.target}
          error={errorFor('target')}
        />
        <FilterField
          messages={messages}
          id="from"
          label={messages.auditFromLabel}
          type="date"
          value={props.values.from}
          error={errorFor('from')}
        />
        <FilterField
          messages={messages}
          id="until"
          label={messages.auditUntilLabel}
          type="date"
          value={props.values.until}
          error={errorFor('until')}
        />
        <p class="filter-row">
          <button type="submit">{messages.auditFilterButton}</button>
          <a href="/admin/audit">{messages.auditClearFilters}</a>
        </p>
      </form>

      {props.errors.length === 0 && (
        <>
          <p class="count-line">
            {messages.auditCount(props.total)} ·{' '}
            <a href={`/admin/audit.csv${buildAuditQuery(props.values)}`}>{messages.auditDownloadCsv}</a>
          </p>
          {props.events.length === 0 ? (
            <p>{messages.auditEmpty}</p>
          ) : (
            <AuditEventTable
              messages={messages}
              events={props.events}
              caption={messages.auditTitle}
              showsIp={true}
              renderTarget={(event) => [event.targetType, event.targetId].filter((part) => part !== null).join(' ')}
            />
          )}
          {pages > 1 && (
            <nav class="pagination" aria-label={messages.paginationLabel}>
              {props.page > 1 && (
                <a href={`/admin/audit${buildAuditQuery(props.values, props.page - 1)}`} rel="prev">
                  {messages.previousPage}
                </a>
              )}
              <span>{messages.pageOf(props.page, pages)}</span>
              {props.page < pages && (
                <a href={`/admin/audit${buildAuditQuery(props.values, props.page + 1)}`} rel="next">
                  {messages.nextPage}
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </AdminLayout>
  );
}
