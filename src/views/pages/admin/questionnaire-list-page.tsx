import {
  QUESTIONNAIRE_WORK_STATUSES,
  type QuestionnaireVisibility,
  type QuestionnaireWorkStatus,
} from '../../../domain/questionnaire.js';
import { FormField, ProblemNotice, SpreadsheetFileField } from '../../components/admin-form.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { ContextFields, DueDate, type OwnerOption, workStatusLabel } from './questionnaire-context.js';
import { VisibilityFieldset } from './questionnaire-visibility.js';

/** A row of the questionnaire table. */
export interface QuestionnaireRow {
  id: number;
  fileName: string;
  uploadedAt: string;
  questionCount: number;
  acceptedCount: number;
  visibility: QuestionnaireVisibility;
  customer: string | null;
  dueDate: string | null;
  ownerName: string;
  workStatus: QuestionnaireWorkStatus;
  isOverdue: boolean;
}

/** What was typed into the upload form, shown again after a problem. */
export interface QuestionnaireUploadValues {
  /** Sheet names, one per line. */
  sheet: string;
  column: string;
  answerColumn: string;
  choiceColumn: string;
  visibility: QuestionnaireVisibility;
  customer: string;
  dueDate: string;
  /** A staff member's id as text. */
  owner: string;
}

/** The questionnaires uploaded so far and, for editors, the upload form. */
export function QuestionnaireListPage(props: {
  meta: AdminPageMeta;
  rows: QuestionnaireRow[];
  canEdit: boolean;
  owners: OwnerOption[];
  values: QuestionnaireUploadValues;
  problem?: { heading: string; text: string; details: string[] };
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.questionnairesTitle}</h1>
      {props.canEdit && (
        <section aria-labelledby="questionnaire-upload-title">
          <h2 id="questionnaire-upload-title">{messages.questionnaireUploadTitle}</h2>
          {props.problem && (
            <ProblemNotice
              problem={{
                heading: props.problem.heading,
                text: [props.problem.text, ...props.problem.details].filter((line) => line !== '').join(' — '),
              }}
            />
          )}
          <p>{messages.questionnaireUploadIntro}</p>
          <form method="post" action="/admin/questionnaires" enctype="multipart/form-data" class="entry-form">
            <input type="hidden" name="_csrf" value={props.meta.csrfToken ?? ''} />
            <SpreadsheetFileField
              messages={messages}
              id="questionnaire-file"
              label={messages.questionnaireFileLabel}
              required
            />
            <FormField
              messages={messages}
              id="questionnaire-sheet"
              name="sheet"
              type="textarea"
              rows={2}
              maxlength={4000}
              label={messages.questionnaireSheetLabel}
              hint={messages.questionnaireSheetHint}
              value={props.values.sheet}
            />
            <FormField
              messages={messages}
              id="questionnaire-column"
              name="column"
              type="text"
              maxlength={320}
              label={messages.questionnaireColumnLabel}
              hint={messages.questionnaireColumnHint}
              value={props.values.column}
            />
            <FormField
              messages={messages}
              id="questionnaire-answer-column"
              name="answerColumn"
              type="text"
              maxlength={320}
              label={messages.questionnaireAnswerColumnLabel}
              describedByAlso="questionnaire-column-hint"
              value={props.values.answerColumn}
            />
            <FormField
              messages={messages}
              id="questionnaire-choice-column"
              name="choiceColumn"
              type="text"
              maxlength={320}
              label={messages.questionnaireChoiceColumnLabel}
              hint={messages.questionnaireChoiceColumnHint}
              value={props.values.choiceColumn}
            />
            <ContextFields
              messages={messages}
              prefix="questionnaire"
              values={{ ...props.values, workStatus: 'in_progress' }}
              owners={props.owners}
              withStatus={false}
            />
            <VisibilityFieldset
              messages={messages}
              idPrefix="questionnaire-visibility"
              value={props.values.visibility}
            />
            <p>
              <button type="submit">{messages.questionnaireUploadButton}</button>
            </p>
          </form>
        </section>
      )}
      {QUESTIONNAIRE_WORK_STATUSES.map((status) => {
        // Still being answered: the nearest due date first, those without one last; the others newest first.
        const rows = props.rows.filter((row) => row.workStatus === status);
        if (status === 'in_progress') {
          rows.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || b.id - a.id);
        }
        return (
          <section aria-labelledby={`questionnaire-table-${status}`}>
            <h2 id={`questionnaire-table-${status}`}>{`${workStatusLabel(messages, status)} (${rows.length})`}</h2>
            <RowTable
              titleId={`questionnaire-table-${status}`}
              columns={[
                messages.questionnaireColumnFile,
                messages.questionnaireColumnCustomer,
                messages.questionnaireColumnDue,
                messages.questionnaireColumnOwner,
                messages.questionnaireColumnProgress,
                messages.questionnaireColumnVisibility,
                messages.questionnaireColumnUploaded,
              ]}
              rows={rows}
              emptyText={props.rows.length === 0 ? messages.questionnaireNone : messages.questionnaireNoneInGroup}
              cells={(row) => (
                <>
                  <td>
                    <a href={`/admin/questionnaires/${row.id}`}>{row.fileName}</a>
                  </td>
                  <td>{row.customer ?? ''}</td>
                  <td>
                    <DueDate messages={messages} dueDate={row.dueDate} isOverdue={row.isOverdue} />
                  </td>
                  <td>{row.ownerName}</td>
                  <td>{messages.questionnaireAcceptedOf(row.acceptedCount, row.questionCount)}</td>
                  <td>
                    {row.visibility === 'private'
                      ? messages.questionnaireVisibilityShortPrivate
                      : messages.questionnaireVisibilityShortTeam}
                  </td>
                  <td>
                    <DayOf at={row.uploadedAt} />
                  </td>
                </>
              )}
            />
          </section>
        );
      })}
    </AdminLayout>
  );
}
