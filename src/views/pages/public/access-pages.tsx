import type { AccessGrantRecord, AccessRequestRecord, DocumentOutcome, RequestStatus } from '../../../domain/access.js';
import { REQUEST_LIMITS } from '../../../domain/access.js';
import type { DocumentListItem } from '../../../domain/document.js';
import type { InputProblem } from '../../../domain/errors.js';
import { formatDate, localizePath, type Messages } from '../../../i18n/index.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';
import { describeAccessLevel } from './document-pages.js';

/** What the visitor typed, shown again when the form comes back with problems. */
export interface RequestFormValues {
  name: string;
  email: string;
  company: string;
  reason: string;
  documentSlugs: string[];
  acceptsNda: boolean;
}

function problemFor(problems: InputProblem[], field: string): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

/** A labelled text field with its problem, tied together for screen readers. */
function Field(props: {
  id: keyof RequestFormValues;
  label: string;
  type?: string;
  value: string;
  problem: string | undefined;
  autocomplete: string;
  maxLength: number;
}) {
  const errorId = `${props.id}-error`;
  return (
    <p class="form-field">
      <label for={props.id}>{props.label}</label>
      {props.problem && (
        <span class="field-error" id={errorId}>
          {props.problem}
        </span>
      )}
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required
        maxlength={props.maxLength}
        autocomplete={props.autocomplete}
        aria-invalid={props.problem ? 'true' : undefined}
        aria-describedby={props.problem ? errorId : undefined}
      />
    </p>
  );
}

/** The request form: who you are, which documents, why, and the NDA when an NDA document is chosen. */
export function RequestAccessPage(props: {
  meta: PageMeta;
  documents: DocumentListItem[];
  nda: { label: string; sha256: string; html: string } | null;
  values: RequestFormValues;
  problems: InputProblem[];
}) {
  const { meta, values, problems } = props;
  const { messages } = meta;
  const documentsProblem = problemFor(problems, 'documents');
  const ndaProblem = problemFor(problems, 'nda');
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section narrow">
        <h1>{messages.accessRequestTitle}</h1>
        <p class="lead">{messages.accessRequestIntro}</p>
        {problems.length > 0 && (
          // The focus goes to the problems, so a keyboard or screen-reader user starts where the form needs them.
          <div class="error-summary" role="alert" tabindex={-1} id="problems" autofocus>
            <h2>{messages.accessProblemsTitle}</h2>
            <ul>
              {problems.map((problem) => (
                <li>
                  <a href={`#${problem.field === 'documents' ? 'documents' : (problem.field ?? 'name')}`}>
                    {problem.message}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {props.documents.length === 0 ? (
          <p>{messages.accessNoDocuments}</p>
        ) : (
          <form method="post" action={localizePath('/request-access', meta.language)} class="request-form" novalidate>
            <fieldset id="documents" aria-describedby={documentsProblem ? 'documents-error' : undefined}>
              <legend>
                <h2>{messages.accessDocumentsLegend}</h2>
              </legend>
              {documentsProblem && (
                <p class="field-error" id="documents-error">
                  {documentsProblem}
                </p>
              )}
              {props.documents.map((document) => (
                <p class="check-field">
                  <input
                    type="checkbox"
                    id={`document-${document.slug}`}
                    name="document"
                    value={document.slug}
                    checked={values.documentSlugs.includes(document.slug)}
                  />
                  <label for={`document-${document.slug}`}>
                    {document.title}{' '}
                    <span class="count-line">({describeAccessLevel(messages, document.accessLevel)})</span>
                  </label>
                </p>
              ))}
            </fieldset>
            <Field
              id="name"
              label={messages.accessName}
              value={values.name}
              problem={problemFor(problems, 'name')}
              autocomplete="name"
              maxLength={REQUEST_LIMITS.name}
            />
            <Field
              id="email"
              label={messages.accessEmail}
              type="email"
              value={values.email}
              problem={problemFor(problems, 'email')}
              autocomplete="email"
              maxLength={254}
            />
            <Field
              id="company"
              label={messages.accessCompany}
              value={values.company}
              problem={problemFor(problems, 'company')}
              autocomplete="organization"
              maxLength={REQUEST_LIMITS.company}
            />
            <p class="form-field">
              <label for="reason">{messages.accessReason}</label>
              {problemFor(problems, 'reason') && (
                <span class="field-error" id="reason-error">
                  {problemFor(problems, 'reason')}
                </span>
              )}
              <textarea
                id="reason"
                name="reason"
                rows={4}
                maxlength={REQUEST_LIMITS.reason}
                aria-invalid={problemFor(problems, 'reason') ? 'true' : undefined}
                aria-describedby={problemFor(problems, 'reason') ? 'reason-error' : undefined}
              >
                {values.reason}
              </textarea>
            </p>
            {props.nda && (
              <fieldset id="nda" class="nda-box">
                {/* A heading in the legend puts the NDA's own (h3) headings in the page's outline. */}
                <legend>
                  <h2>{messages.accessNdaLegend}</h2>
                </legend>
                <details>
                  <summary id="nda-summary">{messages.accessNdaRead(props.nda.label)}</summary>
                  {/* The text scrolls in its box, so keyboard users must be able to focus it to scroll. */}
                  <section
                    class="nda-text"
                    tabindex={0}
                    aria-labelledby="nda-summary"
                    dangerouslySetInnerHTML={{ __html: props.nda.html }}
                  />
                </details>
                {ndaProblem && (
                  <p class="field-error" id="nda-error">
                    {ndaProblem}
                  </p>
                )}
                <p class="check-field">
                  <input
                    type="checkbox"
                    id="accept-nda"
                    name="acceptNda"
                    value="yes"
                    checked={values.acceptsNda}
                    aria-describedby={ndaProblem ? 'nda-error nda-version' : 'nda-version'}
                  />
                  <label for="accept-nda">{messages.accessNdaAccept}</label>
                </p>
                <p class="count-line" id="nda-version">
                  {messages.accessNdaVersion(props.nda.label, props.nda.sha256.slice(0, 16))}
                </p>
              </fieldset>
            )}
            <p class="count-line">{messages.accessPrivacyNote}</p>
            <p>
              <button type="submit">{messages.accessSubmit}</button>
            </p>
          </form>
        )}
      </div>
    </PublicLayout>
  );
}

/** A short page with a heading, a text and optionally one button that posts to an action. */
export function AccessMessagePage(props: {
  meta: PageMeta;
  heading: string;
  text: string;
  action?: { url: string; label: string };
}) {
  return (
    <PublicLayout meta={props.meta}>
      <div class="wrap section narrow">
        <h1>{props.heading}</h1>
        <p class="lead">{props.text}</p>
        {props.action && (
          <form method="post" action={localizePath(props.action.url, props.meta.language)}>
            <button type="submit">{props.action.label}</button>
          </form>
        )}
      </div>
    </PublicLayout>
  );
}

function describeStatus(messages: Messages, status: RequestStatus): string {
  const names: Record<RequestStatus, string> = {
    unconfirmed: messages.accessStatusPending,
    pending: messages.accessStatusPending,
    info_requested: messages.accessStatusInfo,
    approved: messages.accessStatusApproved,
    partially_approved: messages.accessStatusPartial,
    denied: messages.accessStatusDenied,
  };
  return names[status];
}

function describeOutcome(messages: Messages, outcome: DocumentOutcome): string {
  const names: Record<DocumentOutcome, string> = {
    pending: messages.accessOutcomePending,
    granted: messages.accessOutcomeGranted,
    denied: messages.accessOutcomeDenied,
  };
  return names[outcome];
}

/** The requester's own page: status, each document with what they can do with it, and the exchange with staff. */
export function RequesterAccessPage(props: {
  meta: PageMeta;
  token: string;
  request: AccessRequestRecord;
  grants: (AccessGrantRecord & { isActive: boolean })[];
  replyProblem?: string;
}) {
  const { meta, request, token } = props;
  const { messages, language } = meta;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section narrow">
        <h1>{messages.accessPortalTitle}</h1>
        <p class="lead">
          {messages.accessPortalStatus(
            describeStatus(messages, request.status),
            formatDate(request.createdAt.slice(0, 10), language),
          )}
        </p>
        <ul class="document-list">
          {request.documents.map((document) => {
            const grant = props.grants.find((candidate) => candidate.documentId === document.documentId);
            return (
              <li class="card">
                <h2>{document.title}</h2>
                <p>
                  {describeAccessLevel(messages, document.level)} · {describeOutcome(messages, document.outcome)}
                  {grant &&
                    !grant.isActive &&
                    ` · ${grant.revokedAt ? messages.accessGrantRevoked : messages.accessGrantLapsed}`}
                </p>
                {grant?.isActive && (
                  <form method="post" action={localizePath(`/access/${token}/download/${document.slug}`, language)}>
                    <p class="count-line">
                      {messages.accessGrantUntil(formatDate(grant.expiresAt.slice(0, 10), language))}
                    </p>
                    <button type="submit">{messages.accessDownload(document.title)}</button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
        {request.decisionNote && request.status === 'denied' && (
          <p>{messages.accessDeniedBecause(request.decisionNote)}</p>
        )}
        {request.messages.length > 0 && (
          <section aria-labelledby="messages-heading">
            <h2 id="messages-heading">{messages.accessMessagesTitle}</h2>
            <ul class="message-list">
              {request.messages.map((message) => (
                <li>
                  <p class="count-line">
                    {message.from === 'staff' ? messages.accessFromStaff : messages.accessFromYou} ·{' '}
                    {formatDate(message.at.slice(0, 10), language)}
                  </p>
                  <p class="message-body">{message.body}</p>
                </li>
              ))}
            </ul>
          </section>
        )}
        {request.status === 'info_requested' && (
          <form method="post" action={localizePath(`/access/${token}/reply`, language)} class="request-form">
            <p class="form-field">
              <label for="reply">{messages.accessReplyLabel}</label>
              {props.replyProblem && (
                <span class="field-error" id="reply-error">
                  {props.replyProblem}
                </span>
              )}
              <textarea
                id="reply"
                name="reply"
                rows={4}
                required
                maxlength={REQUEST_LIMITS.note}
                aria-invalid={props.replyProblem ? 'true' : undefined}
                aria-describedby={props.replyProblem ? 'reply-error' : undefined}
              />
            </p>
            <p>
              <button type="submit">{messages.accessReplySubmit}</button>
            </p>
          </form>
        )}
        <p class="count-line">{messages.accessPortalPrivate}</p>
      </div>
    </PublicLayout>
  );
}
