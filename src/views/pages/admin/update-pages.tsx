import { raw } from 'hono/html';
import { MAIL_ADDRESS_MAX_LENGTH } from '../../../domain/mail.js';
import {
  MAX_NOTICE_LEAD_DAYS,
  type NoticeRecord,
  type SubscriberCount,
  UPDATE_CATEGORIES,
  UPDATE_LIMITS,
  type UpdateInput,
  type UpdateRecord,
} from '../../../domain/update.js';
import { getMessages, localizePath } from '../../../i18n/index.js';
import { CsrfField, ErrorSummary, type FieldError, FormField } from '../../components/admin-form.js';
import { MinuteOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SitePagination } from './site-form.js';

/** What was typed into the update form, shown again when it has problems. */
export type UpdateFormValues = UpdateInput;

// Category names as visitors read them in English; staff pages are English.
const categoryNames = getMessages('en').updateCategories;
const topicNames = getMessages('en').subscriptionTopics;

/** Every update, drafts first in date order, with a link to write one. */
export function UpdateListPage(props: {
  meta: AdminPageMeta;
  updates: UpdateRecord[];
  total: number;
  page: number;
  pageCount: number;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.updatesTitle}</h1>
      <p>{messages.updatesIntro}</p>
      {props.canEdit && (
        <p>
          <a class="button-link" href="/admin/updates/new">
            {messages.updatesNew}
          </a>
        </p>
      )}
      <p class="count-line">{messages.updatesCount(props.total)}</p>
      <RowTable
        columns={[
          messages.updatesTitleLabel,
          messages.updatesCategoryLabel,
          messages.updatesDateLabel,
          messages.updatesStatusLabel,
        ]}
        rows={props.updates}
        emptyText={messages.updatesNone}
        cells={(update) => (
          <>
            <td>
              <a href={`/admin/updates/${update.id}`}>{update.title}</a>
            </td>
            <td>{categoryNames[update.category]}</td>
            <td>{update.date}</td>
            <td>
              <span class={`status ${update.status}`}>
                {update.status === 'draft' ? messages.updatesStatusDraft : messages.updatesStatusPublished}
              </span>
            </td>
          </>
        )}
      />
      <SitePagination
        messages={messages}
        label={messages.updatesTitle}
        basePath="/admin/updates"
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** The form that writes a new update or edits one; an existing one also offers publish and delete. */
export function UpdateEditorPage(props: {
  meta: AdminPageMeta;
  update: UpdateRecord | undefined;
  values: UpdateFormValues;
  errors: FieldError[];
  canPublish: boolean;
  /** The body rendered for the preview (sanitized), when there is one. */
  previewHtml?: string;
}) {
  const { messages, csrfToken } = props.meta;
  const { update, values } = props;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const action = update ? `/admin/updates/${update.id}` : '/admin/updates';
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/updates">{messages.updatesBack}</a>
      </p>
      <h1>{update ? messages.updatesEditTitle(update.title) : messages.updatesNewTitle}</h1>
      {update && (
        <p>
          {messages.updatesStatusLabel}:{' '}
          <strong>{update.status === 'draft' ? messages.updatesStatusDraft : messages.updatesStatusPublished}</strong>
          {update.status === 'published' && (
            <>
              {' · '}
              <a href={localizePath(`/updates/${update.slug}`, 'en')}>{messages.updatesPublicLink}</a>
            </>
          )}
        </p>
      )}
      <ErrorSummary messages={messages} errors={props.errors} />
      <form method="post" action={action} novalidate>
        <CsrfField token={csrfToken ?? ''} />
        <div class="editor-columns">
          <div>
            <FormField
              messages={messages}
              id="title"
              label={messages.updatesTitleLabel}
              type="text"
              value={values.title}
              maxlength={UPDATE_LIMITS.title}
              error={errorFor('title')}
              required
            />
            <FormField
              messages={messages}
              id="body"
              label={messages.updatesBodyLabel}
              type="textarea"
              rows={12}
              value={values.body}
              error={errorFor('body')}
              required
            />
          </div>
          <div lang="sv">
            <FormField
              messages={messages}
              id="titleSv"
              label={messages.updatesTitleSvLabel}
              type="text"
              value={values.titleSv}
              maxlength={UPDATE_LIMITS.title}
              hint={messages.updatesSwedishHint}
              error={errorFor('titleSv')}
            />
            <FormField
              messages={messages}
              id="bodySv"
              label={messages.updatesBodySvLabel}
              type="textarea"
              rows={12}
              value={values.bodySv}
              error={errorFor('bodySv')}
            />
          </div>
        </div>
        <FormField
          messages={messages}
          id="category"
          label={messages.updatesCategoryLabel}
          type="select"
          value={values.category}
          options={UPDATE_CATEGORIES.map((category) => ({ value: category, label: categoryNames[category] }))}
          error={errorFor('category')}
        />
        <FormField
          messages={messages}
          id="date"
          label={messages.updatesDateLabel}
          type="text"
          size={12}
          value={values.date}
          error={errorFor('date')}
          required
        />
        <p>
          <button type="submit">{update ? messages.updatesSave : messages.updatesCreate}</button>
        </p>
      </form>
      {props.previewHtml !== undefined && <div class="answer card">{raw(props.previewHtml)}</div>}
      {update && props.canPublish && update.status === 'draft' && (
        <form method="post" action={`/admin/updates/${update.id}/publish`}>
          <CsrfField token={csrfToken ?? ''} />
          <p>
            <button type="submit">{messages.updatesPublish}</button>
          </p>
        </form>
      )}
      {update && (update.status === 'draft' || props.canPublish) && (
        <form method="post" action={`/admin/updates/${update.id}/delete`}>
          <CsrfField token={csrfToken ?? ''} />
          <p class="count-line">{messages.updatesDeleteHint}</p>
          <p>
            <button type="submit">{messages.updatesDelete}</button>
          </p>
        </form>
      )}
    </AdminLayout>
  );
}

/** Subscribers by topic, the notice lead time, erasure of an address, and the record of notices sent. */
export function SubscribersPage(props: {
  meta: AdminPageMeta;
  counts: SubscriberCount[];
  leadDays: string;
  notices: NoticeRecord[];
  noticeTotal: number;
  page: number;
  pageCount: number;
  canAdminister: boolean;
  eraseEmail: string;
  errors: FieldError[];
}) {
  const { messages, csrfToken } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const lateCount = props.notices.filter((notice) => notice.isLate).length;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.subscribersTitle}</h1>
      <p>{messages.subscribersIntro}</p>
      <ErrorSummary messages={messages} errors={props.errors} />
      <RowTable
        columns={[
          messages.subscribersTopicLabel,
          messages.subscribersConfirmedLabel,
          messages.subscribersUnconfirmedLabel,
        ]}
        rows={props.counts}
        cells={(count) => (
          <>
            <th scope="row">{topicNames[count.topic]}</th>
            <td>{count.confirmed}</td>
            <td>{count.unconfirmed}</td>
          </>
        )}
      />
      <section aria-labelledby="lead-heading">
        <h2 id="lead-heading">{messages.subscribersLeadHeading}</h2>
        {props.canAdminister ? (
          <form method="post" action="/admin/subscribers/lead-time" novalidate>
            <CsrfField token={csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="leadDays"
              label={messages.subscribersLeadLabel}
              type="text"
              inputMode="numeric"
              size={4}
              maxlength={String(MAX_NOTICE_LEAD_DAYS).length}
              value={props.leadDays}
              hint={messages.subscribersLeadHint}
              error={errorFor('leadDays')}
              required
            />
            <p>
              <button type="submit">{messages.subscribersLeadSave}</button>
            </p>
          </form>
        ) : (
          <p>
            {messages.subscribersLeadLabel}: {props.leadDays}
          </p>
        )}
      </section>
      {props.canAdminister && (
        <section aria-labelledby="erase-heading">
          <h2 id="erase-heading">{messages.subscribersEraseHeading}</h2>
          <form method="post" action="/admin/subscribers/erase" novalidate>
            <CsrfField token={csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="email"
              label={messages.subscribersEraseLabel}
              type="email"
              maxlength={MAIL_ADDRESS_MAX_LENGTH}
              value={props.eraseEmail}
              hint={messages.subscribersEraseHint}
              error={errorFor('email')}
              required
            />
            <p>
              <button type="submit">{messages.subscribersEraseButton}</button>
            </p>
          </form>
        </section>
      )}
      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{messages.noticesHeading}</h2>
        <p class="count-line">
          {messages.noticesCount(props.noticeTotal)}
          {props.noticeTotal > 0 && (
            <>
              {' · '}
              <a href="/admin/subscribers/notices.csv">{messages.noticesExport}</a>
            </>
          )}
        </p>
        {lateCount > 0 && (
          <p class="badge expired" role="status">
            {messages.noticesLateWarning(lateCount)}
          </p>
        )}
        <RowTable
          columns={[
            messages.noticesSentLabel,
            messages.noticesToLabel,
            messages.noticesChangeLabel,
            messages.noticesEffectiveLabel,
          ]}
          rows={props.notices}
          emptyText={messages.noticesNone}
          cells={(notice) => (
            <>
              <td>
                <MinuteOf at={notice.sentAt} />
              </td>
              <td>
                {notice.email === '' ? (
                  <>
                    {messages.noticesErased} <code class="hash">{notice.emailSha256.slice(0, 16)}…</code>
                  </>
                ) : (
                  notice.email
                )}
              </td>
              <td>
                {notice.changeKind}: {notice.subprocessorName}
              </td>
              <td>
                {notice.effectiveOn}
                {notice.isLate && (
                  <>
                    {' '}
                    <strong>{messages.noticesLate(notice.leadDays)}</strong>
                  </>
                )}
              </td>
            </>
          )}
        />
        <SitePagination
          messages={messages}
          label={messages.noticesHeading}
          basePath="/admin/subscribers"
          page={props.page}
          pageCount={props.pageCount}
        />
      </section>
    </AdminLayout>
  );
}
