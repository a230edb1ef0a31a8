import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  type Category,
  ENTRY_STATUSES,
  findNestingProblem,
  getReviewDueDate,
  slugify,
  type Tag,
} from '../../domain/content.js';
import type { EntryRecord } from '../../domain/entry-record.js';
import { CONTROL_ID_PATTERN, ENTRY_LIMITS, REVIEW_INTERVAL_DAYS, SLUG_PATTERN } from '../../domain/entry-rules.js';
import { AppError } from '../../domain/errors.js';
import { countPages } from '../../domain/page.js';
import { SHORT_ANSWERS } from '../../domain/short-answer.js';
import { hasPermission } from '../../domain/staff.js';
import type { EntryTranslation, Translations } from '../../domain/translation.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import type { ContentService } from '../../services/content.service.js';
import type { ActionContext, EntryInput, EntryService } from '../../services/entry.service.js';
import { renderMarkdown } from '../../services/markdown.renderer.js';
import type { SettingService } from '../../services/setting.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import { EntryEditorPage, EntryNewPage } from '../../views/pages/admin/entry-editor-page.js';
import type { EntryFormValues } from '../../views/pages/admin/entry-form.js';
import { EntryHistoryPage } from '../../views/pages/admin/entry-history-page.js';
import { type EntryListFilterValues, EntryListPage } from '../../views/pages/admin/entry-list-page.js';
import { attempt } from '../attempt.js';
import { parseForm, sortByFieldOrder, toFieldErrors } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages, readDoneFlash } from './admin-page.js';
import { buildVersionHistory } from './version-history.js';

/** The questionnaire a new entry is made from (`?questionnaire=12`), or undefined. */
function readQuestionnaireId(value: string | undefined): number | undefined {
  return value !== undefined && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647
    ? Number(value)
    : undefined;
}

/** What the staff entry pages need. */
export interface EntryRoutesDeps extends TransportOptions {
  entries: EntryService;
  settings: Pick<SettingService, 'isFourEyesRequired'>;
  /** Categories, tags and named links for the form and the preview. */
  content: Pick<ContentService, 'getContent'>;
}

/** Entries per page of the staff list. */
export const ENTRY_PAGE_SIZE = 25;

// Paths under /admin/entries that are not entries.
const RESERVED_SLUGS = new Set(['new']);

// Every field arrives as text; anything else (a file, a repeated single field) is not our form.
const text = z.string().max(200_000).default('');
const rawEntryFormSchema = z.object({
  slug: text,
  question: text,
  answer: text,
  category: text,
  tags: z
    .union([z.string().max(200), z.array(z.string().max(200)).max(200)])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  owner: text,
  reviewIntervalDays: text,
  alternativePhrasings: text,
  controls: text,
  shortAnswer: text,
  questionnaireWording: text,
  svQuestion: text,
  svAnswer: text,
  svAlternativePhrasings: text,
  svQuestionnaireWording: text,
  intent: z.enum(['save', 'preview']).catch('save'),
});

/** The Swedish fields as typed: none filled means not translated; the service checks a filled one. */
function readSwedish(values: {
  svQuestion: string;
  svAnswer: string;
  svAlternativePhrasings: string;
  svQuestionnaireWording: string;
}): Translations<EntryTranslation> {
  const isEmpty = [
    values.svQuestion,
    values.svAnswer,
    values.svAlternativePhrasings,
    values.svQuestionnaireWording,
  ].every((value) => value.trim() === '');
  if (isEmpty) return {};
  return {
    sv: {
      question: values.svQuestion,
      answer: values.svAnswer,
      alternativePhrasings: splitLines(values.svAlternativePhrasings),
      questionnaireWording: values.svQuestionnaireWording,
    },
  };
}

/** The form field a service problem names: `sv.question` is the field `svQuestion`. */
function toFormField(field: string): string {
  return field.replace(/^sv\.(\w)/, (_whole, first: string) => `sv${first.toUpperCase()}`);
}

function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The entry form's rules; the messages come from i18n, each issue names its field by path. */
function buildEntrySchema(messages: AdminMessages) {
  return z.object({
    question: z
      .string()
      .trim()
      .min(1, { error: messages.entryQuestionRequired })
      .max(ENTRY_LIMITS.question, { error: messages.entryQuestionTooLong(ENTRY_LIMITS.question) }),
    answer: z
      .string()
      .trim()
      .min(1, { error: messages.entryAnswerRequired })
      .max(ENTRY_LIMITS.answer, { error: messages.entryAnswerTooLong(ENTRY_LIMITS.answer) }),
    category: z.string().min(1, { error: messages.entryCategoryRequired }),
    tags: z.array(z.string()).max(ENTRY_LIMITS.tags, { error: messages.entryTooManyTags(ENTRY_LIMITS.tags) }),
    owner: z
      .string()
      .trim()
      .min(1, { error: messages.entryOwnerRequired })
      .max(ENTRY_LIMITS.owner, { error: messages.entryOwnerTooLong(ENTRY_LIMITS.owner) }),
    reviewIntervalDays: z
      .string()
      .trim()
      .regex(/^\d{0,5}$/, { error: messages.entryIntervalInvalid(REVIEW_INTERVAL_DAYS.max) })
      .transform((value) => (value === '' ? null : Number(value)))
      .pipe(
        z
          .number()
          .int()
          .min(REVIEW_INTERVAL_DAYS.min, { error: messages.entryIntervalInvalid(REVIEW_INTERVAL_DAYS.max) })
          .max(REVIEW_INTERVAL_DAYS.max, {
            error: messages.entryIntervalInvalid(REVIEW_INTERVAL_DAYS.max),
          })
          .nullable(),
      ),
    alternativePhrasings: z
      .string()
      .transform(splitLines)
      .pipe(
        z
          .array(
            z.string().max(ENTRY_LIMITS.phrasingLength, {
              error: messages.entryPhrasingTooLong(ENTRY_LIMITS.phrasingLength),
            }),
          )
          .max(ENTRY_LIMITS.phrasings, { error: messages.entryTooManyPhrasings(ENTRY_LIMITS.phrasings) }),
      ),
    controls: z
      .string()
      .transform((value) => value.split(/[\s,]+/).filter((control) => control !== ''))
      .pipe(
        z
          .array(
            z.string().regex(CONTROL_ID_PATTERN, {
              error: (issue) => messages.entryControlInvalid(String(issue.input).slice(0, 40)),
            }),
          )
          .max(ENTRY_LIMITS.controls, { error: messages.entryTooManyControls(ENTRY_LIMITS.controls) }),
      ),
    shortAnswer: z
      .string()
      .transform((value) => (value === '' ? null : value))
      .pipe(z.enum(SHORT_ANSWERS, { error: messages.entryShortAnswerInvalid }).nullable()),
    questionnaireWording: z
      .string()
      .trim()
      .max(ENTRY_LIMITS.questionnaireWording, {
        error: messages.entryWordingTooLong(ENTRY_LIMITS.questionnaireWording),
      })
      .transform((value) => (value === '' ? null : value)),
  });
}

function buildSlugSchema(messages: AdminMessages) {
  return z
    .string()
    .trim()
    .min(1, { error: messages.entrySlugRequired })
    .max(ENTRY_LIMITS.slug, { error: messages.entrySlugTooLong(ENTRY_LIMITS.slug) })
    .regex(SLUG_PATTERN, { error: messages.entrySlugInvalid })
    .refine((slug) => !RESERVED_SLUGS.has(slug), { error: messages.entrySlugReserved });
}

const FIELD_ORDER = [
  'slug',
  'question',
  'answer',
  'category',
  'tags',
  'owner',
  'reviewIntervalDays',
  'alternativePhrasings',
  'controls',
  'shortAnswer',
  'questionnaireWording',
  'svQuestion',
  'svAnswer',
  'svAlternativePhrasings',
  'svQuestionnaireWording',
];

function byFieldOrder(errors: FieldError[]): FieldError[] {
  return sortByFieldOrder(errors, FIELD_ORDER);
}

const listQuerySchema = z.object({
  status: z.enum(ENTRY_STATUSES).optional().catch(undefined),
  category: z.string().max(200).optional().catch(undefined),
  freshness: z.enum(['fresh', 'due', 'overdue']).optional().catch(undefined),
  owner: z.string().max(320).optional().catch(undefined),
  text: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const compareQuerySchema = z.object({
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z.coerce.number().int().min(1).optional().catch(undefined),
});

const restoreFormSchema = z.object({ version: z.coerce.number().int().min(1) });

/** The message after each successful step, by its redirect flag (a fixed text, never request text). */
function doneTexts(messages: AdminMessages) {
  return {
    created: messages.entryDoneCreated,
    saved: messages.entryDoneSaved,
    proposed: messages.entryDoneProposed,
    submitted: messages.entryDoneSubmitted,
    approved: messages.entryDoneApproved,
    rejected: messages.entryDoneRejected,
    archived: messages.entryDoneArchived,
    reopened: messages.entryDoneReopened,
    reviewed: messages.entryDoneReviewed,
    restored: messages.entryDoneRestored,
  };
}
type DoneFlag = keyof ReturnType<typeof doneTexts>;

/** Heading and text for a refused step, shown on the page itself. */
function describeProblem(messages: AdminMessages, error: AppError): { heading: string; text: string } {
  const headings: Record<AppError['code'], string> = {
    not_found: messages.notFoundTitle,
    invalid_input: messages.badRequestTitle,
    conflict: messages.entryConflictTitle,
    unauthorized: messages.unauthorizedTitle,
    forbidden: messages.entryForbiddenTitle,
    rate_limited: messages.rateLimitedTitle,
    too_large: messages.tooLargeTitle,
    unavailable: messages.unavailableTitle,
  };
  return { heading: headings[error.code], text: error.message };
}

function toFormValues(
  entry: EntryRecord | Omit<EntryRecord, 'submittedById' | 'reviewedById' | 'pendingVersion'>,
): EntryFormValues {
  return {
    slug: entry.slug,
    question: entry.question,
    answer: entry.answer,
    category: entry.category,
    tags: entry.tags,
    owner: entry.owner,
    reviewIntervalDays: entry.reviewIntervalDays === null ? '' : String(entry.reviewIntervalDays),
    alternativePhrasings: entry.alternativePhrasings.join('\n'),
    controls: entry.controls.join(', '),
    shortAnswer: entry.shortAnswer ?? '',
    questionnaireWording: entry.questionnaireWording ?? '',
    svQuestion: entry.translations?.sv?.question ?? '',
    svAnswer: entry.translations?.sv?.answer ?? '',
    svAlternativePhrasings: (entry.translations?.sv?.alternativePhrasings ?? []).join('\n'),
    svQuestionnaireWording: entry.translations?.sv?.questionnaireWording ?? '',
  };
}

/** Staff pages for entries: list, create, edit with preview, workflow steps and history. */
export function createEntryRoutes(deps: EntryRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const entrySchema = buildEntrySchema(messages);
  const slugSchema = buildSlugSchema(messages);

  const actionContext = (c: Context<AdminEnv>): ActionContext => getActionContext(c, deps);

  const loadTaxonomy = async (): Promise<{
    categories: Category[];
    tags: Tag[];
    resolveLink: (key: string) => string | undefined;
  }> => {
    const content = await deps.content.getContent();
    const links = new Map(content.links.map((link) => [link.key, link.url]));
    return {
      categories: [...content.categories].sort((a, b) => a.order - b.order),
      tags: content.tags,
      resolveLink: (key) => links.get(key),
    };
  };

  /** Reads the posted form: the values as typed, the parsed input, and every problem. */
  const readEntryForm = async (c: Context<AdminEnv>, withSlug: boolean) => {
    const raw = await parseForm(c, rawEntryFormSchema, { all: true });
    if (!raw.ok) throw new AppError('invalid_input', messages.entryFormUnreadable);
    const { intent, ...values } = raw.data;
    const parsed = entrySchema.safeParse(values);
    const slug = withSlug ? slugSchema.safeParse(values.slug) : undefined;
    const errors = [
      ...(slug && !slug.success ? toFieldErrors(slug.error.issues, { field: 'slug' }) : []),
      ...(parsed.success ? [] : toFieldErrors(parsed.error.issues)),
    ];
    const input: EntryInput | undefined = parsed.success
      ? { ...parsed.data, translations: readSwedish(values) }
      : undefined;
    return { intent, values, input, slug: slug?.success ? slug.data : values.slug, errors: byFieldOrder(errors) };
  };

  /**
   * The preview of a typed answer, or an error on the answer field when it is too long to render. An
   * answer nested too deeply to save is still previewed (as plain text), with the problem beside it.
   */
  const preview = (answer: string, resolveLink: (key: string) => string | undefined) => {
    const checked = entrySchema.shape.answer.safeParse(answer);
    if (!checked.success) return { errors: toFieldErrors(checked.error.issues, { field: 'answer' }) };
    const nesting = findNestingProblem(checked.data);
    const errors: FieldError[] = nesting ? [{ field: 'answer', message: nesting }] : [];
    return { html: renderMarkdown(checked.data, resolveLink), errors };
  };

  /** A refused save as the form shows it: beside the fields it names, or as one problem above the form. */
  const toRefusal = (error: AppError): { errors: FieldError[] } | { problem: { heading: string; text: string } } => {
    const errors = error.problems.flatMap((problem) =>
      problem.field ? [{ field: toFormField(problem.field), message: problem.message }] : [],
    );
    return errors.length === 0 ? { problem: describeProblem(messages, error) } : { errors: byFieldOrder(errors) };
  };

  const renderNew = async (
    c: Context<AdminEnv>,
    options: {
      values: EntryFormValues;
      errors?: FieldError[];
      previewHtml?: string;
      problem?: { heading: string; text: string };
    },
    status: ContentfulStatusCode = 200,
  ) => {
    const { categories, tags } = await loadTaxonomy();
    const questionnaireId = readQuestionnaireId(c.req.query('questionnaire'));
    const title = options.errors?.length
      ? messages.entryTitleWithErrors(messages.entryNewTitle)
      : messages.entryNewTitle;
    const page = (
      <EntryNewPage
        meta={buildAdminMeta(c, title)}
        values={options.values}
        errors={options.errors ?? []}
        categories={categories}
        tags={tags}
        previewHtml={options.previewHtml}
        problem={options.problem}
        questionnaireId={questionnaireId}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  const renderEditor = async (
    c: Context<AdminEnv>,
    entry: EntryRecord,
    options: {
      values?: EntryFormValues;
      errors?: FieldError[];
      previewHtml?: string;
      problem?: { heading: string; text: string };
      flash?: string;
    } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const [{ categories, tags }, isFourEyesRequired] = await Promise.all([
      loadTaxonomy(),
      deps.settings.isFourEyesRequired(),
    ]);
    let values = options.values;
    if (!values) {
      // A change waiting for approval is what the next edit builds on, so the form shows it.
      values = toFormValues(entry.pendingVersion === null ? entry : await deps.entries.getLatestText(entry.slug));
    }
    const dueOn = getReviewDueDate(
      entry,
      categories.find((category) => category.slug === entry.category),
    );
    const heading = values.question === '' ? entry.slug : values.question;
    const title = options.errors?.length || options.problem ? messages.entryTitleWithErrors(heading) : heading;
    const page = (
      <EntryEditorPage
        meta={buildAdminMeta(c, title, options.flash)}
        values={values}
        errors={options.errors ?? []}
        categories={categories}
        tags={tags}
        previewHtml={options.previewHtml}
        problem={options.problem}
        entry={{
          slug: entry.slug,
          status: entry.status,
          pendingVersion: entry.pendingVersion,
          lastReviewed: entry.lastReviewed,
          dueOn,
          isFourEyesRequired,
        }}
        abilities={{ canEdit: hasPermission(actor, 'edit'), canPublish: hasPermission(actor, 'publish') }}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  const renderHistory = async (
    c: Context<AdminEnv>,
    entry: EntryRecord,
    options: { from?: number; to?: number; problem?: { heading: string; text: string }; flash?: string },
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const history = await buildVersionHistory(await deps.entries.listVersions(entry.slug), options, (from, to) =>
      deps.entries.diffVersions(entry.slug, from, to),
    );
    const title = messages.entryHistoryTitle(entry.question);
    const page = (
      <EntryHistoryPage
        meta={buildAdminMeta(c, title, options.flash)}
        slug={entry.slug}
        question={entry.question}
        versions={history.versions}
        comparison={history.comparison}
        canRestore={hasPermission(actor, 'edit') && entry.status !== 'archived'}
        problem={options.problem}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  app.get('/', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const query = listQuerySchema.parse(c.req.query());
    const filter = {
      status: query.status,
      category: query.category || undefined,
      freshness: query.freshness,
      owner: query.owner || undefined,
      text: query.text || undefined,
    };
    const [{ items, total }, all, { categories }] = await Promise.all([
      deps.entries.listEntries(filter, query.page, ENTRY_PAGE_SIZE),
      deps.entries.listEntries({}, 1, Number.MAX_SAFE_INTEGER),
      loadTaxonomy(),
    ]);
    const owners = [...new Set(all.items.map((item) => item.owner))].sort();
    const filterValues: EntryListFilterValues = {
      text: filter.text ?? '',
      status: filter.status ?? '',
      category: filter.category ?? '',
      freshness: filter.freshness ?? '',
      owner: filter.owner ?? '',
    };
    const pageCount = countPages(total, ENTRY_PAGE_SIZE);
    const title = query.page > 1 ? messages.entriesPageTitle(query.page) : messages.entriesTitle;
    const page = (
      <EntryListPage
        meta={buildAdminMeta(c, title)}
        rows={items}
        total={total}
        page={query.page}
        pageCount={pageCount}
        filter={filterValues}
        categories={categories}
        owners={owners}
        canEdit={hasPermission(actor, 'edit')}
      />
    );
    return c.html(await renderDocument(page));
  });

  app.get('/new', requirePermission('edit'), async (c) => {
    const actor = requireActor(c);
    const question = (c.req.query('question') ?? '').trim().slice(0, ENTRY_LIMITS.question);
    return renderNew(c, {
      values: {
        slug: slugify(question, ENTRY_LIMITS.slug),
        question,
        answer: '',
        category: '',
        tags: [],
        owner: actor.email,
        reviewIntervalDays: '',
        alternativePhrasings: '',
        controls: '',
        shortAnswer: '',
        questionnaireWording: '',
        svQuestion: '',
        svAnswer: '',
        svAlternativePhrasings: '',
        svQuestionnaireWording: '',
      },
    });
  });

  app.post('/', requirePermission('edit'), async (c) => {
    const form = await readEntryForm(c, true);
    if (form.intent === 'preview') {
      const { resolveLink } = await loadTaxonomy();
      const shown = preview(form.values.answer, resolveLink);
      return renderNew(
        c,
        { values: form.values, errors: shown.errors, previewHtml: shown.html },
        shown.html === undefined ? 400 : 200,
      );
    }
    if (!form.input || form.errors.length > 0) return renderNew(c, { values: form.values, errors: form.errors }, 400);
    const input = form.input;
    const result = await attempt(() => deps.entries.createEntry(actionContext(c), form.slug, input));
    if (!result.ok) {
      return renderNew(c, { values: form.values, ...toRefusal(result.error) }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    // Made from a questionnaire's question: back to that questionnaire, which says the entry was created.
    const questionnaireId = readQuestionnaireId(c.req.query('questionnaire'));
    if (questionnaireId !== undefined) {
      return c.redirect(
        `/admin/questionnaires/${questionnaireId}?done=entry-created&entry=${encodeURIComponent(result.value.slug)}`,
        303,
      );
    }
    return c.redirect(`/admin/entries/${result.value.slug}?done=created`, 303);
  });

  app.get('/:slug', requirePermission('read'), async (c) => {
    const entry = await deps.entries.getEntry(c.req.param('slug'));
    return renderEditor(c, entry, { flash: readDoneFlash(doneTexts(messages), c.req.query('done')) });
  });

  app.post('/:slug', requirePermission('edit'), async (c) => {
    const slug = c.req.param('slug');
    const entry = await deps.entries.getEntry(slug);
    const form = await readEntryForm(c, false);
    const values = { ...form.values, slug };
    if (form.intent === 'preview') {
      const { resolveLink } = await loadTaxonomy();
      const shown = preview(form.values.answer, resolveLink);
      return renderEditor(
        c,
        entry,
        { values, errors: shown.errors, previewHtml: shown.html },
        shown.html === undefined ? 400 : 200,
      );
    }
    if (!form.input || form.errors.length > 0) return renderEditor(c, entry, { values, errors: form.errors }, 400);
    const input = form.input;
    const result = await attempt(() => deps.entries.updateEntry(actionContext(c), slug, input));
    if (!result.ok) {
      return renderEditor(c, entry, { values, ...toRefusal(result.error) }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    const done: DoneFlag = result.value.pendingVersion !== null && entry.status === 'published' ? 'proposed' : 'saved';
    return c.redirect(`/admin/entries/${slug}?done=${done}`, 303);
  });

  /** A workflow step: on success back to the editor with a message; if refused, the editor with the reason. */
  const workflowStep = (
    path: string,
    permission: 'edit' | 'publish',
    run: (context: ActionContext, slug: string) => Promise<EntryRecord>,
    done: DoneFlag,
  ) => {
    app.post(`/:slug/${path}`, requirePermission(permission), async (c) => {
      const slug = c.req.param('slug');
      const entry = await deps.entries.getEntry(slug);
      const result = await attempt(() => run(actionContext(c), slug));
      if (!result.ok) {
        if (result.error.code === 'not_found') throw result.error;
        const status = ADMIN_STATUS_BY_CODE[result.error.code];
        return renderEditor(c, entry, { problem: describeProblem(messages, result.error) }, status);
      }
      return c.redirect(`/admin/entries/${slug}?done=${done}`, 303);
    });
  };
  workflowStep('submit', 'edit', (context, slug) => deps.entries.submitForReview(context, slug), 'submitted');
  workflowStep('approve', 'publish', (context, slug) => deps.entries.approve(context, slug), 'approved');
  workflowStep('reject', 'publish', (context, slug) => deps.entries.reject(context, slug), 'rejected');
  workflowStep('archive', 'publish', (context, slug) => deps.entries.archive(context, slug), 'archived');
  workflowStep('reopen', 'edit', (context, slug) => deps.entries.reopen(context, slug), 'reopened');
  workflowStep('mark-reviewed', 'edit', (context, slug) => deps.entries.markReviewed(context, slug), 'reviewed');

  app.get('/:slug/history', requirePermission('read'), async (c) => {
    const entry = await deps.entries.getEntry(c.req.param('slug'));
    const query = compareQuerySchema.parse(c.req.query());
    return renderHistory(c, entry, {
      from: query.from,
      to: query.to,
      flash: readDoneFlash(doneTexts(messages), c.req.query('done')),
    });
  });

  app.post('/:slug/restore', requirePermission('edit'), async (c) => {
    const slug = c.req.param('slug');
    const entry = await deps.entries.getEntry(slug);
    const form = await parseForm(c, restoreFormSchema);
    if (!form.ok) throw new AppError('invalid_input', messages.entryFormUnreadable);
    const version = form.data.version;
    const result = await attempt(() => deps.entries.restoreVersion(actionContext(c), slug, version));
    if (!result.ok) {
      if (result.error.code === 'not_found') throw result.error;
      const status = ADMIN_STATUS_BY_CODE[result.error.code];
      return renderHistory(c, entry, { problem: describeProblem(messages, result.error) }, status);
    }
    return c.redirect(`/admin/entries/${slug}/history?done=restored`, 303);
  });

  return app;
}
