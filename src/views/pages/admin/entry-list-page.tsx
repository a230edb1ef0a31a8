import { ENTRY_STATUSES, type EntryStatus } from '../../../domain/content.js';
import { FilterForm, FilterSearch, FilterSelect } from '../../components/list-filters.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { FreshnessBadge, StatusBadge, statusLabel, type TaxonomyOption } from './entry-form.js';
import { SitePagination } from './site-form.js';

/** A row of the entry table. */
export interface EntryRow {
  slug: string;
  question: string;
  category: string;
  status: EntryStatus;
  owner: string;
  dueOn: string;
  freshness: 'fresh' | 'due' | 'overdue';
  updatedAt: string;
  hasPendingChange: boolean;
}

/** The list's filters as typed (empty string = no filter). */
export interface EntryListFilterValues {
  status: string;
  category: string;
  freshness: string;
  owner: string;
  text: string;
}

/** Builds a list URL that keeps the filters. */
export function buildEntryListUrl(filter: EntryListFilterValues, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== '') params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query === '' ? '/admin/entries' : `/admin/entries?${query}`;
}

/** The staff list of entries: filters, table and pagination. */
export function EntryListPage(props: {
  meta: AdminPageMeta;
  rows: EntryRow[];
  total: number;
  page: number;
  pageCount: number;
  filter: EntryListFilterValues;
  categories: TaxonomyOption[];
  owners: string[];
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  const { filter } = props;
  const categoryName = new Map(props.categories.map((category) => [category.slug, category.name]));
  const hasFilter = Object.values(filter).some((value) => value !== '');
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.entriesTitle}</h1>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/entries/new">
            {messages.entryNewLink}
          </a>
        </p>
      )}
      <FilterForm
        action="/admin/entries"
        titleId="entry-filters-title"
        title={messages.entryFiltersTitle}
        submitLabel={messages.entryFilterButton}
        clear={hasFilter ? { href: '/admin/entries', label: messages.entryFilterClear } : undefined}
      >
        <FilterSearch label={messages.entryFilterText} value={filter.text} />
        <FilterSelect
          name="status"
          label={messages.entryFilterStatus}
          anyLabel={messages.entryFilterAny}
          options={ENTRY_STATUSES.map((status) => ({ value: status, label: statusLabel(messages, status) }))}
          selected={filter.status}
        />
        <FilterSelect
          name="category"
          label={messages.entryFilterCategory}
          anyLabel={messages.entryFilterAny}
          options={props.categories.map((category) => ({ value: category.slug, label: category.name }))}
          selected={filter.category}
        />
        <FilterSelect
          name="freshness"
          label={messages.entryFilterFreshness}
          anyLabel={messages.entryFilterAny}
          options={[
            { value: 'due', label: messages.entryFreshnessDue },
            { value: 'overdue', label: messages.entryFreshnessOverdue },
            { value: 'fresh', label: messages.entryFreshnessFresh },
          ]}
          selected={filter.freshness}
        />
        <FilterSelect
          name="owner"
          label={messages.entryFilterOwner}
          anyLabel={messages.entryFilterAny}
          options={props.owners.map((owner) => ({ value: owner, label: owner }))}
          selected={filter.owner}
        />
      </FilterForm>
      <h2 id="entry-table-title" class="results-title">
        {messages.entryCount(props.total)}
      </h2>
      <RowTable
        titleId="entry-table-title"
        columns={[
          messages.entryColumnQuestion,
          messages.entryColumnCategory,
          messages.entryColumnStatus,
          messages.entryColumnReview,
          messages.entryColumnOwner,
          messages.entryColumnUpdated,
        ]}
        rows={props.rows}
        emptyText={messages.entryNoneMatch}
        cells={(row) => (
          <>
            <td>
              <a href={`/admin/entries/${row.slug}`}>{row.question}</a>
            </td>
            <td>{categoryName.get(row.category) ?? row.category}</td>
            <td>
              <StatusBadge messages={messages} status={row.status} />
              {row.hasPendingChange && <span class="reviewed"> {messages.entryPendingShort}</span>}
            </td>
            <td>
              <FreshnessBadge messages={messages} freshness={row.freshness} dueOn={row.dueOn} />
            </td>
            <td>{row.owner}</td>
            <td>
              <DayOf at={row.updatedAt} />
            </td>
          </>
        )}
      />
      <SitePagination
        messages={messages}
        label={messages.entryPaginationLabel}
        basePath="/admin/entries"
        page={props.page}
        pageCount={props.pageCount}
        hrefOf={(page) => buildEntryListUrl(filter, page)}
      />
    </AdminLayout>
  );
}
