import type { QuestionnaireVisibility } from '../../../domain/questionnaire.js';
import { FormField, ProblemNotice, SpreadsheetFileField } from '../../components/admin-form.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { VisibilityFieldset } from './questionnaire-visibility.js';

/** A row of the questionnaire table. */
export interface QuestionnaireRow {
  id: number;
  fileName: string;
  uploadedAt: string;
  questionCount: number;
  acceptedCount: number;
  visibility: QuestionnaireVisibility;
}

/** What was typed into the upload form, shown again after a problem. */
export interface QuestionnaireUploadValues {
  /** Sheet names, one per line. */
  sheet: string;
  column: string;
  answerColumn: string;
  choiceColumn: string;
  visibility: QuestionnaireVisibility;
}

/** The questionnaires uploaded so far and, for editors, the upload form. */
export function QuestionnaireListPage(props: {
  meta: AdminPageMeta;
  rows: QuestionnaireRow[];
  canEdit: boolean;
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
      <h2 id="questionnaire-table-title">{messages.questionnairesTitle}</h2>
      <RowTable
        titleId="questionnaire-table-title"
        columns={[
          messages.questionnaireColumnFile,
          messages.questionnaireColumnUploaded,
          messages.questionnaireColumnProgress,
          messages.questionnaireColumnVisibility,
        ]}
        rows={props.rows}
        emptyText={messages.questionnaireNone}
        cells={(row) => (
          <>
            <td>
              <a href={`/admin/questionnaires/${row.id}`}>{row.fileName}</a>
            </td>
            <td>
              <DayOf at={row.uploadedAt} />
            </td>
            <td>{messages.questionnaireAcceptedOf(row.acceptedCount, row.questionCount)}</td>
            <td>
              {row.visibility === 'private'
                ? messages.questionnaireVisibilityShortPrivate
                : messages.questionnaireVisibilityShortTeam}
            </td>
          </>
        )}
      />
    </AdminLayout>
  );
}
