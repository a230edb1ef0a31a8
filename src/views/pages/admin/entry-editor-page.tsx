import type { EntryStatus } from '../../../domain/content.js';
import { CsrfField, ErrorSummary, type FieldError, ProblemNotice } from '../../components/admin-form.js';
import { PendingChangeNotice, ReviewSteps, StepForm } from '../../components/review-workflow.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { EntryFields, type EntryFormValues, StatusBadge, type TaxonomyOption } from './entry-form.js';

/** What the editor knows about a stored entry, beyond its form values. */
export interface EntryEditorState {
  slug: string;
  status: EntryStatus;
  pendingVersion: number | null;
  lastReviewed: string;
  dueOn: string;
  isFourEyesRequired: boolean;
}

/** What the signed-in person may do. */
export interface EntryAbilities {
  canEdit: boolean;
  canPublish: boolean;
}

/** Form, preview and problems shared by the new-entry page and the editor. */
interface EntryFormProps {
  meta: AdminPageMeta;
  values: EntryFormValues;
  errors: FieldError[];
  categories: TaxonomyOption[];
  tags: TaxonomyOption[];
  previewHtml?: string;
  /** A refused action or conflict, shown above the form. */
  problem?: { heading: string; text: string };
  /** The questionnaire the new entry answers a question of: saving returns there. */
  questionnaireId?: number;
}

/** The form for a new entry. */
export function EntryNewPage(props: EntryFormProps) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/entries">{messages.entriesTitle}</a>
      </p>
      <h1>{messages.entryNewTitle}</h1>
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={props.errors} />
      <form
        method="post"
        action={
          props.questionnaireId === undefined
            ? '/admin/entries'
            : `/admin/entries?questionnaire=${props.questionnaireId}`
        }
        novalidate
      >
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <EntryFields
          messages={messages}
          values={props.values}
          errors={props.errors}
          categories={props.categories}
          tags={props.tags}
          withSlug
          previewHtml={props.previewHtml}
        />
        <p>
          <button type="submit" name="intent" value="save">
            {messages.entryCreateButton}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}

/** The editor of an existing entry: status, workflow steps, the form and its preview. */
export function EntryEditorPage(props: EntryFormProps & { entry: EntryEditorState; abilities: EntryAbilities }) {
  const { messages } = props.meta;
  const { entry, abilities } = props;
  const csrfToken = props.meta.csrfToken ?? '';
  const base = `/admin/entries/${entry.slug}`;
  const isEditable = abilities.canEdit && entry.status !== 'archived';
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/entries">{messages.entriesTitle}</a>
      </p>
      <h1>{props.values.question === '' ? entry.slug : props.values.question}</h1>
      <div class="entry-meta">
        <StatusBadge messages={messages} status={entry.status} />
        <span class="reviewed">
          {messages.entrySlugIs} <code>{entry.slug}</code>
        </span>
        {entry.status === 'published' && <a href={`/faq/${entry.slug}`}>{messages.entryViewPublic}</a>}
        <a href={`${base}/history`}>{messages.entryHistoryLink}</a>
      </div>
      <PendingChangeNotice messages={messages} base={base} pendingVersion={entry.pendingVersion} />
      <ProblemNotice problem={props.problem} />
      <section aria-labelledby="workflow-title">
        <h2 id="workflow-title">{messages.entryWorkflowTitle}</h2>
        <p class="reviewed">
          {messages.entryLastReviewed} <time datetime={entry.lastReviewed}>{entry.lastReviewed}</time>.{' '}
          {messages.entryNextReview} <time datetime={entry.dueOn}>{entry.dueOn}</time>.
        </p>
        {entry.isFourEyesRequired && <p class="reviewed">{messages.entryFourEyesOn}</p>}
        <ReviewSteps
          messages={messages}
          csrfToken={csrfToken}
          base={base}
          review={{ ...entry, ...abilities }}
          canArchive={abilities.canPublish && entry.status === 'published'}
          archiveConfirmText={messages.entryArchiveConfirm}
          otherSteps={
            abilities.canEdit &&
            entry.status !== 'archived' && (
              <li>
                <StepForm
                  csrfToken={csrfToken}
                  action={`${base}/mark-reviewed`}
                  label={messages.entryMarkReviewedButton}
                />
              </li>
            )
          }
        />
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{messages.entryEditTitle}</h2>
        {!abilities.canEdit && <p>{messages.entryReadOnly}</p>}
        {abilities.canEdit && entry.status === 'archived' && <p>{messages.entryArchivedReadOnly}</p>}
        <ErrorSummary messages={messages} errors={props.errors} />
        <form method="post" action={base} novalidate>
          <CsrfField token={csrfToken} />
          <EntryFields
            messages={messages}
            values={props.values}
            errors={props.errors}
            categories={props.categories}
            tags={props.tags}
            withSlug={false}
            previewHtml={props.previewHtml}
          />
          {isEditable && (
            <p>
              <button type="submit" name="intent" value="save">
                {entry.status === 'published' && entry.isFourEyesRequired
                  ? messages.entryProposeButton
                  : messages.entrySaveButton}
              </button>
            </p>
          )}
        </form>
      </section>
    </AdminLayout>
  );
}
