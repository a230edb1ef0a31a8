import { ENTRY_STATUSES, type EntryStatus } from '../../../domain/content.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { FreshnessBadge, StatusBadge, statusLabel, type TaxonomyOption } from './entry-form.js';

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
      <form method="get" action="/admin/entries" class="filters" aria-labelledby="entry-filters-title">
        <h2 id="entry-filters-title" class="filters-title">
          {messages.entryFiltersTitle}
        </h2>
        <p class="filter-row">
          <label for="filter-text">{messages.entryFilterText}</label>
          <input id="filter-text" name="text" type="search" value={filter.text} />
        </p>
        <p class="filter-row">
          <label for="filter-status">{messages.entryFilterStatus}</label>
          <select id="filter-status" name="status">
            <option value="">{messages.entryFilterAny}</option>
            {ENTRY_STATUSES.map((status) => (
              <option value={status} selected={filter.status === status}>
                {statusLabel(messages, status)}
              </option>
            ))}
          </select>
        </p>
        <p class="filter-row">
          <label for="filter-category">{messages.entryFilterCategory}</label>
          <select id="filter-category" name="category">
            <option value="">{messages.entryFilterAny}</option>
            {props.categories.map((category) => (
              <option value={category.slug} selected={filter.category === category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        </p>
        <p class="filter-row">
          <label for="filter-freshness">{messages.entryFilterFreshness}</label>
          <select id="filter-freshness" name="freshness">
            <option value="">{messages.entryFilterAny}</option>
            <option value="due" selected={filter.freshness === 'due'}>
              {messages.entryFreshnessDue}
            </option>
            <option value="overdue" selected={filter.freshness === 'overdue'}>
              {messages.entryFreshnessOverdue}
            </option>
            <option value="fresh" selected={filter.freshness === 'fresh'}>
              {messages.entryFreshnessFresh}
            </option>
          </select>
        </p>
        <p class="filter-row">
          <label for="filter-owner">{messages.entryFilterOwner}</label>
          <select id="filter-owner" name="owner">
            <option value="">{messages.entryFilterAny}</option>
            {props.owners.map((owner) => (
              <option value={owner} selected={filter.owner === owner}>
                {owner}
              </option>
            ))}
          </select>
        </p>
        <div class="filter-actions">
          <button type="submit">{messages.entryFilterButton}</button>
          {hasFilter && <a href="/admin/entries">{messages.entryFilterClear}</a>}
        </div>
      </form>
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
      {props.pageCount > 1 && (
        <nav class="pagination" aria-label={messages.entryPaginationLabel}>
          {props.page > 1 && (
            <a href={buildEntryListUrl(filter, props.page - 1)} rel="prev">
              {messages.entryPreviousPage}
            </a>
          )}
          <span aria-current="page">{messages.entryPageOf(props.page, props.pageCount)}</span>
          {props.page < props.pageCount && (
            <a href={buildEntryListUrl(filter, props.page + 1)} rel="next">
              {messages.entryNextPage}
            </a>
          )}
        </nav>
      )}
    </AdminLayout>
  );
}
