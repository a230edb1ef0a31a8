import type { MailLanguage, MailRecord, MailStatus, MailSummary } from '../../../domain/mail.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import {
  CsrfField,
  ErrorSummary,
  type FieldError,
  FormField,
  type PageProblem,
  ProblemNotice,
} from '../../components/admin-form.js';
import { MinuteOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SitePagination } from './site-form.js';

/** What was typed into the test-mail form, shown again when it has problems. */
export interface TestMailValues {
  to: string;
  language: string;
}

function statusLabel(messages: AdminMessages, status: MailStatus): string {
  const labels: Record<MailStatus, string> = {
    queued: messages.outboxStatusQueued,
    sending: messages.outboxStatusSending,
    sent: messages.outboxStatusSent,
    failed: messages.outboxStatusFailed,
  };
  return labels[status];
}

function languageLabel(messages: AdminMessages, language: MailLanguage): string {
  return language === 'sv' ? messages.outboxLanguageSwedish : messages.outboxLanguageEnglish;
}

function isRetryable(status: MailStatus): boolean {
  return status === 'queued' || status === 'failed';
}

/** The outbox: every mail with its delivery state, and the form that sends a test mail. */
export function MailListPage(props: {
  meta: AdminPageMeta;
  mails: MailSummary[];
  total: number;
  page: number;
  pageCount: number;
  isSending: boolean;
  values: TestMailValues;
  errors: FieldError[];
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.outboxTitle}</h1>
      <p>{messages.outboxIntro}</p>
      <p>
        <strong>{props.isSending ? messages.outboxSendingOn : messages.outboxSendingOff}</strong>
      </p>
      <section aria-labelledby="outbox-list">
        <h2 id="outbox-list">{messages.outboxListHeading}</h2>
        <p class="count-line">{messages.outboxCount(props.total)}</p>
        <RowTable
          columns={[
            messages.outboxColumnStatus,
            messages.outboxColumnRecipient,
            messages.outboxColumnSubject,
            messages.outboxColumnKind,
            messages.outboxColumnAttempts,
            messages.outboxColumnNextAttempt,
            messages.outboxColumnCreated,
          ]}
          rows={props.mails}
          emptyText={messages.outboxEmpty}
          cells={(mail) => (
            <>
              <td>{statusLabel(messages, mail.status)}</td>
              <td>{mail.to}</td>
              <td>
                <a href={`/admin/outbox/${mail.id}`}>{mail.subject}</a>
              </td>
              <td>{mail.kind}</td>
              <td>{mail.attempts}</td>
              <td>{isRetryable(mail.status) ? <MinuteOf at={mail.nextAttemptAt} /> : '—'}</td>
              <td>
                <MinuteOf at={mail.createdAt} />
              </td>
            </>
          )}
        />
        <SitePagination
          messages={messages}
          label={messages.paginationLabel}
          basePath="/admin/outbox"
          page={props.page}
          pageCount={props.pageCount}
        />
      </section>

      <section aria-labelledby="test-mail">
        <h2 id="test-mail">{messages.outboxTestHeading}</h2>
        <p>{messages.outboxTestIntro}</p>
        <ErrorSummary messages={messages} errors={props.errors} />
        <form method="post" action="/admin/outbox/test" novalidate>
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <FormField
            messages={messages}
            id="to"
            label={messages.outboxTestAddressLabel}
            type="email"
            autocomplete="email"
            value={props.values.to}
            error={errorFor('to')}
            required
          />
          <FormField
            messages={messages}
            id="language"
            label={messages.outboxTestLanguageLabel}
            type="select"
            value={props.values.language}
            options={[
              { value: 'en', label: messages.outboxLanguageEnglish },
              { value: 'sv', label: messages.outboxLanguageSwedish },
            ]}
            error={errorFor('language')}
          />
          <p>
            <button type="submit">{messages.outboxTestButton}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

/** One mail: its delivery state, its text as sent (escaped), and Retry now while it is queued or failed. */
export function MailPage(props: { meta: AdminPageMeta; mail: MailRecord; problem?: PageProblem }) {
  const { messages } = props.meta;
  const { mail } = props;
  const headers = Object.entries(mail.headers);
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/outbox">{messages.outboxBackToList}</a>
      </p>
      <h1>{mail.subject}</h1>
      <ProblemNotice problem={props.problem} />
      <section aria-labelledby="mail-details">
        <h2 id="mail-details">{messages.outboxDetailsHeading}</h2>
        <dl>
          <dt>{messages.outboxColumnStatus}</dt>
          <dd>{statusLabel(messages, mail.status)}</dd>
          <dt>{messages.outboxColumnRecipient}</dt>
          <dd>{mail.to}</dd>
          <dt>{messages.outboxColumnKind}</dt>
          <dd>{mail.kind}</dd>
          <dt>{messages.outboxColumnLanguage}</dt>
          <dd>{languageLabel(messages, mail.language)}</dd>
          <dt>{messages.outboxColumnAttempts}</dt>
          <dd>{mail.attempts}</dd>
          {isRetryable(mail.status) && (
            <>
              <dt>{messages.outboxColumnNextAttempt}</dt>
              <dd>
                <MinuteOf at={mail.nextAttemptAt} />
              </dd>
            </>
          )}
          {mail.lastError !== null && (
            <>
              <dt>{messages.outboxColumnLastError}</dt>
              <dd>
                <code>{mail.lastError}</code>
              </dd>
            </>
          )}
          <dt>{messages.outboxColumnCreated}</dt>
          <dd>
            <MinuteOf at={mail.createdAt} />
          </dd>
          <dt>{messages.outboxColumnSent}</dt>
          <dd>
            <MinuteOf at={mail.sentAt} />
          </dd>
        </dl>
        {isRetryable(mail.status) && (
          <form method="post" action={`/admin/outbox/${mail.id}/retry`}>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <p class="count-line" id="retry-hint">
              {messages.outboxRetryHint}
            </p>
            <p>
              <button type="submit" aria-describedby="retry-hint">
                {messages.outboxRetryButton}
              </button>
            </p>
          </form>
        )}
      </section>
      {headers.length > 0 && (
        <section aria-labelledby="mail-headers">
          <h2 id="mail-headers">{messages.outboxHeadersHeading}</h2>
          <dl>
            {headers.map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="mail-text">
        <h2 id="mail-text">{messages.outboxTextHeading}</h2>
        {/* The text exactly as sent, escaped: a link in it is read and copied, not followed from here. */}
        <pre class="mail-text" tabindex={0}>
          {mail.text}
        </pre>
      </section>
    </AdminLayout>
  );
}
