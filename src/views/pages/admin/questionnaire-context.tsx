import {
  QUESTIONNAIRE_WORK_STATUSES,
  type QuestionnaireContext,
  type QuestionnaireWorkStatus,
} from '../../../domain/questionnaire.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';

/** A staff member who can own a questionnaire. */
export interface OwnerOption {
  id: number;
  name: string;
  email: string;
}

/** The context form's fields as text: what was submitted, or what is stored. */
export interface ContextValues {
  customer: string;
  dueDate: string;
  owner: string;
  workStatus: string;
}

/** The stored context as the form shows it. */
export function toContextValues(context: QuestionnaireContext): ContextValues {
  return {
    customer: context.customer ?? '',
    dueDate: context.dueDate ?? '',
    owner: context.ownerId === null ? '' : String(context.ownerId),
    workStatus: context.workStatus,
  };
}

/** The words for where the work on a questionnaire stands. */
export function workStatusLabel(messages: AdminMessages, status: QuestionnaireWorkStatus): string {
  const labels: Record<QuestionnaireWorkStatus, string> = {
    in_progress: messages.questionnaireWorkInProgress,
    sent: messages.questionnaireWorkSent,
    archived: messages.questionnaireWorkArchived,
  };
  return labels[status];
}

/** An owner's name, or "unknown" for an id no longer among the staff. */
export function ownerName(messages: AdminMessages, owners: OwnerOption[], ownerId: number | null): string {
  const owner = owners.find((candidate) => candidate.id === ownerId);
  return owner ? owner.name || owner.email : messages.questionnaireOwnerUnknown;
}

/** The due day, marked overdue when it has passed while the work is still in progress. */
export function DueDate(props: { messages: AdminMessages; dueDate: string | null; isOverdue: boolean }) {
  if (props.dueDate === null) return <>{props.messages.questionnaireNoDueDate}</>;
  return (
    <>
      <time datetime={props.dueDate}>{props.dueDate}</time>
      {props.isOverdue && <strong class="overdue"> {props.messages.questionnaireOverdue}</strong>}
    </>
  );
}

/** Customer, due date, owner and (unless `withStatus` is false) status fields, ids prefixed with `prefix`. */
export function ContextFields(props: {
  messages: AdminMessages;
  prefix: string;
  values: ContextValues;
  owners: OwnerOption[];
  withStatus: boolean;
}) {
  const { messages, values, prefix } = props;
  return (
    <>
      <p class="form-field">
        <label for={`${prefix}-customer`}>{messages.questionnaireCustomerLabel}</label>
        <input type="text" id={`${prefix}-customer`} name="customer" maxlength={200} value={values.customer} />
      </p>
      <p class="form-field">
        <label for={`${prefix}-due`}>{messages.questionnaireDueLabel}</label>
        <input type="date" id={`${prefix}-due`} name="dueDate" value={values.dueDate} />
      </p>
      <p class="form-field">
        <label for={`${prefix}-owner`}>{messages.questionnaireOwnerLabel}</label>
        <select id={`${prefix}-owner`} name="owner">
          {values.owner === '' && <option value="">{messages.questionnaireOwnerUnknown}</option>}
          {props.owners.map((owner) => (
            <option value={String(owner.id)} selected={String(owner.id) === values.owner}>
              {owner.name ? `${owner.name} (${owner.email})` : owner.email}
            </option>
          ))}
        </select>
      </p>
      {props.withStatus && (
        <p class="form-field">
          <label for={`${prefix}-status`}>{messages.questionnaireWorkStatusLabel}</label>
          <select id={`${prefix}-status`} name="workStatus">
            {QUESTIONNAIRE_WORK_STATUSES.map((status) => (
              <option value={status} selected={status === values.workStatus}>
                {workStatusLabel(messages, status)}
              </option>
            ))}
          </select>
        </p>
      )}
    </>
  );
}

/** The review page's "Details" section: what the questionnaire is for and, for those who may, the form to change it. */
export function ContextSection(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  context: QuestionnaireContext;
  isOverdue: boolean;
  owners: OwnerOption[];
  canChange: boolean;
  /** The submitted values after a refusal; the stored ones otherwise. */
  values?: ContextValues;
}) {
  const { messages, context } = props;
  return (
    <section aria-labelledby="questionnaire-context-title">
      <h2 id="questionnaire-context-title">{messages.questionnaireContextTitle}</h2>
      <dl>
        <dt>{messages.questionnaireCustomerLabel}</dt>
        <dd>{context.customer ?? messages.questionnaireNoCustomer}</dd>
        <dt>{messages.questionnaireDueLabel}</dt>
        <dd>
          <DueDate messages={messages} dueDate={context.dueDate} isOverdue={props.isOverdue} />
        </dd>
        <dt>{messages.questionnaireOwnerLabel}</dt>
        <dd>{ownerName(messages, props.owners, context.ownerId)}</dd>
        <dt>{messages.questionnaireWorkStatusLabel}</dt>
        <dd>{workStatusLabel(messages, context.workStatus)}</dd>
      </dl>
      {props.canChange && (
        <details open={props.values !== undefined}>
          <summary>{messages.questionnaireContextEdit}</summary>
          <form method="post" action={`${props.base}/context`} class="entry-form">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <ContextFields
              messages={messages}
              prefix="context"
              values={props.values ?? toContextValues(context)}
              owners={props.owners}
              withStatus
            />
            <p>
              <button type="submit">{messages.questionnaireContextButton}</button>
            </p>
          </form>
        </details>
      )}
    </section>
  );
}
