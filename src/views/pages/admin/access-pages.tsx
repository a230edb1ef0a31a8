import {
  type AccessGrantRecord,
  type AccessRequestRecord,
  type AccessSummaryRow,
  type DocumentOutcome,
  type DomainRule,
  REQUEST_LIMITS,
  REQUEST_STATUSES,
  type RequestStatus,
} from '../../../domain/access.js';
import type { AccessLevel } from '../../../domain/document.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import {
  CsrfField,
  ErrorSummary,
  type FieldError,
  FieldLabel,
  FormField,
  type PageProblem,
  ProblemNotice,
} from '../../components/admin-form.js';
import { RowActionForm } from '../../components/row-action-form.js';
import { MinuteOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SitePagination } from './site-form.js';

/** The request statuses staff filter by (an unconfirmed request is never shown to staff). */
export const STAFF_REQUEST_STATUSES = REQUEST_STATUSES.filter((status) => status !== 'unconfirmed');

function statusLabel(messages: AdminMessages, status: RequestStatus): string {
  const labels: Record<RequestStatus, string> = {
    unconfirmed: messages.accessStatusUnconfirmed,
    pending: messages.accessStatusPending,
    info_requested: messages.accessStatusInfoRequested,
    approved: messages.accessStatusApproved,
    partially_approved: messages.accessStatusPartiallyApproved,
    denied: messages.accessStatusDenied,
  };
  return labels[status];
}

function outcomeLabel(messages: AdminMessages, outcome: DocumentOutcome): string {
  const labels: Record<DocumentOutcome, string> = {
    pending: messages.accessOutcomePending,
    granted: messages.accessOutcomeGranted,
    denied: messages.accessOutcomeDenied,
  };
  return labels[outcome];
}

function levelLabel(messages: AdminMessages, level: AccessLevel): string {
  const labels: Record<AccessLevel, string> = {
    public: messages.accessLevelPublic,
    nda: messages.accessLevelNda,
    request: messages.accessLevelRequest,
  };
  return labels[level];
}

/** Text someone typed over several lines, its line breaks kept (escaped like any other text). */
function Lines(props: { text: string }) {
  const lines = props.text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, index) => (
        <>
          {index > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

/** The links between the access pages. */
function AccessTabs(props: { messages: AdminMessages; path: string }) {
  const { messages } = props;
  const tabs = [
    { href: '/admin/access', label: messages.accessRequestsTitle },
    { href: '/admin/access/people', label: messages.accessPeopleTitle },
    { href: '/admin/access/companies', label: messages.accessCompaniesTitle },
    { href: '/admin/access/rules', label: messages.accessRulesTitle },
    { href: '/admin/nda', label: messages.ndaTitle },
  ];
  return (
    <nav aria-label={messages.accessTabsLabel}>
      <ul class="chips">
        {tabs.map((tab) => (
          <li>
            <a class="chip" href={tab.href} aria-current={tab.href === props.path ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The documents of a request with what happened to each, as a list. */
function DocumentOutcomes(props: { messages: AdminMessages; request: AccessRequestRecord }) {
  return (
    <ul>
      {props.request.documents.map((document) => (
        <li>
          {document.title} ({levelLabel(props.messages, document.level)}):{' '}
          <strong>{outcomeLabel(props.messages, document.outcome)}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Triage: confirmed requests, newest first, filtered by status. */
export function AccessListPage(props: {
  meta: AdminPageMeta;
  requests: AccessRequestRecord[];
  total: number;
  status: RequestStatus | undefined;
  page: number;
  pageCount: number;
}) {
  const { messages } = props.meta;
  const filters: { href: string; label: string; isCurrent: boolean }[] = [
    { href: '/admin/access', label: messages.accessFilterAll, isCurrent: props.status === undefined },
    ...STAFF_REQUEST_STATUSES.map((status) => ({
      href: `/admin/access?status=${status}`,
      label: statusLabel(messages, status),
      isCurrent: props.status === status,
    })),
  ];
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.accessRequestsTitle}</h1>
      <AccessTabs messages={messages} path="/admin/access" />
      <p>{messages.accessRequestsIntro}</p>
      <nav aria-label={messages.accessFilterLabel}>
        <ul class="chips">
          {filters.map((filter) => (
            <li>
              <a class="chip" href={filter.href} aria-current={filter.isCurrent ? 'page' : undefined}>
                {filter.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="count-line">{messages.accessRequestCount(props.total)}</p>
      <RowTable
        columns={[
          messages.accessColumnRequest,
          messages.accessColumnRequester,
          messages.accessColumnCompany,
          messages.accessColumnDocuments,
          messages.columnStatus,
          messages.accessColumnDates,
        ]}
        rows={props.requests}
        emptyText={messages.accessNoRequests}
        cells={(request) => (
          <>
            <td>
              <a href={`/admin/access/${request.id}`}>{messages.accessRequestNumber(request.id)}</a>
            </td>
            <td>
              {request.isErased ? (
                messages.accessErasedPerson
              ) : (
                <>
                  {request.name}
                  <br />
                  {request.email}
                </>
              )}
            </td>
            <td>{request.company}</td>
            <td>
              <DocumentOutcomes messages={messages} request={request} />
            </td>
            <td>{statusLabel(messages, request.status)}</td>
            <td>
              {messages.accessConfirmedOn} <MinuteOf at={request.confirmedAt} />
              {request.decidedAt !== null && (
                <>
                  <br />
                  {messages.accessDecidedOn} <MinuteOf at={request.decidedAt} />
                </>
              )}
            </td>
          </>
        )}
      />
      <SitePagination
        messages={messages}
        label={messages.paginationLabel}
        basePath="/admin/access"
        page={props.page}
        pageCount={props.pageCount}
        query={{ status: props.status ?? '' }}
      />
    </AdminLayout>
  );
}

/** A grant's row: document, level, who granted it, until when, downloads, and Revoke while active. */
function GrantTable(props: {
  meta: AdminPageMeta;
  grants: (AccessGrantRecord & { isActive: boolean })[];
  canRevoke: boolean;
}) {
  const { messages } = props.meta;
  return (
    <RowTable
      columns={[
        messages.accessColumnDocument,
        messages.accessColumnGrantedBy,
        messages.accessColumnGranted,
        messages.accessColumnExpires,
        messages.accessColumnDownloads,
        messages.columnStatus,
      ]}
      rows={props.grants}
      emptyText={messages.accessNoGrants}
      cells={(grant) => (
        <>
          <td>
            {grant.documentTitle} ({levelLabel(messages, grant.level)})
          </td>
          <td>{grant.grantedBy}</td>
          <td>
            <MinuteOf at={grant.grantedAt} />
          </td>
          <td>
            <MinuteOf at={grant.expiresAt} />
          </td>
          <td>{grant.downloads}</td>
          <td>
            {grant.revokedAt !== null ? (
              <>
                {messages.accessGrantRevoked} <MinuteOf at={grant.revokedAt} />
              </>
            ) : grant.isActive ? (
              messages.accessGrantActive
            ) : (
              messages.accessGrantExpired
            )}
            {props.canRevoke && grant.isActive && (
              <RowActionForm
                csrfToken={props.meta.csrfToken ?? ''}
                action={`/admin/access/grants/${grant.id}/revoke`}
                label={messages.accessRevokeButton}
                name={grant.documentTitle}
              />
            )}
          </td>
        </>
      )}
    />
  );
}

/** What was typed into the decide and ask forms, shown again with their problems. */
export interface DecisionValues {
  grantDocumentIds: number[];
  expiresOn: string;
  note: string;
  question: string;
}

/** One request: its details, messages, documents, grants, and for publishers the decide and ask forms. */
export function AccessRequestPage(props: {
  meta: AdminPageMeta;
  request: AccessRequestRecord;
  grants: (AccessGrantRecord & { isActive: boolean })[];
  canDecide: boolean;
  grantDays: number;
  values: DecisionValues;
  errors: FieldError[];
  problem?: PageProblem;
}) {
  const { messages } = props.meta;
  const { request } = props;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const pending = request.documents.filter((document) => document.outcome === 'pending');
  const decideErrors = props.errors.filter((error) => error.field !== 'question');
  const askErrors = props.errors.filter((error) => error.field === 'question');
  const downloads = props.grants.reduce((sum, grant) => sum + grant.downloads, 0);
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/access">{messages.accessBackToRequests}</a>
      </p>
      <h1>{messages.accessRequestNumber(request.id)}</h1>
      <ProblemNotice problem={props.problem} />
      <section aria-labelledby="request-details">
        <h2 id="request-details">{messages.accessDetailsHeading}</h2>
        <dl>
          <dt>{messages.accessColumnRequester}</dt>
          <dd>
            {request.isErased ? (
              messages.accessErasedPerson
            ) : (
              <a href={`/admin/access/people/${request.requesterId}`}>
                {request.name} ({request.email})
              </a>
            )}
          </dd>
          <dt>{messages.accessColumnCompany}</dt>
          <dd>{request.company}</dd>
          <dt>{messages.columnStatus}</dt>
          <dd>{statusLabel(messages, request.status)}</dd>
          <dt>{messages.accessReasonLabel}</dt>
          <dd>{request.reason === '' ? '—' : <Lines text={request.reason} />}</dd>
          <dt>{messages.accessColumnDates}</dt>
          <dd>
            {messages.accessRequestedOn} <MinuteOf at={request.createdAt} />, {messages.accessConfirmedOn}{' '}
            <MinuteOf at={request.confirmedAt} />
            {request.decidedAt !== null && (
              <>
                , {messages.accessDecidedOn} <MinuteOf at={request.decidedAt} /> ({request.decidedBy ?? '—'})
              </>
            )}
          </dd>
          {request.decisionNote !== null && (
            <>
              <dt>{messages.accessDecisionNoteLabel}</dt>
              <dd>
                <Lines text={request.decisionNote} />
              </dd>
            </>
          )}
          <dt>{messages.accessColumnDownloads}</dt>
          <dd>{downloads}</dd>
        </dl>
        <h3>{messages.accessColumnDocuments}</h3>
        <DocumentOutcomes messages={messages} request={request} />
      </section>

      {request.messages.length > 0 && (
        <section aria-labelledby="request-messages">
          <h2 id="request-messages">{messages.accessMessagesHeading}</h2>
          <ol>
            {request.messages.map((message) => (
              <li>
                <p class="count-line">
                  {message.from === 'staff' ? messages.accessMessageFromStaff : messages.accessMessageFromRequester},{' '}
                  <MinuteOf at={message.at} />
                </p>
                <p>
                  <Lines text={message.body} />
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="request-grants">
        <h2 id="request-grants">{messages.accessGrantsHeading}</h2>
        <GrantTable meta={props.meta} grants={props.grants} canRevoke={props.canDecide} />
      </section>

      {props.canDecide && pending.length > 0 && !request.isErased && (
        <section aria-labelledby="decide">
          <h2 id="decide">{messages.accessDecideHeading}</h2>
          <p>{messages.accessDecideIntro}</p>
          <ErrorSummary messages={messages} errors={decideErrors} />
          <form method="post" action={`/admin/access/${request.id}/decide`} novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <fieldset id="documents" aria-describedby={errorFor('documents') ? 'documents-error' : undefined}>
              <legend>{messages.accessGrantLegend}</legend>
              {errorFor('documents') && (
                <p id="documents-error">
                  <strong>{messages.errorPrefix}</strong> {errorFor('documents')}
                </p>
              )}
              {pending.map((document) => (
                <p class="filter-row">
                  <input
                    id={`grant-${document.documentId}`}
                    name="grant"
                    type="checkbox"
                    value={String(document.documentId)}
                    checked={props.values.grantDocumentIds.includes(document.documentId)}
                  />
                  <label for={`grant-${document.documentId}`}>
                    {document.title} ({levelLabel(messages, document.level)})
                  </label>
                </p>
              ))}
            </fieldset>
            <div>
              <FieldLabel
                messages={messages}
                id="expiresOn"
                label={messages.accessExpiresOnLabel}
                hint={messages.accessExpiresOnHint(props.grantDays)}
                error={errorFor('expiresOn')}
              />
              <p>
                <input
                  id="expiresOn"
                  name="expiresOn"
                  type="date"
                  value={props.values.expiresOn}
                  aria-invalid={errorFor('expiresOn') ? 'true' : undefined}
                  aria-describedby={errorFor('expiresOn') ? 'expiresOn-hint expiresOn-error' : 'expiresOn-hint'}
                />
              </p>
            </div>
            <FormField
              messages={messages}
              id="note"
              label={messages.accessNoteLabel}
              hint={messages.accessNoteHint}
              type="textarea"
              value={props.values.note}
              maxlength={REQUEST_LIMITS.note}
              error={errorFor('note')}
            />
            <p>
              <button type="submit">{messages.accessDecideButton}</button>
            </p>
          </form>
        </section>
      )}

      {props.canDecide && request.status === 'pending' && !request.isErased && (
        <section aria-labelledby="ask">
          <h2 id="ask">{messages.accessAskHeading}</h2>
          <p>{messages.accessAskIntro}</p>
          <ErrorSummary messages={messages} errors={askErrors} />
          <form method="post" action={`/admin/access/${request.id}/ask`} novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="question"
              label={messages.accessQuestionLabel}
              type="textarea"
              value={props.values.question}
              maxlength={REQUEST_LIMITS.note}
              error={errorFor('question')}
              required
            />
            <p>
              <button type="submit">{messages.accessAskButton}</button>
            </p>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}

/** Per person or per company: what was requested, granted and downloaded. */
export function AccessSummaryPage(props: { meta: AdminPageMeta; by: 'person' | 'company'; rows: AccessSummaryRow[] }) {
  const { messages } = props.meta;
  const title = props.by === 'person' ? messages.accessPeopleTitle : messages.accessCompaniesTitle;
  const path = props.by === 'person' ? '/admin/access/people' : '/admin/access/companies';
  return (
    <AdminLayout meta={props.meta}>
      <h1>{title}</h1>
      <AccessTabs messages={messages} path={path} />
      <RowTable
        columns={[
          props.by === 'person' ? messages.accessColumnRequester : messages.accessColumnCompany,
          messages.accessColumnRequests,
          messages.accessColumnDocumentsRequested,
          messages.accessColumnGrants,
          messages.accessColumnDownloads,
          messages.accessColumnLastActivity,
        ]}
        rows={props.rows}
        emptyText={messages.accessNoRequests}
        cells={(row) => (
          <>
            <td>
              {props.by === 'person' && row.key.startsWith('person:') ? (
                <a href={`/admin/access/people/${row.key.slice('person:'.length)}`}>{row.label}</a>
              ) : (
                row.label
              )}
            </td>
            <td>{row.requests}</td>
            <td>{row.documentsRequested}</td>
            <td>{messages.accessGrantCounts(row.grantsActive, row.grantsTotal)}</td>
            <td>{row.downloads}</td>
            <td>
              <MinuteOf at={row.lastActivityAt} />
            </td>
          </>
        )}
      />
    </AdminLayout>
  );
}

/** One requester: their requests, grants and downloads, and for admins the erasure form. */
export function AccessPersonPage(props: {
  meta: AdminPageMeta;
  requesterId: number;
  requests: AccessRequestRecord[];
  grants: (AccessGrantRecord & { isActive: boolean })[];
  downloads: { documentTitle: string; at: string; isWatermarked: boolean }[];
  canErase: boolean;
  errors: FieldError[];
}) {
  const { messages } = props.meta;
  const first = props.requests[0];
  const isErased = first?.isErased ?? false;
  const heading = !first || isErased ? messages.accessErasedPerson : `${first.name} (${first.email})`;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/access/people">{messages.accessBackToPeople}</a>
      </p>
      <h1>{heading}</h1>
      <section aria-labelledby="person-requests">
        <h2 id="person-requests">{messages.accessRequestsTitle}</h2>
        <RowTable
          columns={[
            messages.accessColumnRequest,
            messages.accessColumnCompany,
            messages.accessColumnDocuments,
            messages.columnStatus,
            messages.accessColumnDates,
          ]}
          rows={props.requests}
          cells={(request) => (
            <>
              <td>
                <a href={`/admin/access/${request.id}`}>{messages.accessRequestNumber(request.id)}</a>
              </td>
              <td>{request.company}</td>
              <td>
                <DocumentOutcomes messages={messages} request={request} />
              </td>
              <td>{statusLabel(messages, request.status)}</td>
              <td>
                <MinuteOf at={request.createdAt} />
              </td>
            </>
          )}
        />
      </section>
      <section aria-labelledby="person-grants">
        <h2 id="person-grants">{messages.accessGrantsHeading}</h2>
        <GrantTable meta={props.meta} grants={props.grants} canRevoke={false} />
      </section>
      <section aria-labelledby="person-downloads">
        <h2 id="person-downloads">{messages.accessDownloadsHeading}</h2>
        {props.downloads.length === 0 ? (
          <p>{messages.accessNoDownloads}</p>
        ) : (
          <ul>
            {props.downloads.map((download) => (
              <li>
                <MinuteOf at={download.at} />: {download.documentTitle}
                {download.isWatermarked ? ` (${messages.accessWatermarked})` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.canErase && !isErased && (
        <section aria-labelledby="erase">
          <h2 id="erase">{messages.accessEraseHeading}</h2>
          <p>{messages.accessEraseRemoves}</p>
          <p>{messages.accessEraseKeeps}</p>
          <ErrorSummary messages={messages} errors={props.errors} />
          <form method="post" action={`/admin/access/people/${props.requesterId}/erase`} novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            {errorFor('confirm') && (
              <p id="confirm-error">
                <strong>{messages.errorPrefix}</strong> {errorFor('confirm')}
              </p>
            )}
            <p class="filter-row">
              <input
                id="confirm"
                name="confirm"
                type="checkbox"
                value="on"
                required
                aria-invalid={errorFor('confirm') ? 'true' : undefined}
                aria-describedby={errorFor('confirm') ? 'confirm-error' : undefined}
              />
              <label for="confirm">{messages.accessEraseConfirmLabel}</label>
            </p>
            <p>
              <button type="submit">{messages.accessEraseButton}</button>
            </p>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}

/** What was typed into the new-rule form. */
export interface RuleValues {
  pattern: string;
  action: string;
  maxLevel: string;
}

/** Domain rules and the two switches; admins change them. */
export function AccessRulesPage(props: {
  meta: AdminPageMeta;
  rules: DomainRule[];
  canChange: boolean;
  isFreeMailDenied: boolean;
  isNdaClickThrough: boolean;
  freeMailDomains: readonly string[];
  values: RuleValues;
  errors: FieldError[];
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const actionLabel = (rule: DomainRule) =>
    rule.action === 'deny'
      ? messages.accessRuleDeny
      : messages.accessRuleApproveUpTo(levelLabel(messages, rule.maxLevel ?? 'nda'));
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.accessRulesTitle}</h1>
      <AccessTabs messages={messages} path="/admin/access/rules" />
      <p>{messages.accessRulesIntro}</p>
      <section aria-labelledby="rules-list">
        <h2 id="rules-list">{messages.accessRulesListHeading}</h2>
        <RowTable
          columns={[
            messages.accessRulePatternLabel,
            messages.accessRuleActionLabel,
            messages.accessColumnAdded,
            props.canChange && messages.accessColumnActions,
          ]}
          rows={props.rules}
          emptyText={messages.accessNoRules}
          cells={(rule) => (
            <>
              <td>
                <code>{rule.pattern}</code>
              </td>
              <td>{actionLabel(rule)}</td>
              <td>
                <MinuteOf at={rule.createdAt} /> ({rule.createdBy})
              </td>
              {props.canChange && (
                <td>
                  <RowActionForm
                    csrfToken={props.meta.csrfToken ?? ''}
                    action={`/admin/access/rules/${rule.id}/delete`}
                    label={messages.accessRuleDeleteButton}
                    name={rule.pattern}
                  />
                </td>
              )}
            </>
          )}
        />
      </section>
      {props.canChange && (
        <section aria-labelledby="rule-new">
          <h2 id="rule-new">{messages.accessRuleAddHeading}</h2>
          <ErrorSummary messages={messages} errors={props.errors} />
          <form method="post" action="/admin/access/rules" novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="pattern"
              label={messages.accessRulePatternLabel}
              hint={messages.accessRulePatternHint}
              type="text"
              value={props.values.pattern}
              maxlength={253}
              error={errorFor('pattern')}
              required
            />
            <FormField
              messages={messages}
              id="action"
              label={messages.accessRuleActionLabel}
              type="select"
              value={props.values.action}
              options={[
                { value: 'approve', label: messages.accessRuleApprove },
                { value: 'deny', label: messages.accessRuleDeny },
              ]}
              error={errorFor('action')}
            />
            <FormField
              messages={messages}
              id="maxLevel"
              label={messages.accessRuleMaxLevelLabel}
              hint={messages.accessRuleMaxLevelHint}
              type="select"
              value={props.values.maxLevel}
              options={[
                { value: 'nda', label: levelLabel(messages, 'nda') },
                { value: 'request', label: messages.accessRuleMaxLevelRequest },
              ]}
              error={errorFor('maxLevel')}
            />
            <p>
              <button type="submit">{messages.accessRuleAddButton}</button>
            </p>
          </form>
        </section>
      )}
      <section aria-labelledby="switches">
        <h2 id="switches">{messages.accessSwitchesHeading}</h2>
        <form method="post" action="/admin/access/settings">
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <p class="filter-row">
            <input
              id="denyFreeMail"
              name="denyFreeMail"
              type="checkbox"
              value="on"
              checked={props.isFreeMailDenied}
              disabled={!props.canChange}
              aria-describedby="denyFreeMail-hint"
            />
            <label for="denyFreeMail">{messages.accessFreeMailLabel}</label>
          </p>
          <p id="denyFreeMail-hint" class="count-line">
            {messages.accessFreeMailHint}
          </p>
          <p class="count-line">
            {messages.accessFreeMailListSummary(props.freeMailDomains.length)} {props.freeMailDomains.join(', ')}
          </p>
          <p class="filter-row">
            <input
              id="ndaClickThrough"
              name="ndaClickThrough"
              type="checkbox"
              value="on"
              checked={props.isNdaClickThrough}
              disabled={!props.canChange}
              aria-describedby="ndaClickThrough-hint"
            />
            <label for="ndaClickThrough">{messages.accessClickThroughLabel}</label>
          </p>
          <p id="ndaClickThrough-hint" class="count-line">
            {messages.accessClickThroughHint}
          </p>
          {props.canChange && (
            <p>
              <button type="submit">{messages.accessSwitchesButton}</button>
            </p>
          )}
        </form>
      </section>
    </AdminLayout>
  );
}
