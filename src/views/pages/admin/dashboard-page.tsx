import type { EntryStatus } from '../../../domain/content.js';
import type { DashboardOverview } from '../../../domain/dashboard.js';
import type { EntryListItem } from '../../../domain/entry-record.js';
import type { SearchQueryTotal } from '../../../domain/search-analytics.js';
import type { Actor } from '../../../domain/staff.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { AuditEventTable } from '../../components/audit-event-table.js';
import { RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { statusLabel } from './entry-form.js';

/** Link to the entry list filtered by one query parameter. */
function entriesLink(parameter: 'status' | 'freshness', value: string): string {
  return `/admin/entries?${new URLSearchParams({ [parameter]: value }).toString()}`;
}

/** A table of entries with their owner and due date. */
function DueTable(props: { messages: AdminMessages; items: EntryListItem[]; empty: string }) {
  const { messages } = props;
  return (
    <RowTable
      columns={[messages.columnQuestion, messages.columnOwner, messages.columnDueOn]}
      rows={props.items}
      emptyText={props.empty}
      cells={(item) => (
        <>
          <td>
            <a href={`/admin/entries/${encodeURIComponent(item.slug)}`}>{item.question}</a>
          </td>
          <td>{item.owner}</td>
          <td>
            <time datetime={item.dueOn}>{item.dueOn}</time>
          </td>
        </>
      )}
    />
  );
}

/** Decorative horizontal bars of search counts; the table next to it carries the figures. */
function SearchChart(props: { rows: SearchQueryTotal[] }) {
  const max = Math.max(1, ...props.rows.map((row) => row.searches));
  const barHeight = 14;
  const gap = 6;
  const height = props.rows.length * (barHeight + gap);
  return (
    <svg
      class="search-chart"
      aria-hidden="true"
      focusable="false"
      width="100%"
      height={height}
      viewBox={`0 0 100 ${height}`}
      preserveAspectRatio="none"
      fill="currentColor"
    >
      {props.rows.map((row, index) => (
        <rect
          x="0"
          y={index * (barHeight + gap)}
          width={Math.max(1, (row.searches / max) * 100)}
          height={barHeight}
          rx="2"
        />
      ))}
    </svg>
  );
}

/** A table of search queries, each optionally with a link to start an entry answering it. */
function SearchTable(props: { messages: AdminMessages; caption: string; rows: SearchQueryTotal[]; canEdit: boolean }) {
  const { messages } = props;
  return (
    <table class="sla-table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{messages.columnQuery}</th>
          <th scope="col">{messages.columnSearches}</th>
          {props.canEdit && (
            <th scope="col">
              <span class="visually-hidden">{messages.dashboardCreateEntry}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <td>{row.query}</td>
            <td>{row.searches}</td>
            {props.canEdit && (
              <td>
                <a href={`/admin/entries/new?${new URLSearchParams({ question: row.query }).toString()}`}>
                  {messages.dashboardCreateEntry}
                  <span class="visually-hidden">: {row.query}</span>
                </a>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The staff start page: entry counts, reviews due, recent changes and what visitors search for. */
export function DashboardPage(props: {
  meta: AdminPageMeta;
  actor: Actor;
  overview: DashboardOverview;
  canEdit: boolean;
  dueSoonDays: number;
  searchDays: number;
}) {
  const { messages } = props.meta;
  const { overview } = props;
  const statuses: EntryStatus[] = ['draft', 'in_review', 'published', 'archived'];
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.dashboardTitle}</h1>
      <p class="lead">{messages.signedInAs(props.actor.name, props.actor.email)}</p>

      {overview.expiredCertificationClaims.length > 0 && (
        <section aria-labelledby="dashboard-claims" class="badge expired expired-claim">
          <div>
            <h2 id="dashboard-claims">{messages.dashboardClaimsHeading}</h2>
            <ul>
              {overview.expiredCertificationClaims.map((claim) => (
                <li>
                  <a href={`/admin/highlights/${claim.item.id}`}>{claim.item.title}</a>:{' '}
                  {messages.dashboardClaimItem(claim.certificationNames)}
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}

      <section aria-labelledby="dashboard-access">
        <h2 id="dashboard-access">{messages.dashboardAccessHeading}</h2>
        <p>
          <a href="/admin/access?status=pending">{messages.dashboardAccessPending(overview.pendingAccessRequests)}</a>
        </p>
      </section>

      <section aria-labelledby="dashboard-translations">
        <h2 id="dashboard-translations">{messages.dashboardTranslationsHeading}</h2>
        <p>
          <a href="/admin/untranslated">{messages.dashboardUntranslated(overview.untranslatedCount)}</a>
        </p>
      </section>

      <section aria-labelledby="dashboard-status">
        <h2 id="dashboard-status">{messages.dashboardStatusHeading}</h2>
        <ul class="chips">
          {statuses.map((status) => (
            <li>
              <a class="chip" href={entriesLink('status', status)}>
                {statusLabel(messages, status)}: {overview.statusCounts[status]}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dashboard-reviews">
        <h2 id="dashboard-reviews">{messages.dashboardReviewHeading}</h2>
        <ul class="chips">
          <li>
            <a class="chip" href={entriesLink('freshness', 'overdue')}>
              {messages.dashboardOverdueCount(overview.overdueCount)}
            </a>
          </li>
          <li>
            <a class="chip" href={entriesLink('freshness', 'due')}>
              {messages.dashboardDueCount(overview.dueCount, props.dueSoonDays)}
            </a>
          </li>
        </ul>
        <div class="two-column">
          <div>
            <h3>{messages.dashboardOverdueHeading}</h3>
            <DueTable messages={messages} items={overview.overdue} empty={messages.dashboardNoneOverdue} />
          </div>
          <div>
            <h3>{messages.dashboardOwnDueHeading}</h3>
            <DueTable messages={messages} items={overview.ownDue} empty={messages.dashboardNoneOwnDue} />
          </div>
        </div>
      </section>

      <section aria-labelledby="dashboard-documents">
        <h2 id="dashboard-documents">{messages.dashboardDocumentsHeading}</h2>
        {overview.expiringDocuments.length === 0 ? (
          <p>{messages.dashboardNoDocumentsExpiring}</p>
        ) : (
          <ul>
            {overview.expiringDocuments.map((document) => {
              const until = document.current?.validUntil ?? '';
              return (
                <li>
                  <a href={`/admin/documents/${document.slug}`}>{document.title}</a>:{' '}
                  {document.isExpired ? (
                    <strong>{messages.dashboardDocumentExpired(until)}</strong>
                  ) : (
                    messages.dashboardDocumentExpires(until)
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="dashboard-recent">
        <h2 id="dashboard-recent">{messages.dashboardRecentHeading}</h2>
        {overview.recentChanges.length === 0 ? (
          <p>{messages.dashboardNoRecent}</p>
        ) : (
          <AuditEventTable
            messages={messages}
            events={overview.recentChanges}
            showsIp={false}
            renderTarget={(event) =>
              event.targetType === 'entry' && event.targetId ? (
                <a href={`/admin/entries/${encodeURIComponent(event.targetId)}`}>{event.targetId}</a>
              ) : (
                (event.targetId ?? '')
              )
            }
          />
        )}
      </section>

      <div class="two-column">
        <section aria-labelledby="dashboard-top-searches">
          <h2 id="dashboard-top-searches">{messages.dashboardTopSearchesHeading(props.searchDays)}</h2>
          {overview.topSearches.length === 0 ? (
            <p>{messages.dashboardNoSearches}</p>
          ) : (
            <>
              <SearchChart rows={overview.topSearches} />
              <SearchTable
                messages={messages}
                caption={messages.dashboardTopSearchesHeading(props.searchDays)}
                rows={overview.topSearches}
                canEdit={props.canEdit}
              />
            </>
          )}
        </section>
        <section aria-labelledby="dashboard-zero-searches">
          <h2 id="dashboard-zero-searches">{messages.dashboardZeroSearchesHeading(props.searchDays)}</h2>
          {overview.zeroResultSearches.length === 0 ? (
            <p>{messages.dashboardNoSearches}</p>
          ) : (
            <SearchTable
              messages={messages}
              caption={messages.dashboardZeroSearchesHeading(props.searchDays)}
              rows={overview.zeroResultSearches}
              canEdit={props.canEdit}
            />
          )}
        </section>
      </div>
    </AdminLayout>
  );
}
