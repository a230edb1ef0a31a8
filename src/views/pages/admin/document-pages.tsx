import {
  ACCESS_LEVELS,
  type AccessLevel,
  DOCUMENT_LIMITS,
  type DocumentListItem,
  type DocumentVersion,
  formatFileSize,
} from '../../../domain/document.js';
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
import { RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { LanguageColumns } from './site-form.js';

/** The document forms' fields as typed, to show them again after a refusal. */
export type DocumentFormValues = Record<string, string>;

/** The empty values of the new-document form. */
export const EMPTY_DOCUMENT_VALUES: DocumentFormValues = {
  slug: '',
  title: '',
  description: '',
  category: '',
  language: 'en',
  accessLevel: 'public',
  versionLabel: '',
  validFrom: '',
  validUntil: '',
};

/** How an access level is named to staff. */
export function describeLevel(messages: AdminMessages, level: AccessLevel): string {
  const names: Record<AccessLevel, string> = {
    public: messages.documentLevelPublic,
    nda: messages.documentLevelNda,
    request: messages.documentLevelRequest,
  };
  return names[level];
}

/** A document's state in words: archived, expired, expiring soon, or current. */
export function DocumentStatus(props: { messages: AdminMessages; document: DocumentListItem }) {
  const { messages, document } = props;
  if (document.archivedAt !== null) return <span>{messages.documentStatusArchived}</span>;
  if (document.isExpired) return <strong>{messages.documentStatusExpired}</strong>;
  if (document.isExpiringSoon) return <strong>{messages.documentStatusExpiringSoon}</strong>;
  return <span>{messages.documentStatusCurrent}</span>;
}

function Validity(props: { messages: AdminMessages; version: DocumentVersion | null }) {
  const { version } = props;
  if (!version) return null;
  if (version.validUntil === null) {
    return <time datetime={version.validFrom}>{props.messages.documentValidFromOnly(version.validFrom)}</time>;
  }
  return (
    <>
      <time datetime={version.validFrom}>{version.validFrom}</time> –{' '}
      <time datetime={version.validUntil}>{version.validUntil}</time>
    </>
  );
}

/** Every document, with its level, current version, validity and whether it has expired. */
export function DocumentListPage(props: { meta: AdminPageMeta; rows: DocumentListItem[]; canEdit: boolean }) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.documentsTitle}</h1>
      <p class="lead">{messages.documentsIntro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/documents/new">
            {messages.documentNewLink}
          </a>
        </p>
      )}
      <RowTable
        columns={[
          messages.documentColumnTitle,
          messages.documentColumnCategory,
          messages.documentColumnLevel,
          messages.documentColumnVersion,
          messages.documentColumnValidity,
          messages.documentColumnStatus,
        ]}
        rows={props.rows}
        emptyText={messages.documentsNone}
        cells={(row) => (
          <>
            <th scope="row">
              <a href={`/admin/documents/${row.slug}`}>{row.title}</a>
            </th>
            <td>{row.category}</td>
            <td>{describeLevel(messages, row.accessLevel)}</td>
            <td>{row.current?.versionLabel ?? ''}</td>
            <td>
              <Validity messages={messages} version={row.current} />
            </td>
            <td>
              <DocumentStatus messages={messages} document={row} />
            </td>
          </>
        )}
      />
    </AdminLayout>
  );
}

function fieldError(errors: FieldError[], field: string): string | undefined {
  return errors.find((error) => error.field === field)?.message;
}

/** The metadata fields shared by the new-document and edit forms. */
function MetadataFields(props: { messages: AdminMessages; values: DocumentFormValues; errors: FieldError[] }) {
  const { messages, values, errors } = props;
  return (
    <>
      <FormField
        messages={messages}
        id="title"
        type="text"
        label={messages.documentTitleLabel}
        maxlength={DOCUMENT_LIMITS.title}
        value={values.title}
        error={fieldError(errors, 'title')}
        required
      />
      <FormField
        messages={messages}
        id="description"
        type="textarea"
        rows={5}
        label={messages.documentDescriptionLabel}
        hint={messages.documentDescriptionHint(DOCUMENT_LIMITS.description)}
        value={values.description}
        error={fieldError(errors, 'description')}
      />
      <FormField
        messages={messages}
        id="category"
        type="text"
        label={messages.documentCategoryLabel}
        hint={messages.documentCategoryHint(DOCUMENT_LIMITS.category)}
        maxlength={DOCUMENT_LIMITS.category}
        value={values.category}
        error={fieldError(errors, 'category')}
        required
      />
      <FormField
        messages={messages}
        id="language"
        type="text"
        size={10}
        label={messages.documentLanguageLabel}
        hint={messages.documentLanguageHint}
        maxlength={20}
        value={values.language}
        error={fieldError(errors, 'language')}
        required
      />
      <FormField
        messages={messages}
        id="accessLevel"
        type="select"
        label={messages.documentLevelLabel}
        hint={messages.documentLevelHint}
        options={ACCESS_LEVELS.map((level) => ({ value: level, label: describeLevel(messages, level) }))}
        value={values.accessLevel}
        error={fieldError(errors, 'accessLevel')}
      />
    </>
  );
}

/** The file and version fields of an upload. */
function VersionFields(props: {
  messages: AdminMessages;
  values: DocumentFormValues;
  errors: FieldError[];
  maxBytes: number;
}) {
  const { messages, values, errors } = props;
  const fileError = fieldError(errors, 'file');
  return (
    <>
      <div>
        <FieldLabel
          messages={messages}
          id="file"
          label={messages.documentFileLabel}
          hint={messages.documentFileHint(formatFileSize(props.maxBytes))}
          error={fileError}
        />
        <p>
          <input
            id="file"
            name="file"
            type="file"
            required
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileError ? 'file-hint file-error' : 'file-hint'}
            accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.txt,.csv"
          />
        </p>
      </div>
      <FormField
        messages={messages}
        id="versionLabel"
        type="text"
        size={12}
        label={messages.documentVersionLabel}
        hint={messages.documentVersionHint}
        maxlength={DOCUMENT_LIMITS.versionLabel}
        value={values.versionLabel}
        error={fieldError(errors, 'versionLabel')}
        required
      />
      <FormField
        messages={messages}
        id="validFrom"
        type="text"
        size={12}
        inputMode="numeric"
        label={messages.documentValidFromLabel}
        hint={messages.documentDateHint}
        maxlength={10}
        value={values.validFrom}
        error={fieldError(errors, 'validFrom')}
        required
      />
      <FormField
        messages={messages}
        id="validUntil"
        type="text"
        size={12}
        inputMode="numeric"
        label={messages.documentValidUntilLabel}
        hint={messages.documentValidUntilHint}
        maxlength={10}
        value={values.validUntil}
        error={fieldError(errors, 'validUntil')}
      />
    </>
  );
}

/** The form that creates a document with its first file. */
export function DocumentNewPage(props: {
  meta: AdminPageMeta;
  values: DocumentFormValues;
  errors: FieldError[];
  problem?: PageProblem;
  maxBytes: number;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.documentNewTitle}</h1>
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={props.errors} />
      <form method="post" action="/admin/documents" enctype="multipart/form-data" class="entry-form" novalidate>
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <FormField
          messages={messages}
          id="slug"
          type="text"
          label={messages.documentSlugLabel}
          hint={messages.documentSlugHint}
          maxlength={100}
          value={props.values.slug}
          error={fieldError(props.errors, 'slug')}
          required
        />
        <MetadataFields messages={messages} values={props.values} errors={props.errors} />
        <VersionFields messages={messages} values={props.values} errors={props.errors} maxBytes={props.maxBytes} />
        <p>
          <button type="submit">{messages.documentCreateButton}</button>{' '}
          <a href="/admin/documents">{messages.siteContentCancel}</a>
        </p>
      </form>
    </AdminLayout>
  );
}

/** One document: its details (editable), a new-version upload, its version history and archiving. */
export function DocumentDetailPage(props: {
  meta: AdminPageMeta;
  document: DocumentListItem;
  versions: DocumentVersion[];
  values: DocumentFormValues;
  errors: FieldError[];
  uploadValues: DocumentFormValues;
  uploadErrors: FieldError[];
  problem?: PageProblem;
  canEdit: boolean;
  maxBytes: number;
}) {
  const { messages } = props.meta;
  const { document } = props;
  const isLive = document.archivedAt === null;
  const canChange = props.canEdit && isLive;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.documentEditTitle(document.title)}</h1>
      <p>
        <DocumentStatus messages={messages} document={document} />
        {isLive && (
          <>
            {' · '}
            <a href={`/documents/${document.slug}`}>{messages.documentPublicLink}</a>
          </>
        )}
      </p>
      {!isLive && document.archivedAt && <p>{messages.documentArchivedNotice(document.archivedAt.slice(0, 10))}</p>}
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={[...props.errors, ...props.uploadErrors]} />
      <section aria-labelledby="document-details-title">
        <h2 id="document-details-title">{messages.documentDetailsHeading}</h2>
        <form method="post" action={`/admin/documents/${document.slug}`} class="entry-form" novalidate>
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <fieldset class="filter-row" disabled={!canChange}>
            <legend class="visually-hidden">{messages.documentDetailsHeading}</legend>
            <MetadataFields messages={messages} values={props.values} errors={props.errors} />
            <LanguageColumns
              messages={messages}
              english={<p class="count-line">{messages.documentSwedishEnglishNote}</p>}
              swedish={
                <>
                  <FormField
                    messages={messages}
                    id="svTitle"
                    type="text"
                    label={messages.siteSwedishLabel(messages.documentTitleLabel)}
                    maxlength={DOCUMENT_LIMITS.title}
                    value={props.values.svTitle}
                    error={fieldError(props.errors, 'svTitle')}
                  />
                  <FormField
                    messages={messages}
                    id="svDescription"
                    type="textarea"
                    rows={5}
                    label={messages.siteSwedishLabel(messages.documentDescriptionLabel)}
                    value={props.values.svDescription}
                    error={fieldError(props.errors, 'svDescription')}
                  />
                </>
              }
            />
          </fieldset>
          {canChange && (
            <p>
              <button type="submit">{messages.documentSaveButton}</button>
            </p>
          )}
        </form>
      </section>
      {canChange && (
        <section aria-labelledby="document-upload-title">
          <h2 id="document-upload-title">{messages.documentUploadHeading}</h2>
          <p>{messages.documentUploadIntro}</p>
          <form
            method="post"
            action={`/admin/documents/${document.slug}/versions`}
            enctype="multipart/form-data"
            class="entry-form"
            novalidate
          >
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <VersionFields
              messages={messages}
              values={props.uploadValues}
              errors={props.uploadErrors}
              maxBytes={props.maxBytes}
            />
            <p>
              <button type="submit">{messages.documentUploadButton}</button>
            </p>
          </form>
        </section>
      )}
      <section aria-labelledby="document-versions-title">
        <h2 id="document-versions-title">{messages.documentVersionsHeading}</h2>
        <div class="table-scroll">
          <RowTable
            caption={messages.documentVersionsCaption}
            columns={[
              messages.documentColumnVersion,
              messages.documentColumnFile,
              messages.documentColumnSize,
              messages.documentColumnValidity,
              messages.documentColumnUploaded,
              messages.documentColumnSha256,
            ]}
            rows={props.versions}
            cells={(version) => (
              <>
                <th scope="row">{version.versionLabel}</th>
                <td>{version.fileName}</td>
                <td>{formatFileSize(version.sizeBytes)}</td>
                <td>
                  <Validity messages={messages} version={version} />
                </td>
                <td>
                  {messages.documentUploadedBy(version.uploadedAt.slice(0, 16).replace('T', ' '), version.uploadedBy)}
                </td>
                <td>
                  <code class="hash">{version.sha256}</code>
                </td>
              </>
            )}
          />
        </div>
      </section>
      {canChange && (
        <section aria-labelledby="document-archive-title">
          <h2 id="document-archive-title">{messages.documentArchiveHeading}</h2>
          <p>{messages.documentArchiveText}</p>
          <form method="post" action={`/admin/documents/${document.slug}/archive`}>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <button type="submit">{messages.documentArchiveButton}</button>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}
