import {
  CONFIDENCE_LEVELS,
  type Confidence,
  QUESTION_STATUSES,
  type QuestionnaireContext,
  type QuestionnaireVisibility,
  type QuestionStatus,
  type ReviewPage as ReviewPageInfo,
  type SheetLayout,
  type SuggestedEntry,
} from '../../../domain/questionnaire.js';
import { type ShortAnswer, shortAnswerFor } from '../../../domain/short-answer.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { assetUrl } from '../../asset-url.js';
import { CsrfField, ProblemNotice } from '../../components/admin-form.js';
import { FilterForm, FilterSelect } from '../../components/list-filters.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { listShortAnswerOptions } from './entry-form.js';
import { ContextSection, type ContextValues, type OwnerOption } from './questionnaire-context.js';
import { VisibilitySection } from './questionnaire-visibility.js';
import { SitePagination } from './site-form.js';

/** One question as the review page shows it. */
export interface ReviewQuestion {
  id: number;
  reference: string;
  text: string;
  /** The section heading the question sits under, which the matcher read it with. */
  section: string | null;
  status: QuestionStatus;
  answer: string | null;
  chosenSlug: string | null;
  /** The short answer saved with an accepted answer (for the questionnaire's choice column). */
  shortAnswer: ShortAnswer | null;
  candidates: SuggestedEntry[];
}

/** The layout form's fields as text: what was submitted, or else what is in use now. */
export interface LayoutValues {
  /** None reads every sheet that looks like a questionnaire and copies no other. */
  sheets: string[];
  headerRow: string;
  column: string;
  answerColumn: string;
  choiceColumn: string;
}

/** What the review page shows about the file. */
export interface ReviewSummary {
  id: number;
  fileName: string;
  /** The language detected from the questions, which decided the entries' texts matching used. */
  language: 'en' | 'sv';
  /** Only an .xlsx upload can be downloaded with the answers written in. */
  format: 'xlsx' | 'csv';
  sheet: string;
  questionColumn: string | null;
  answerColumn: string | null;
  /** The short-answer (Yes/No) column, or null when the file has none. */
  choiceColumn: string | null;
  /** What the Excel download cannot write (no text column, no word in a list for a short answer). */
  exportWarnings: string[];
  total: number;
  accepted: number;
  needsAnswer: number;
  byConfidence: Record<Confidence, number>;
  /** Undecided questions by their first suggestion's confidence. */
  undecidedByConfidence: Record<Confidence, number>;
  /** Suggestions are shown only once matching is 'ready'. */
  status: 'processing' | 'ready' | 'failed';
  /** Still 'processing' with nothing stored for a while: offered a restart. */
  isStalled: boolean;
  /** Questions matched so far. */
  processed: number;
  failure: string | null;
  /** Every sheet of the file; null when it was never recorded (the form then offers to record it). */
  layout: SheetLayout[] | null;
  visibility: QuestionnaireVisibility;
}

/** The text of a confidence band (shown as words, never colour alone). */
export function confidenceLabel(messages: AdminMessages, level: Confidence): string {
  const labels: Record<Confidence, string> = {
    high: messages.confidenceHigh,
    medium: messages.confidenceMedium,
    low: messages.confidenceLow,
    none: messages.confidenceNone,
  };
  return labels[level];
}

/** A decision as the filter names it ("Undecided" reads better there than "Suggested"). */
function decisionLabel(messages: AdminMessages, decision: QuestionStatus): string {
  return decision === 'suggested' ? messages.questionnaireFilterUndecided : statusLabel(messages, decision);
}

function decisionCount(summary: ReviewSummary, decision: QuestionStatus): number {
  if (decision === 'accepted') return summary.accepted;
  if (decision === 'needs_answer') return summary.needsAnswer;
  return summary.total - summary.accepted - summary.needsAnswer;
}

function statusLabel(messages: AdminMessages, status: QuestionStatus): string {
  const labels: Record<QuestionStatus, string> = {
    suggested: messages.questionnaireStatusSuggested,
    accepted: messages.questionnaireStatusAccepted,
    needs_answer: messages.questionnaireStatusNeedsAnswer,
  };
  return labels[status];
}

function MatchingProgress(props: {
  messages: AdminMessages;
  summary: ReviewSummary;
  base: string;
  csrfToken: string;
  canEdit: boolean;
}) {
  const { messages, summary } = props;
  const matched = Math.min(summary.processed, summary.total);
  return (
    <section aria-labelledby="questionnaire-matching-title">
      <h2 id="questionnaire-matching-title">{messages.questionnaireMatchingTitle}</h2>
      <div role="status">
        <p>
          <label for="questionnaire-matching">{messages.questionnaireMatchedOf(matched, summary.total)}</label>{' '}
          <progress id="questionnaire-matching" max={Math.max(summary.total, 1)} value={matched}>
            {messages.questionnaireMatchedOf(matched, summary.total)}
          </progress>
        </p>
      </div>
      {summary.isStalled && (
        <div class="badge expired">
          <div>
            <h3 id="questionnaire-stalled-title">{messages.questionnaireStalledTitle}</h3>
            <p id="questionnaire-stalled-text">{messages.questionnaireStalledText}</p>
            {props.canEdit && (
              <form method="post" action={`${props.base}/restart-matching`}>
                <CsrfField token={props.csrfToken} />
                <button type="submit" aria-describedby="questionnaire-stalled-text">
                  {messages.questionnaireStalledButton}
                </button>
              </form>
            )}
          </div>
        </div>
      )}
      {/* No timed refresh (WCAG 2.2.1): the person reloads when they choose. */}
      <p>
        <a href={props.base}>{messages.questionnaireMatchingCheckAgain}</a>
      </p>
    </section>
  );
}

/** The review of one questionnaire: what was detected, progress, a confidence filter and one form per question. */
export function QuestionnaireReviewPage(props: {
  meta: AdminPageMeta;
  summary: ReviewSummary;
  questions: ReviewQuestion[];
  /** Which page of the questions the filters let through this is. */
  page: ReviewPageInfo;
  filter: Confidence | '';
  /** Only questions with this decision; '' for all. */
  decision: QuestionStatus | '';
  canEdit: boolean;
  /** Whether the person may change who sees the questionnaire (its owner or an admin). */
  canChangeVisibility: boolean;
  problem?: { heading: string; text: string };
  /** The layout form's values after a refused re-read; what is in use otherwise. */
  layoutValues?: LayoutValues;
  /** The question shown open, and the entry whose draft it shows. */
  focus?: ReviewFocus;
  /** The first undecided question, for "next undecided". */
  firstUndecided?: { id: number; page: number };
  /** Customer, due date, owner and status, and whether this person may change them. */
  context: {
    context: QuestionnaireContext;
    isOverdue: boolean;
    owners: OwnerOption[];
    canChange: boolean;
    values?: ContextValues;
  };
}) {
  const { messages } = props.meta;
  const { summary } = props;
  const base = `/admin/questionnaires/${summary.id}`;
  const notFound = messages.questionnaireNotDetected;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.questionnaireReviewTitle(summary.fileName)}</h1>
      <ProblemNotice problem={props.problem} />
      <ContextSection
        messages={messages}
        csrfToken={props.meta.csrfToken ?? ''}
        base={base}
        context={props.context.context}
        isOverdue={props.context.isOverdue}
        owners={props.context.owners}
        canChange={props.context.canChange}
        values={props.context.values}
      />
      {summary.status === 'failed' && (
        <div class="badge expired" role="alert" aria-labelledby="questionnaire-failed-title">
          <div>
            <h2 id="questionnaire-failed-title">{messages.questionnaireFailedTitle}</h2>
            <p>{messages.questionnaireFailedText(summary.failure ?? '')}</p>
          </div>
        </div>
      )}
      {summary.status === 'processing' && (
        <MatchingProgress
          messages={messages}
          summary={summary}
          base={base}
          csrfToken={props.meta.csrfToken ?? ''}
          canEdit={props.canEdit}
        />
      )}
      <section aria-labelledby="questionnaire-detected-title">
        <h2 id="questionnaire-detected-title">{messages.questionnaireDetectedTitle}</h2>
        <dl>
          <dt>{messages.questionnaireDetectedSheet}</dt>
          <dd>{summary.sheet}</dd>
          <dt>{messages.questionnaireDetectedQuestionColumn}</dt>
          <dd>{summary.questionColumn ?? notFound}</dd>
          <dt>{messages.questionnaireDetectedAnswerColumn}</dt>
          <dd>{summary.answerColumn ?? notFound}</dd>
          <dt>{messages.questionnaireDetectedChoiceColumn}</dt>
          <dd>{summary.choiceColumn ?? notFound}</dd>
          <LayoutNotes messages={messages} layout={summary.layout ?? []} />
          <dt>{messages.questionnaireDetectedCount}</dt>
          <dd>{summary.total}</dd>
          <dt>{messages.questionnaireDetectedLanguage}</dt>
          <dd>{messages.questionnaireLanguageName(summary.language)}</dd>
          {summary.status === 'ready' && (
            <>
              <dt>{messages.questionnaireDetectedByConfidence}</dt>
              <dd>
                {CONFIDENCE_LEVELS.map(
                  (level) => `${confidenceLabel(messages, level)}: ${summary.byConfidence[level]}`,
                ).join(', ')}
              </dd>
            </>
          )}
        </dl>
        {summary.status === 'ready' && <ReviewProgress messages={messages} summary={summary} base={base} />}
      </section>
      {summary.status === 'ready' && (
        <ReviewList
          messages={messages}
          csrfToken={props.meta.csrfToken ?? ''}
          summary={summary}
          questions={props.questions}
          page={props.page}
          filter={props.filter}
          decision={props.decision}
          canEdit={props.canEdit}
          base={base}
          focus={props.focus}
          firstUndecided={props.firstUndecided}
        />
      )}
      {/* Who sees it and what was read come after the questions: reviewers work through the questions first. */}
      <VisibilitySection
        messages={messages}
        csrfToken={props.meta.csrfToken ?? ''}
        base={base}
        value={summary.visibility}
        canChange={props.canChangeVisibility}
      />
      {props.canEdit && (summary.layout === null || summary.layout.length > 0) && (
        <LayoutForm
          messages={messages}
          csrfToken={props.meta.csrfToken ?? ''}
          base={base}
          sheets={summary.layout ?? []}
          isRecorded={summary.layout !== null}
          values={props.layoutValues ?? currentLayoutValues(summary, summary.layout ?? [])}
        />
      )}
    </AdminLayout>
  );
}

/** Sheets left out as copies and what reading changed (long questions cut), as part of the detected layout. */
function LayoutNotes(props: { messages: AdminMessages; layout: SheetLayout[] }) {
  const { messages } = props;
  const skipped = props.layout.filter((sheet) => sheet.skipped !== null);
  const warnings = props.layout.flatMap((sheet) => sheet.warnings);
  return (
    <>
      {skipped.length > 0 && (
        <>
          <dt>{messages.questionnaireDetectedSkipped}</dt>
          <dd>
            <ul>
              {skipped.map((sheet) => (
                <li>{messages.questionnaireDetectedSkippedSheet(sheet.name, sheet.skipped ?? '')}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <dt>{messages.questionnaireDetectedWarnings}</dt>
          <dd>
            <ul>
              {warnings.map((warning) => (
                <li>{warning}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </>
  );
}

/** The form's values for what is in use now: the sheets read (all of them when every usable one is), header row, columns. */
function currentLayoutValues(summary: ReviewSummary, sheets: SheetLayout[]): LayoutValues {
  const used = summary.sheet.split(', ').filter((name) => sheets.some((sheet) => sheet.name === name));
  const single = used.length === 1 ? sheets.find((sheet) => sheet.name === used[0]) : undefined;
  const isSingle = (value: string | null) => value !== null && !value.includes(',');
  return {
    sheets: used.length === 1 ? used : [],
    headerRow: single?.headerRow === null || single === undefined ? '' : String(single.headerRow),
    column: isSingle(summary.questionColumn) ? (summary.questionColumn ?? '') : '',
    answerColumn: isSingle(summary.answerColumn) ? (summary.answerColumn ?? '') : '',
    choiceColumn: isSingle(summary.choiceColumn) ? (summary.choiceColumn ?? '') : '',
  };
}

/** The letter of the column after `letter` (`Z` → `AA`). */
function nextColumnLetter(letter: string): string {
  const last = letter.at(-1);
  if (last === undefined) return 'A';
  if (last !== 'Z') return letter.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
  return `${nextColumnLetter(letter.slice(0, -1))}A`;
}

/** Column letters in sheet order: a shorter letter comes first (`Z` before `AA`). */
function compareColumns(left: string, right: string): number {
  return left.length - right.length || (left < right ? -1 : left > right ? 1 : 0);
}

/**
 * The columns offered for a sheet: those with a heading, the ones chosen now, and the two after the last
 * heading (an answer column often has no heading of its own).
 */
function columnChoices(sheet: SheetLayout | undefined, values: LayoutValues): { column: string; text: string }[] {
  const headings = new Map((sheet?.headerCells ?? []).map((cell) => [cell.column, cell.text]));
  const letters = new Set(
    [...headings.keys(), values.column, values.answerColumn, values.choiceColumn].filter((letter) => letter !== ''),
  );
  const last = [...letters].sort(compareColumns).at(-1);
  if (last !== undefined) {
    const next = nextColumnLetter(last);
    letters.add(next).add(nextColumnLetter(next));
  }
  return [...letters].sort(compareColumns).map((column) => ({ column, text: headings.get(column) ?? '' }));
}

function ColumnSelect(props: {
  messages: AdminMessages;
  id: string;
  name: string;
  label: string;
  hintId?: string;
  value: string;
  choices: { column: string; text: string }[];
}) {
  const { messages } = props;
  return (
    <p class="filter-row">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} aria-describedby={props.hintId}>
        <option value="" selected={props.value === ''}>
          {messages.questionnaireLayoutDetect}
        </option>
        {props.choices.map((choice) => (
          <option value={choice.column} selected={choice.column === props.value}>
            {messages.questionnaireLayoutColumnOption(choice.column, choice.text)}
          </option>
        ))}
      </select>
    </p>
  );
}

/** Lets staff change the detected sheet, header row and columns, and read the stored file again. */
function LayoutForm(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  sheets: SheetLayout[];
  /** False for an upload from before layouts were kept: the form then reads the file to record one. */
  isRecorded: boolean;
  values: LayoutValues;
}) {
  const { messages, values } = props;
  const shown =
    props.sheets.find((sheet) => values.sheets.includes(sheet.name)) ??
    props.sheets.find((sheet) => sheet.questionCount > 0 && !sheet.isHidden) ??
    props.sheets[0];
  const choices = columnChoices(shown, values);
  return (
    <section aria-labelledby="questionnaire-layout-title">
      <h2 id="questionnaire-layout-title">
        {props.isRecorded ? messages.questionnaireLayoutTitle : messages.questionnaireLayoutNotRecordedTitle}
      </h2>
      <p id="questionnaire-layout-intro">
        {props.isRecorded ? messages.questionnaireLayoutIntro : messages.questionnaireLayoutNotRecordedText}
      </p>
      <form method="post" action={`${props.base}/layout`} class="filters" aria-labelledby="questionnaire-layout-title">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <fieldset class="filter-row" aria-describedby="layout-sheets-hint">
          <legend>{messages.questionnaireLayoutSheets}</legend>
          <p id="layout-sheets-hint" class="reviewed">
            {messages.questionnaireLayoutSheetsHint}
          </p>
          {props.sheets.map((sheet, index) => (
            <p class="filter-row">
              <label for={`layout-sheet-${index}`}>
                <input
                  type="checkbox"
                  id={`layout-sheet-${index}`}
                  name="sheet"
                  value={sheet.name}
                  checked={values.sheets.includes(sheet.name)}
                />{' '}
                {messages.questionnaireLayoutSheetOption(sheet.name, sheet.isHidden, sheet.questionCount)}
                {sheet.skipped !== null && <> ({messages.questionnaireLayoutSheetSkipped(sheet.skipped)})</>}
              </label>
            </p>
          ))}
        </fieldset>
        <p class="filter-row">
          <label for="layout-header-row">{messages.questionnaireLayoutHeaderRow}</label>
          <input
            type="number"
            id="layout-header-row"
            name="headerRow"
            min={1}
            max={1048576}
            inputmode="numeric"
            value={values.headerRow}
            aria-describedby="layout-header-row-hint"
          />
          <span id="layout-header-row-hint" class="reviewed">
            {messages.questionnaireLayoutHeaderRowHint}
          </span>
        </p>
        <ColumnSelect
          messages={messages}
          id="layout-question-column"
          name="column"
          label={messages.questionnaireLayoutQuestionColumn}
          value={values.column}
          choices={choices}
        />
        <ColumnSelect
          messages={messages}
          id="layout-answer-column"
          name="answerColumn"
          label={messages.questionnaireLayoutAnswerColumn}
          hintId="layout-answer-column-hint"
          value={values.answerColumn}
          choices={choices}
        />
        <p id="layout-answer-column-hint" class="reviewed">
          {messages.questionnaireLayoutAnswerColumnHint}
        </p>
        <ColumnSelect
          messages={messages}
          id="layout-choice-column"
          name="choiceColumn"
          label={messages.questionnaireLayoutChoiceColumn}
          hintId="layout-choice-column-hint"
          value={values.choiceColumn}
          choices={choices}
        />
        <p id="layout-choice-column-hint" class="reviewed">
          {messages.questionnaireLayoutChoiceColumnHint}
        </p>
        <p id="questionnaire-layout-note">
          <strong>{messages.questionnaireLayoutNote}</strong>
        </p>
        <div class="filter-actions">
          <button type="submit" aria-describedby="questionnaire-layout-note">
            {messages.questionnaireLayoutButton}
          </button>
        </div>
      </form>
    </section>
  );
}

function ReviewProgress(props: { messages: AdminMessages; summary: ReviewSummary; base: string }) {
  const { messages, summary, base } = props;
  return (
    <>
      <p>
        <label for="questionnaire-progress">{messages.questionnaireProgressLabel}</label>{' '}
        <progress id="questionnaire-progress" max={Math.max(summary.total, 1)} value={summary.accepted}>
          {messages.questionnaireAcceptedOf(summary.accepted, summary.total)}
        </progress>{' '}
        <span>{messages.questionnaireAcceptedOf(summary.accepted, summary.total)}</span>
        {summary.needsAnswer > 0 && (
          <span class="reviewed"> · {messages.questionnaireNeedsAnswerCount(summary.needsAnswer)}</span>
        )}
      </p>
      <p>
        <a class="chip" href={`${base}/export.csv`}>
          {messages.questionnaireExportCsv}
        </a>{' '}
        <a class="chip" href={`${base}/export.json`}>
          {messages.questionnaireExportJson}
        </a>
        {summary.format === 'xlsx' && (
          <>
            {' '}
            <a class="chip" href={`${base}/export.xlsx`}>
              {messages.questionnaireExportXlsx}
            </a>
          </>
        )}
      </p>
      {summary.format === 'xlsx' && summary.exportWarnings.length > 0 && (
        <div class="reviewed" id="questionnaire-export-warnings">
          <p>{messages.questionnaireExportXlsxWarnings}</p>
          <ul>
            {summary.exportWarnings.map((warning) => (
              <li>{warning}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** One button per level of "accept all", with how many undecided questions each would offer; each opens a preview. */
function BulkAcceptForm(props: { messages: AdminMessages; summary: ReviewSummary; base: string }) {
  const { messages, summary } = props;
  const high = summary.undecidedByConfidence.high;
  const highAndMedium = high + summary.undecidedByConfidence.medium;
  return (
    <section aria-labelledby="questionnaire-bulk-title">
      <h2 id="questionnaire-bulk-title">{messages.questionnaireBulkTitle}</h2>
      {highAndMedium === 0 ? (
        <p>{messages.questionnaireBulkNone}</p>
      ) : (
        <>
          <p>{messages.questionnaireBulkText}</p>
          <div class="filter-actions">
            {high > 0 && (
              <form method="get" action={`${props.base}/accept-confident`}>
                <input type="hidden" name="level" value="high" />
                <button type="submit">{messages.questionnaireBulkHigh(high)}</button>
              </form>
            )}
            {highAndMedium > high && (
              <form method="get" action={`${props.base}/accept-confident`}>
                <input type="hidden" name="level" value="medium" />
                <button type="submit">{messages.questionnaireBulkMedium(highAndMedium)}</button>
              </form>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** A question whose review is shown open, with the candidate whose draft the box shows (a choice, or a refusal's). */
export interface ReviewFocus {
  questionId: number;
  /** The chosen candidate; absent means the question's own choice (or its first suggestion). */
  slug?: string;
}

/** The query that shows the same filtered page again, plus `extra`. */
function reviewHref(base: string, state: ReviewListState, extra: Record<string, string>, fragment: string): string {
  const query = new URLSearchParams();
  if (state.filter !== '') query.set('confidence', state.filter);
  if (state.decision !== '') query.set('decision', state.decision);
  if (state.page > 1) query.set('page', String(state.page));
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return `${base}${text === '' ? '' : `?${text}`}#${fragment}`;
}

interface ReviewListState {
  filter: Confidence | '';
  decision: QuestionStatus | '';
  page: number;
}

/** Questions in file order, split where the section heading changes. */
function groupBySection(questions: ReviewQuestion[]): { section: string | null; questions: ReviewQuestion[] }[] {
  const groups: { section: string | null; questions: ReviewQuestion[] }[] = [];
  for (const question of questions) {
    const last = groups.at(-1);
    if (last && last.section === question.section) last.questions.push(question);
    else groups.push({ section: question.section, questions: [question] });
  }
  return groups;
}

/** A confidence band as a coloured label that also says it in words. */
function ConfidenceBadge(props: { messages: AdminMessages; level: Confidence }) {
  return <span class={`level level-${props.level}`}>{confidenceLabel(props.messages, props.level)}</span>;
}

/** The new-entry form, filled with the question, that comes back to this questionnaire once saved. */
function newEntryHref(question: ReviewQuestion, questionnaireId: number): string {
  const query = new URLSearchParams({ question: question.text, questionnaire: String(questionnaireId) });
  return `/admin/entries/new?${query.toString()}`;
}

/** The open part of a question's row: its candidates, the draft in a box, and accept / needs answer. */
function ReviewForm(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  state: ReviewListState;
  choiceColumn: string | null;
  questionnaireId: number;
  question: ReviewQuestion;
  focus: ReviewFocus | undefined;
}) {
  const { messages, question } = props;
  const prefix = `question-${question.id}`;
  const picked = props.focus?.questionId === question.id ? props.focus.slug : undefined;
  const pickedCandidate = question.candidates.find((candidate) => candidate.slug === picked);
  const chosen = pickedCandidate?.slug ?? question.chosenSlug ?? question.candidates[0]?.slug;
  // A choice made through a link shows that entry's draft; otherwise the saved answer, or the chosen entry's draft.
  const chosenCandidate = question.candidates.find((candidate) => candidate.slug === chosen);
  // The entry whose draft fills the box ('' for the saved answer): the server reads the draft itself, so the text
  // is not sent to the page twice.
  const shownSlug = pickedCandidate?.slug ?? (question.answer !== null ? '' : (chosenCandidate?.slug ?? ''));
  const shownAnswer = pickedCandidate?.draftAnswer ?? question.answer ?? chosenCandidate?.draftAnswer ?? '';
  // The short answer offered with the draft: the saved one, else the shown entry's (none for an open question).
  const offeredShort =
    pickedCandidate === undefined && question.status === 'accepted'
      ? question.shortAnswer
      : shortAnswerFor(question.text, (pickedCandidate ?? chosenCandidate)?.shortAnswer);
  const newEntry = <a href={newEntryHref(question, props.questionnaireId)}>{messages.questionnaireCreateEntryLink}</a>;
  return (
    <form method="post" action={`/admin/questionnaires/questions/${question.id}/accept`}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="shown" value={shownSlug} />
      {question.candidates.length === 0 ? (
        <p>
          {messages.questionnaireNoSuggestion} {newEntry}
        </p>
      ) : (
        <fieldset>
          <legend>{messages.questionnaireCandidatesLegend}</legend>
          {question.candidates.map((candidate, index) => (
            <p>
              <input
                type="radio"
                id={`${prefix}-candidate-${index}`}
                name="slug"
                value={candidate.slug}
                checked={candidate.slug === chosen}
              />{' '}
              <label for={`${prefix}-candidate-${index}`}>
                <code>{candidate.slug}</code> {candidate.question}{' '}
                <ConfidenceBadge messages={messages} level={candidate.confidence} />
                {candidate.reasons && (candidate.reasons.words.length > 0 || candidate.reasons.controls.length > 0) && (
                  <>
                    {' '}
                    <span class="reviewed">
                      {messages.questionnaireReasons(candidate.reasons.words, candidate.reasons.controls)}
                    </span>
                  </>
                )}
              </label>
              {candidate.slug !== chosen && (
                <>
                  {' '}
                  <a
                    href={reviewHref(
                      props.base,
                      props.state,
                      { question: String(question.id), entry: candidate.slug },
                      `${prefix}-review`,
                    )}
                    data-choose={index}
                  >
                    {messages.questionnaireShowDraft}
                    <span class="visually-hidden"> {candidate.slug}</span>
                  </a>
                </>
              )}
            </p>
          ))}
        </fieldset>
      )}
      <p>
        <label for={`${prefix}-answer`}>
          <strong>{messages.questionnaireDraftAnswerLabel(question.reference)}</strong>
        </label>
        <br />
        <textarea id={`${prefix}-answer`} name="answer" rows={5}>
          {shownAnswer}
        </textarea>
      </p>
      {props.choiceColumn !== null && question.candidates.length > 0 && (
        <p class="filter-row">
          <label for={`${prefix}-short-answer`}>{messages.questionnaireShortAnswerLabel(props.choiceColumn)}</label>
          <select id={`${prefix}-short-answer`} name="shortAnswer">
            {listShortAnswerOptions(messages).map((option) => (
              <option value={option.value} selected={(offeredShort ?? '') === option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </p>
      )}
      <p class="review-actions">
        {question.candidates.length > 0 && (
          <button type="submit" data-action="accept">
            {messages.questionnaireAcceptButton}
          </button>
        )}{' '}
        <button
          type="submit"
          formaction={`/admin/questionnaires/questions/${question.id}/needs-answer`}
          data-action="needs-answer"
        >
          {messages.questionnaireNeedsAnswerButton}
        </button>
      </p>
      {question.status === 'needs_answer' && question.candidates.length > 0 && <p>{newEntry}</p>}
    </form>
  );
}

/** One question as a table row; an undecided one (or the one asked for) gets a second row that opens to review it. */
function QuestionRows(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  state: ReviewListState;
  /** The column short answers go to (several sheets: joined by commas), or null when the file has none. */
  choiceColumn: string | null;
  questionnaireId: number;
  question: ReviewQuestion;
  canEdit: boolean;
  focus: ReviewFocus | undefined;
}) {
  const { messages, question } = props;
  const prefix = `question-${question.id}`;
  const isFocused = props.focus?.questionId === question.id;
  const isDecided = question.status !== 'suggested';
  const entry = question.chosenSlug;
  const confidence = question.candidates[0]?.confidence ?? 'none';
  const hasDetails = !isDecided || isFocused;
  return (
    <>
      <tr class={isDecided ? 'decided' : undefined}>
        <td>{question.reference}</td>
        <th scope="row" id={`${prefix}-title`}>
          {question.text}
        </th>
        <td>
          <ConfidenceBadge messages={messages} level={confidence} />
        </td>
        <td>
          {statusLabel(messages, question.status)}
          {entry !== null && (
            <>
              {': '}
              <code>{entry}</code>
            </>
          )}
          {isDecided && !isFocused && (
            <>
              {' '}
              <a href={reviewHref(props.base, props.state, { question: String(question.id) }, `${prefix}-review`)}>
                {props.canEdit ? messages.questionnaireChange : messages.questionnaireShow}
                <span class="visually-hidden"> {question.reference}</span>
              </a>
            </>
          )}
          {question.status === 'needs_answer' && props.canEdit && (
            <>
              {' '}
              <a href={newEntryHref(question, props.questionnaireId)}>
                {messages.questionnaireCreateEntryLink}
                <span class="visually-hidden"> ({question.reference})</span>
              </a>
            </>
          )}
        </td>
      </tr>
      {hasDetails && (
        <tr class="review-detail">
          <td colspan={4}>
            <details class="review" id={`${prefix}-review`} open={isFocused}>
              <summary>{messages.questionnaireReviewSummary(question.reference)}</summary>
              {props.canEdit ? (
                <ReviewForm
                  messages={messages}
                  csrfToken={props.csrfToken}
                  base={props.base}
                  state={props.state}
                  choiceColumn={props.choiceColumn}
                  questionnaireId={props.questionnaireId}
                  question={question}
                  focus={props.focus}
                />
              ) : (
                <p class="answer-text">{question.answer ?? question.candidates[0]?.draftAnswer ?? ''}</p>
              )}
            </details>
          </td>
        </tr>
      )}
    </>
  );
}

function ReviewList(props: {
  messages: AdminMessages;
  csrfToken: string;
  summary: ReviewSummary;
  questions: ReviewQuestion[];
  page: ReviewPageInfo;
  filter: Confidence | '';
  decision: QuestionStatus | '';
  canEdit: boolean;
  base: string;
  focus: ReviewFocus | undefined;
  firstUndecided: { id: number; page: number } | undefined;
}) {
  const { messages, summary, base, page } = props;
  const first = (page.number - 1) * page.size + 1;
  const state: ReviewListState = { filter: props.filter, decision: props.decision, page: page.number };
  const pagination = (
    <SitePagination
      messages={messages}
      label={messages.questionnaireQuestionPages}
      basePath={base}
      page={page.number}
      pageCount={page.count}
      query={{ confidence: props.filter, decision: props.decision }}
    />
  );
  const next = props.firstUndecided;
  return (
    <>
      <FilterForm
        action={base}
        titleId="questionnaire-filter-title"
        title={messages.questionnaireFilterTitle}
        submitLabel={messages.questionnaireFilterButton}
        clear={
          props.filter !== '' || props.decision !== ''
            ? { href: base, label: messages.questionnaireFilterClear }
            : undefined
        }
      >
        <FilterSelect
          name="confidence"
          label={messages.questionnaireFilterConfidence}
          anyLabel={messages.questionnaireFilterAny}
          options={CONFIDENCE_LEVELS.map((level) => ({
            value: level,
            label: `${confidenceLabel(messages, level)} (${summary.byConfidence[level]})`,
          }))}
          selected={props.filter}
        />
        <FilterSelect
          name="decision"
          label={messages.questionnaireFilterDecision}
          anyLabel={messages.questionnaireFilterAny}
          options={QUESTION_STATUSES.map((decision) => ({
            value: decision,
            label: `${decisionLabel(messages, decision)} (${decisionCount(summary, decision)})`,
          }))}
          selected={props.decision}
        />
      </FilterForm>
      {props.canEdit && <BulkAcceptForm messages={messages} summary={summary} base={base} />}
      <h2 id="questionnaire-questions-title">{messages.questionnaireQuestionsTitle}</h2>
      <p>
        {page.count === 1
          ? messages.questionnaireShownCount(props.questions.length, summary.total)
          : messages.questionnaireShownRange(first, first + props.questions.length - 1, page.matching, summary.total)}
      </p>
      <p>
        {next === undefined ? (
          messages.questionnaireAllDecided
        ) : (
          <a
            id="next-undecided"
            href={`${base}?${next.page > 1 ? `page=${next.page}&` : ''}question=${next.id}#question-${next.id}-review`}
          >
            {messages.questionnaireNextUndecided}
          </a>
        )}
      </p>
      {/* Shown by the script that makes the keys work. */}
      {props.canEdit && (
        <p class="reviewed" data-shortcuts hidden>
          {messages.questionnaireShortcuts}
        </p>
      )}
      {pagination}
      {props.questions.length === 0 ? (
        <p>{messages.questionnaireNoneMatch}</p>
      ) : (
        <div class="table-scroll">
          <table
            class="review-table"
            aria-labelledby="questionnaire-questions-title"
            data-replace-prompt={messages.questionnaireReplacePrompt}
          >
            <thead>
              <tr>
                <th scope="col">{messages.questionnaireColumnReference}</th>
                <th scope="col">{messages.questionnaireColumnQuestion}</th>
                <th scope="col">{messages.questionnaireColumnConfidence}</th>
                <th scope="col">{messages.questionnaireColumnDecision}</th>
              </tr>
            </thead>
            {groupBySection(props.questions).map((group) => (
              <tbody>
                {group.section !== null && (
                  <tr class="section-row">
                    <th scope="colgroup" colspan={4}>
                      {messages.questionnaireSection(group.section)}
                    </th>
                  </tr>
                )}
                {group.questions.map((question) => (
                  <QuestionRows
                    messages={messages}
                    csrfToken={props.csrfToken}
                    base={base}
                    state={state}
                    choiceColumn={summary.choiceColumn}
                    questionnaireId={summary.id}
                    question={question}
                    canEdit={props.canEdit}
                    focus={props.focus}
                  />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {pagination}
      {props.canEdit && <script type="module" src={assetUrl('questionnaire-review.js')} />}
    </>
  );
}
