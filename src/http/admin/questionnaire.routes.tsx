import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import {
  CONFIDENCE_LEVELS,
  type Confidence,
  canChangeQuestionnaireContext,
  canChangeQuestionnaireVisibility,
  isQuestionnaireOverdue,
  QUESTION_STATUSES,
  QUESTIONNAIRE_VISIBILITIES,
  QUESTIONNAIRE_WORK_STATUSES,
  type QuestionStatus,
} from '../../domain/questionnaire.js';
import { SHORT_ANSWERS, shortAnswerFor } from '../../domain/short-answer.js';
import { hasPermission } from '../../domain/staff.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import { MAX_QUESTIONNAIRE_BYTES } from '../../questionnaire/index.js';
import type { ActionContext } from '../../services/entry.service.js';
import {
  type LayoutChoice,
  type QuestionnaireService,
  REVIEW_PAGE_SIZE,
} from '../../services/questionnaire.service.js';
import type { QuestionnaireExportService } from '../../services/questionnaire-export.service.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import { QuestionnaireBulkPreviewPage } from '../../views/pages/admin/questionnaire-bulk-page.js';
import { type ContextValues, ownerName } from '../../views/pages/admin/questionnaire-context.js';
import {
  QuestionnaireListPage,
  type QuestionnaireUploadValues,
} from '../../views/pages/admin/questionnaire-list-page.js';
import {
  type LayoutValues,
  QuestionnaireReviewPage,
  type ReviewFocus,
} from '../../views/pages/admin/questionnaire-review-page.js';
import { attempt } from '../attempt.js';
import { contentDisposition } from '../content-disposition.js';
import { parseForm } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages, readDoneFlash } from './admin-page.js';

/** What the questionnaire pages need. */
export interface QuestionnaireRoutesDeps extends TransportOptions {
  questionnaires: QuestionnaireService;
  questionnaireExports: QuestionnaireExportService;
}

// Room for the multipart envelope and the small text fields around the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuses a spreadsheet upload body over the limit (20 MB and the form around it) before anything
 * reads it: Content-Length first, then the bytes as they stream. Mount it ahead of the CSRF check,
 * which parses the body. `textOf` picks the page's explanation.
 */
export function spreadsheetUploadLimit(textOf: (messages: AdminMessages) => string): MiddlewareHandler<AdminEnv> {
  return bodyLimit({
    maxSize: MAX_QUESTIONNAIRE_BYTES + FORM_OVERHEAD_BYTES,
    onError: async (c) => {
      // The sender may still be streaming the rest: close the connection after this answer.
      c.header('Connection', 'close');
      const messages = getAdminMessages();
      const heading = messages.questionnaireTooLargeTitle;
      const page = <AdminMessagePage meta={buildAdminMeta(c, heading)} heading={heading} text={textOf(messages)} />;
      return c.html(await renderDocument(page), 413);
    },
  });
}

/** The upload limit of the questionnaire form. */
export function questionnaireUploadLimit(): MiddlewareHandler<AdminEnv> {
  return spreadsheetUploadLimit((messages) => messages.questionnaireTooLarge);
}

const idSchema = z.coerce.number().int().min(1).max(2_147_483_647);
const optionalText = z
  .string()
  .max(200)
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
/** Sheet names typed one per line (Excel forbids line breaks in a sheet's name). */
const sheetLines = z
  .string()
  .max(4_000)
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  );
const uploadFormSchema = z.object({
  file: z.instanceof(File).optional().catch(undefined),
  sheet: sheetLines.catch([]),
  column: optionalText.catch(undefined),
  answerColumn: optionalText.catch(undefined),
  choiceColumn: optionalText.catch(undefined),
  visibility: z.enum(QUESTIONNAIRE_VISIBILITIES).catch('team'),
});
const visibilityFormSchema = z.object({ visibility: z.enum(QUESTIONNAIRE_VISIBILITIES) });
/** A real calendar day as YYYY-MM-DD. */
function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
const blankAsNull = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim());
/** The details form (also the upload form's optional fields); each message names the field it is about. */
function contextFormSchema(messages: AdminMessages) {
  return z.object({
    customer: z
      .string()
      .max(400, messages.questionnaireContextBadCustomer)
      .optional()
      .transform(blankAsNull)
      .refine((value) => value === null || value.length <= 200, messages.questionnaireContextBadCustomer),
    dueDate: z
      .string()
      .max(20, messages.questionnaireContextBadDueDate)
      .optional()
      .transform(blankAsNull)
      .refine((value) => value === null || isDay(value), messages.questionnaireContextBadDueDate),
    owner: z
      .string()
      .max(12, messages.questionnaireContextBadOwner)
      .optional()
      .transform(blankAsNull)
      .refine((value) => value === null || /^[1-9]\d{0,9}$/.test(value), messages.questionnaireContextBadOwner)
      .transform((value) => (value === null ? null : Number(value))),
    workStatus: z.enum(QUESTIONNAIRE_WORK_STATUSES, messages.questionnaireContextBadStatus).default('in_progress'),
  });
}
const acceptFormSchema = z.object({
  slug: z.string().trim().min(1).max(200),
  answer: z.string().max(200_000),
  suggested: z.string().max(200_000).optional(),
  /** The entry whose draft the page put in the box ('' for the saved answer): the text itself is not sent twice. */
  shown: z.string().max(200).optional(),
  /** The short answer shown beside the box ('' for none); absent when the file has no choice column. */
  shortAnswer: z.enum(['', ...SHORT_ANSWERS]).optional(),
});
const bulkLevelSchema = z.enum(['high', 'medium']);
/** A confirmed preview row: the question's id and the entry the preview showed for it (`12:mfa-for-admins`). */
const confirmedRowSchema = z
  .string()
  .max(300)
  .regex(/^[1-9]\d{0,9}:[^\s:]{1,200}$/)
  .transform((value) => {
    const at = value.indexOf(':');
    return { id: Number(value.slice(0, at)), slug: value.slice(at + 1) };
  });
const acceptConfidentFormSchema = z.object({
  level: bulkLevelSchema,
  question: z
    .union([confirmedRowSchema, z.array(confirmedRowSchema).max(100_000)])
    .transform((value) => (Array.isArray(value) ? value : [value])),
});
/** A form field left empty means "detect it". */
const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;
/** The layout form: a sheet name (exact), a header row number, column letters; each may be left to detection. */
function layoutFormSchema(messages: AdminMessages) {
  const column = z
    .string(messages.questionnaireLayoutBadColumn)
    .max(10, messages.questionnaireLayoutBadColumn)
    .optional()
    .transform((value) => blankToUndefined(value)?.trim().toUpperCase())
    .refine((value) => value === undefined || /^[A-Z]{1,3}$/.test(value), messages.questionnaireLayoutBadColumn);
  const sheetName = z.string(messages.questionnaireLayoutBadSheet).max(300, messages.questionnaireLayoutBadSheet);
  return z.object({
    // Ticked sheets: none, one (a string) or several (a list).
    sheet: z
      .union(
        [sheetName, z.array(sheetName).max(200, messages.questionnaireLayoutBadSheet)],
        messages.questionnaireLayoutBadSheet,
      )
      .optional()
      .transform((value) =>
        (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((name) => name.trim() !== ''),
      ),
    headerRow: z
      .string(messages.questionnaireLayoutBadHeaderRow)
      .max(10, messages.questionnaireLayoutBadHeaderRow)
      .optional()
      .transform((value) => blankToUndefined(value)?.trim())
      .refine((value) => value === undefined || /^[1-9]\d{0,6}$/.test(value), messages.questionnaireLayoutBadHeaderRow)
      .transform((value) => (value === undefined ? undefined : Number(value)))
      .refine((value) => value === undefined || value <= 1_048_576, messages.questionnaireLayoutBadHeaderRow),
    column,
    answerColumn: column,
    choiceColumn: column,
  });
}

/** The submitted layout form as text, to show it again after a refusal. */
function submittedLayoutValues(body: Record<string, unknown>): LayoutValues {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : '');
  const sheets = Array.isArray(body.sheet) ? body.sheet : [body.sheet];
  return {
    sheets: sheets.map(text).filter((name) => name !== ''),
    headerRow: text(body.headerRow),
    column: text(body.column).trim().toUpperCase(),
    answerColumn: text(body.answerColumn).trim().toUpperCase(),
    choiceColumn: text(body.choiceColumn).trim().toUpperCase(),
  };
}

const reviewQuerySchema = z.object({
  confidence: z.enum(CONFIDENCE_LEVELS).optional().catch(undefined),
  decision: z.enum(QUESTION_STATUSES).optional().catch(undefined),
  done: z.string().max(40).optional(),
  accepted: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  skipped: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  /** A question to show open, and the entry whose draft to show in it (choosing without script). */
  question: idSchema.optional().catch(undefined),
  entry: z.string().max(200).optional().catch(undefined),
});

/** The unfiltered review page of a question. */
function pageOf(position: number): number {
  return Math.ceil(position / REVIEW_PAGE_SIZE);
}

/**
 * Where to go once a question is decided: the next undecided question, opened, so review goes on from the keyboard;
 * the decided question itself when none is left.
 */
function nextUrl(
  question: { questionnaireId: number; id: number; position: number },
  next: { id: number; page: number } | undefined,
  done: DoneFlag,
): string {
  const base = `/admin/questionnaires/${question.questionnaireId}?done=${done}`;
  if (next === undefined) {
    const page = pageOf(question.position);
    return `${base}${page > 1 ? `&page=${page}` : ''}#question-${question.id}-title`;
  }
  return `${base}${next.page > 1 ? `&page=${next.page}` : ''}&question=${next.id}#question-${next.id}-review`;
}

/** The message after each successful step, by its redirect flag (a fixed text, never request text). */
function doneTexts(messages: AdminMessages) {
  return {
    uploaded: messages.questionnaireDoneUploaded,
    accepted: messages.questionnaireDoneAccepted,
    phrasing: messages.questionnaireDonePhrasing,
    'needs-answer': messages.questionnaireDoneNeedsAnswer,
    reread: messages.questionnaireDoneReread,
    visibility: messages.questionnaireDoneVisibility,
    restarted: messages.questionnaireDoneRestarted,
    context: messages.questionnaireDoneContext,
    'entry-created': messages.questionnaireDoneEntryCreated,
  };
}
type DoneFlag = keyof ReturnType<typeof doneTexts>;

function parseId(value: string): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new AppError('not_found', 'No such questionnaire');
  return parsed.data;
}

/** Staff pages for questionnaires: upload, review suggested answers, accept, export. */
export function createQuestionnaireRoutes(deps: QuestionnaireRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  const actionContext = (c: Context<AdminEnv>): ActionContext => getActionContext(c, deps);

  const renderList = async (
    c: Context<AdminEnv>,
    options: {
      values?: QuestionnaireUploadValues;
      problem?: { heading: string; text: string; details: string[] };
    } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const owners = await deps.questionnaires.listOwners();
    const today = deps.questionnaires.today();
    const rows = (await deps.questionnaires.list(actor)).map((questionnaire) => ({
      ...questionnaire,
      ownerName: ownerName(messages, owners, questionnaire.ownerId),
      isOverdue: isQuestionnaireOverdue(questionnaire, today),
    }));
    const title = options.problem
      ? messages.entryTitleWithErrors(messages.questionnairesTitle)
      : messages.questionnairesTitle;
    const page = (
      <QuestionnaireListPage
        meta={buildAdminMeta(c, title)}
        rows={rows}
        canEdit={hasPermission(requireActor(c), 'edit')}
        owners={owners}
        values={
          options.values ?? {
            sheet: '',
            column: '',
            answerColumn: '',
            choiceColumn: '',
            visibility: 'team',
            customer: '',
            dueDate: '',
            owner: String(actor.userId),
          }
        }
        problem={options.problem}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  const renderReview = async (
    c: Context<AdminEnv>,
    id: number,
    options: {
      filter?: Confidence;
      decision?: QuestionStatus;
      page?: number;
      flash?: string;
      problem?: { heading: string; text: string };
      layoutValues?: LayoutValues;
      focus?: ReviewFocus;
      contextValues?: ContextValues;
    },
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const owners = await deps.questionnaires.listOwners();
    const review = await deps.questionnaires.review(actor, id, options.filter, options.decision, options.page);
    const { questionnaire, counts } = review;
    const exportWarnings =
      questionnaire.status === 'ready' ? await deps.questionnaireExports.listXlsxWarnings(actor, id) : [];
    const title = messages.questionnaireReviewTitle(questionnaire.fileName);
    const meta = buildAdminMeta(c, options.problem ? messages.entryTitleWithErrors(title) : title, options.flash);
    const page = (
      <QuestionnaireReviewPage
        meta={meta}
        summary={{
          id: questionnaire.id,
          fileName: questionnaire.fileName,
          format: questionnaire.format,
          sheet: questionnaire.sheet,
          questionColumn: questionnaire.questionColumn,
          answerColumn: questionnaire.answerColumn,
          choiceColumn: questionnaire.choiceColumn,
          exportWarnings,
          total: counts.total,
          language: review.language,
          accepted: counts.accepted,
          needsAnswer: counts.needsAnswer,
          byConfidence: counts.byConfidence,
          undecidedByConfidence: counts.undecidedByConfidence,
          status: questionnaire.status,
          isStalled: review.isStalled,
          processed: questionnaire.processedCount,
          failure: questionnaire.failure,
          layout: questionnaire.layout,
          visibility: questionnaire.visibility,
        }}
        questions={review.questions}
        page={review.page}
        filter={options.filter ?? ''}
        decision={options.decision ?? ''}
        canEdit={hasPermission(actor, 'edit')}
        canChangeVisibility={canChangeQuestionnaireVisibility(actor, questionnaire)}
        problem={options.problem}
        layoutValues={options.layoutValues}
        focus={options.focus}
        firstUndecided={review.firstUndecided}
        context={{
          context: questionnaire,
          isOverdue: isQuestionnaireOverdue(questionnaire, deps.questionnaires.today()),
          owners,
          canChange: canChangeQuestionnaireContext(actor, questionnaire),
          ...(options.contextValues === undefined ? {} : { values: options.contextValues }),
        }}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  /** A refused step shown on the review page itself; an unknown questionnaire stays a 404. */
  const renderRefusal = (c: Context<AdminEnv>, id: number, error: AppError) => {
    if (error.code === 'not_found') throw error;
    return renderReview(
      c,
      id,
      { problem: { heading: messages.questionnaireProblemTitle, text: error.message } },
      ADMIN_STATUS_BY_CODE[error.code],
    );
  };

  app.get('/', requirePermission('read'), (c) => renderList(c));

  app.post('/', requirePermission('edit'), async (c) => {
    const body = await c.req.parseBody();
    const form = uploadFormSchema.parse(body);
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 400) : '');
    const values = {
      sheet: form.sheet.join('\n'),
      column: form.column ?? '',
      answerColumn: form.answerColumn ?? '',
      choiceColumn: form.choiceColumn ?? '',
      visibility: form.visibility,
      customer: text(body.customer),
      dueDate: text(body.dueDate),
      owner: text(body.owner),
    };
    const details = contextFormSchema(messages).safeParse(body);
    if (!details.success) {
      const problem = {
        heading: messages.questionnaireUnreadableTitle,
        text: messages.questionnaireContextUnreadable(details.error.issues.map((issue) => issue.message).join('; ')),
        details: [],
      };
      return renderList(c, { values, problem }, 400);
    }
    const file = form.file;
    if (!file || file.size === 0) {
      const problem = {
        heading: messages.questionnaireUnreadableTitle,
        text: messages.questionnaireFileRequired,
        details: [],
      };
      return renderList(c, { values, problem }, 400);
    }
    if (file.size > MAX_QUESTIONNAIRE_BYTES) {
      const problem = {
        heading: messages.questionnaireTooLargeTitle,
        text: messages.questionnaireTooLarge,
        details: [],
      };
      return renderList(c, { values, problem }, 413);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await attempt(() =>
      deps.questionnaires.upload(actionContext(c), {
        fileName: file.name || 'questionnaire',
        bytes,
        visibility: form.visibility,
        ...(details.data.customer === null ? {} : { customer: details.data.customer }),
        ...(details.data.dueDate === null ? {} : { dueDate: details.data.dueDate }),
        ...(details.data.owner === null ? {} : { ownerId: details.data.owner }),
        ...(form.sheet.length === 0 ? {} : { sheets: form.sheet }),
        ...(form.column === undefined ? {} : { column: form.column }),
        ...(form.answerColumn === undefined ? {} : { answerColumn: form.answerColumn }),
        ...(form.choiceColumn === undefined ? {} : { choiceColumn: form.choiceColumn }),
      }),
    );
    if (!result.ok) {
      const problem = {
        heading: messages.questionnaireUnreadableTitle,
        text: result.error.message,
        // An error's message states its problem when it has only one; several are listed after it.
        details: result.error.problems.length > 1 ? result.error.problems.map((item) => item.message) : [],
      };
      return renderList(c, { values, problem }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/questionnaires/${result.value.id}?done=uploaded`, 303);
  });

  app.get('/:id', requirePermission('read'), async (c) => {
    const query = reviewQuerySchema.parse(c.req.query());
    return renderReview(c, parseId(c.req.param('id')), {
      filter: query.confidence,
      decision: query.decision,
      page: query.page,
      ...(query.question === undefined
        ? {}
        : { focus: { questionId: query.question, ...(query.entry === undefined ? {} : { slug: query.entry }) } }),
      flash:
        query.done === 'bulk-accepted' && query.accepted !== undefined
          ? query.skipped
            ? messages.questionnaireDoneBulkSkipped(query.accepted, query.skipped)
            : messages.questionnaireDoneBulkAccepted(query.accepted)
          : readDoneFlash(doneTexts(messages), query.done),
    });
  });

  // The preview: what "accept all" would accept, to confirm (GET: it writes nothing).
  app.get('/:id/accept-confident', requirePermission('edit'), async (c) => {
    const id = parseId(c.req.param('id'));
    const level = bulkLevelSchema.catch('high').parse(c.req.query('level'));
    const result = await attempt(() => deps.questionnaires.previewConfident(requireActor(c), id, level));
    if (!result.ok) return renderRefusal(c, id, result.error);
    const { questionnaire, items } = result.value;
    const page = (
      <QuestionnaireBulkPreviewPage
        meta={buildAdminMeta(c, messages.questionnaireBulkPreviewTitle(questionnaire.fileName))}
        questionnaireId={id}
        fileName={questionnaire.fileName}
        level={level}
        rows={items}
      />
    );
    return c.html(await renderDocument(page));
  });

  app.post('/:id/accept-confident', requirePermission('edit'), async (c) => {
    const id = parseId(c.req.param('id'));
    const form = await parseForm(c, acceptConfidentFormSchema, { all: true });
    if (!form.ok) {
      // A forged or hidden id is a 404 before any complaint about the form.
      await deps.questionnaires.get(requireActor(c), id);
      throw new AppError('invalid_input', messages.questionnaireBulkUnreadable);
    }
    const result = await attempt(() =>
      deps.questionnaires.acceptConfident(actionContext(c), id, form.data.level, form.data.question),
    );
    if (!result.ok) return renderRefusal(c, id, result.error);
    const { accepted, skipped } = result.value;
    return c.redirect(`/admin/questionnaires/${id}?done=bulk-accepted&accepted=${accepted}&skipped=${skipped}`, 303);
  });

  app.post('/:id/restart-matching', requirePermission('edit'), async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => deps.questionnaires.restartStalledMatching(actionContext(c), id));
    if (!result.ok) return renderRefusal(c, id, result.error);
    return c.redirect(`/admin/questionnaires/${id}?done=restarted`, 303);
  });

  app.get('/:id/export.csv', requirePermission('read'), async (c) => {
    const id = parseId(c.req.param('id'));
    const csv = await deps.questionnaireExports.exportCsv(requireActor(c), id);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="questionnaire-${id}-answers.csv"`,
    });
  });

  app.get('/:id/export.json', requirePermission('read'), async (c) => {
    const id = parseId(c.req.param('id'));
    const json = await deps.questionnaireExports.exportJson(requireActor(c), id);
    return c.body(json, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="questionnaire-${id}-answers.json"`,
    });
  });

  app.get('/:id/export.xlsx', requirePermission('read'), async (c) => {
    const { fileName, bytes } = await deps.questionnaireExports.exportXlsx(requireActor(c), parseId(c.req.param('id')));
    return c.body(Buffer.from(bytes), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': contentDisposition(fileName),
    });
  });

  // Owners and admins only (the service decides); the route asks for the least role an owner has, since only
  // editors upload.
  app.post('/:id/visibility', requirePermission('read'), async (c) => {
    const id = parseId(c.req.param('id'));
    const form = await parseForm(c, visibilityFormSchema);
    if (!form.ok) {
      // A forged or hidden id is a 404 before any complaint about the form.
      await deps.questionnaires.get(requireActor(c), id);
      throw new AppError('invalid_input', messages.questionnaireVisibilityUnreadable);
    }
    await deps.questionnaires.setVisibility(actionContext(c), id, form.data.visibility);
    return c.redirect(`/admin/questionnaires/${id}?done=visibility#questionnaire-visibility-title`, 303);
  });

  // Editors and the owner (whatever their role) may change the details; the service decides.
  app.post('/:id/context', requirePermission('read'), async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 400) : '');
    const contextValues: ContextValues = {
      customer: text(body.customer),
      dueDate: text(body.dueDate),
      owner: text(body.owner),
      workStatus: text(body.workStatus),
    };
    const refuse = (reason: string, status: ContentfulStatusCode) =>
      renderReview(
        c,
        id,
        { problem: { heading: messages.questionnaireProblemTitle, text: reason }, contextValues },
        status,
      );
    const form = await parseForm(c, contextFormSchema(messages));
    if (!form.ok) {
      // A forged or hidden id is a 404 before any complaint about the form.
      await deps.questionnaires.get(requireActor(c), id);
      return refuse(messages.questionnaireContextUnreadable(form.errors.map((error) => error.message).join('; ')), 400);
    }
    const result = await attempt(() =>
      deps.questionnaires.setContext(actionContext(c), id, {
        customer: form.data.customer,
        dueDate: form.data.dueDate,
        ownerId: form.data.owner,
        workStatus: form.data.workStatus,
      }),
    );
    if (!result.ok) {
      if (result.error.code === 'not_found') throw result.error;
      return refuse(result.error.message, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/questionnaires/${id}?done=context#questionnaire-context-title`, 303);
  });

  app.post('/:id/layout', requirePermission('edit'), async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const layoutValues = submittedLayoutValues(body);
    const refuse = (reason: string, status: ContentfulStatusCode) =>
      renderReview(
        c,
        id,
        {
          problem: {
            heading: messages.questionnaireRereadFailedTitle,
            text: messages.questionnaireRereadNothingChanged(reason),
          },
          layoutValues,
        },
        status,
      );
    const form = await parseForm(c, layoutFormSchema(messages), { all: true });
    if (!form.ok) {
      // A forged id is a 404 before any complaint about the form.
      await deps.questionnaires.get(requireActor(c), id);
      return refuse(form.errors[0]?.message ?? messages.questionnaireLayoutBadColumn, 400);
    }
    const choice: LayoutChoice = {
      ...(form.data.sheet.length === 0 ? {} : { sheets: form.data.sheet }),
      ...(form.data.choiceColumn === undefined ? {} : { choiceColumn: form.data.choiceColumn }),
      ...(form.data.headerRow === undefined ? {} : { headerRow: form.data.headerRow }),
      ...(form.data.column === undefined ? {} : { column: form.data.column }),
      ...(form.data.answerColumn === undefined ? {} : { answerColumn: form.data.answerColumn }),
    };
    const result = await attempt(() => deps.questionnaires.reread(actionContext(c), id, choice));
    if (!result.ok) {
      if (result.error.code === 'not_found') throw result.error;
      return refuse(result.error.message, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/questionnaires/${id}?done=reread`, 303);
  });

  app.post('/questions/:id/accept', requirePermission('edit'), async (c) => {
    const form = await parseForm(c, acceptFormSchema);
    if (!form.ok) throw new AppError('invalid_input', messages.questionnaireAcceptUnreadable);
    const questionId = parseId(c.req.param('id'));
    const result = await attempt(() =>
      deps.questionnaires.accept(
        actionContext(c),
        questionId,
        form.data.slug,
        form.data.answer,
        form.data.shown !== undefined
          ? { slug: form.data.shown }
          : form.data.suggested !== undefined
            ? { text: form.data.suggested }
            : undefined,
        form.data.shortAnswer === undefined
          ? {}
          : { shortAnswer: form.data.shortAnswer === '' ? null : form.data.shortAnswer },
      ),
    );
    if (!result.ok) {
      if (result.error.code === 'not_found') throw result.error;
      const question = await deps.questionnaires.getQuestion(requireActor(c), questionId);
      // The question stays open on its page, showing the chosen entry's draft when that entry is one of its own.
      return renderReview(
        c,
        question.questionnaireId,
        {
          page: pageOf(question.position),
          problem: { heading: messages.questionnaireProblemTitle, text: result.error.message },
          focus: {
            questionId,
            ...(question.candidates.some((candidate) => candidate.slug === form.data.slug)
              ? { slug: form.data.slug }
              : {}),
          },
        },
        ADMIN_STATUS_BY_CODE[result.error.code],
      );
    }
    const { question, isPhrasingAdded } = result.value;
    const done = isPhrasingAdded ? 'phrasing' : 'accepted';
    const next = await deps.questionnaires.findNextUndecided(question.questionnaireId, question.position);
    return c.redirect(nextUrl(question, next, done), 303);
  });

  app.post('/questions/:id/needs-answer', requirePermission('edit'), async (c) => {
    const question = await deps.questionnaires.markNeedsAnswer(actionContext(c), parseId(c.req.param('id')));
    const next = await deps.questionnaires.findNextUndecided(question.questionnaireId, question.position);
    return c.redirect(nextUrl(question, next, 'needs-answer'), 303);
  });

  // The draft of one suggested entry, for the review page's script when another entry is picked.
  app.get('/questions/:id/draft', requirePermission('read'), async (c) => {
    const question = await deps.questionnaires.getQuestion(requireActor(c), parseId(c.req.param('id')));
    const candidate = question.candidates.find((item) => item.slug === c.req.query('entry'));
    if (candidate === undefined) throw new AppError('not_found', 'No such suggestion');
    c.header('Cache-Control', 'no-store');
    return c.json({
      slug: candidate.slug,
      draft: candidate.draftAnswer,
      shortAnswer: shortAnswerFor(question.text, candidate.shortAnswer) ?? '',
    });
  });

  return app;
}
