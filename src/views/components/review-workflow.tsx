import type { Child } from 'hono/jsx';
import type { EntryStatus } from '../../domain/content.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import { CsrfField } from './admin-form.js';

/** Where a record under review stands, and who is signed in: what the review steps need to know. */
export interface ReviewState {
  status: EntryStatus;
  /** The version of a proposed change to a published record, waiting for approval. */
  pendingVersion: number | null;
  isFourEyesRequired: boolean;
  canEdit: boolean;
  canPublish: boolean;
}

/** One workflow step as a small POST form; one that takes something away asks for a second click (no script needed). */
export function StepForm(props: {
  csrfToken: string;
  action: string;
  label: string;
  confirm?: { text: string; label: string };
}) {
  const form = (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      {props.confirm && <p>{props.confirm.text}</p>}
      <button type="submit">{props.confirm ? props.confirm.label : props.label}</button>
    </form>
  );
  if (!props.confirm) return form;
  return (
    <details>
      <summary class="chip">{props.label}</summary>
      {form}
    </details>
  );
}

/** The note above an editor saying a change waits for approval, with a link comparing it. */
export function PendingChangeNotice(props: { messages: AdminMessages; base: string; pendingVersion: number | null }) {
  const { messages } = props;
  if (props.pendingVersion === null) return null;
  return (
    <div class="badge" role="note" aria-label={messages.entryPendingTitle}>
      <p>
        <strong>{messages.entryPendingTitle}</strong> {messages.entryPendingText(props.pendingVersion)}{' '}
        <a href={`${props.base}/history?to=${props.pendingVersion}`}>{messages.entryPendingCompare}</a>
      </p>
    </div>
  );
}

/**
 * The review steps of a record as a row of buttons: submit a draft, approve or reject it (or a
 * pending change), archive, reopen. Approving a draft directly is open to publishers unless four
 * eyes are required. `canArchive` says whether archiving is offered here; `otherSteps` stand
 * before it.
 */
export function ReviewSteps(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  review: ReviewState;
  canArchive: boolean;
  archiveConfirmText: string;
  otherSteps?: Child;
}) {
  const { messages, csrfToken, base, review } = props;
  const { status } = review;
  const hasPending = review.pendingVersion !== null;
  const canApprove =
    review.canPublish && (status === 'in_review' || hasPending || (status === 'draft' && !review.isFourEyesRequired));
  const canReject = review.canPublish && (status === 'in_review' || hasPending);
  const confirmLabel = messages.entryConfirmButton;
  return (
    <ul class="chips tag-filter">
      {review.canEdit && status === 'draft' && (
        <li>
          <StepForm csrfToken={csrfToken} action={`${base}/submit`} label={messages.entrySubmitButton} />
        </li>
      )}
      {canApprove && (
        <li>
          <StepForm
            csrfToken={csrfToken}
            action={`${base}/approve`}
            label={hasPending ? messages.entryApproveChangeButton : messages.entryApproveButton}
          />
        </li>
      )}
      {canReject && (
        <li>
          <StepForm
            csrfToken={csrfToken}
            action={`${base}/reject`}
            label={hasPending ? messages.entryRejectChangeButton : messages.entryRejectButton}
            confirm={{
              label: confirmLabel,
              text: hasPending ? messages.entryRejectChangeConfirm : messages.entryRejectConfirm,
            }}
          />
        </li>
      )}
      {props.otherSteps}
      {props.canArchive && (
        <li>
          <StepForm
            csrfToken={csrfToken}
            action={`${base}/archive`}
            label={messages.entryArchiveButton}
            confirm={{ label: confirmLabel, text: props.archiveConfirmText }}
          />
        </li>
      )}
      {review.canEdit && status === 'archived' && (
        <li>
          <StepForm csrfToken={csrfToken} action={`${base}/reopen`} label={messages.entryReopenButton} />
        </li>
      )}
    </ul>
  );
}
