import { raw } from 'hono/html';
import { NDA_LIMITS, type NdaAcceptanceRecord, type NdaVersion } from '../../../domain/nda.js';
import { CsrfField, ErrorSummary, type FieldError, FormField } from '../../components/admin-form.js';
import { MinuteOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SitePagination } from './site-form.js';

/** What was typed into the publish form. */
export interface NdaValues {
  label: string;
  body: string;
}

/** The NDA: the current text and its SHA-256, older versions, acceptances, and for admins a new version. */
export function NdaPage(props: {
  meta: AdminPageMeta;
  versions: NdaVersion[];
  /** The current version's text rendered from Markdown by the sanitizing renderer. */
  currentHtml: string | undefined;
  acceptances: NdaAcceptanceRecord[];
  total: number;
  page: number;
  pageCount: number;
  canPublish: boolean;
  values: NdaValues;
  errors: FieldError[];
}) {
  const { messages } = props.meta;
  const [current, ...older] = props.versions;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/access">{messages.accessBackToRequests}</a>
      </p>
      <h1>{messages.ndaTitle}</h1>
      <section aria-labelledby="nda-current">
        <h2 id="nda-current">{messages.ndaCurrentHeading}</h2>
        {current === undefined ? (
          <p>{messages.ndaNone}</p>
        ) : (
          <>
            <dl>
              <dt>{messages.ndaLabelLabel}</dt>
              <dd>{current.label}</dd>
              <dt>{messages.ndaShaLabel}</dt>
              <dd>
                <code>{current.sha256}</code>
              </dd>
              <dt>{messages.ndaPublishedLabel}</dt>
              <dd>
                <MinuteOf at={current.publishedAt} /> ({current.publishedBy})
              </dd>
            </dl>
            <div class="answer">{raw(props.currentHtml ?? '')}</div>
          </>
        )}
      </section>
      {older.length > 0 && (
        <section aria-labelledby="nda-older">
          <h2 id="nda-older">{messages.ndaOlderHeading}</h2>
          <RowTable
            columns={[messages.ndaLabelLabel, messages.ndaShaLabel, messages.ndaPublishedLabel]}
            rows={older}
            cells={(version) => (
              <>
                <td>{version.label}</td>
                <td>
                  {/* A table cell is as wide as its longest word: the hash must be allowed to break. */}
                  <code class="hash">{version.sha256}</code>
                </td>
                <td>
                  <MinuteOf at={version.publishedAt} /> ({version.publishedBy})
                </td>
              </>
            )}
          />
        </section>
      )}
      {props.canPublish && (
        <section aria-labelledby="nda-publish">
          <h2 id="nda-publish">{messages.ndaPublishHeading}</h2>
          <p>{messages.ndaPublishIntro}</p>
          <ErrorSummary messages={messages} errors={props.errors} />
          <form method="post" action="/admin/nda" novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="label"
              label={messages.ndaLabelLabel}
              hint={messages.ndaLabelHint}
              type="text"
              value={props.values.label}
              maxlength={NDA_LIMITS.label}
              error={errorFor('label')}
              required
            />
            <FormField
              messages={messages}
              id="body"
              label={messages.ndaBodyLabel}
              type="textarea"
              rows={16}
              value={props.values.body}
              maxlength={NDA_LIMITS.body}
              error={errorFor('body')}
              required
            />
            <p>
              <button type="submit">{messages.ndaPublishButton}</button>
            </p>
          </form>
        </section>
      )}
      <section aria-labelledby="nda-acceptances">
        <h2 id="nda-acceptances">{messages.ndaAcceptancesHeading}</h2>
        <p class="count-line">{messages.ndaAcceptanceCount(props.total)}</p>
        <p>
          <a href="/admin/nda/acceptances.csv">{messages.ndaExportLink}</a>
        </p>
        <RowTable
          columns={[
            messages.ndaAcceptedAtLabel,
            messages.accessColumnRequester,
            messages.accessColumnCompany,
            messages.ndaLabelLabel,
            messages.ndaFromLabel,
            messages.accessColumnRequest,
          ]}
          rows={props.acceptances}
          emptyText={messages.ndaNoAcceptances}
          cells={(acceptance) => (
            <>
              <td>
                <MinuteOf at={acceptance.acceptedAt} />
              </td>
              <td>
                {acceptance.email === '' ? messages.accessErasedPerson : `${acceptance.name} (${acceptance.email})`}
              </td>
              <td>{acceptance.company}</td>
              <td>
                {acceptance.ndaLabel} (<code>{acceptance.ndaSha256.slice(0, 12)}</code>)
              </td>
              <td>
                {acceptance.ip} {acceptance.userAgent}
              </td>
              <td>
                <a href={`/admin/access/${acceptance.requestId}`}>
                  {messages.accessRequestNumber(acceptance.requestId)}
                </a>
              </td>
            </>
          )}
        />
        <SitePagination
          messages={messages}
          label={messages.paginationLabel}
          basePath="/admin/nda"
          page={props.page}
          pageCount={props.pageCount}
        />
      </section>
    </AdminLayout>
  );
}
