import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { hasPermission } from '../../domain/staff.js';
import {
  SUBPROCESSOR_STATUSES,
  type Subprocessor,
  type SubprocessorFields,
  type SubprocessorRecord,
} from '../../domain/subprocessor.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import type { SettingService } from '../../services/setting.service.js';
import type { ShortNotice, SubprocessorService } from '../../services/subprocessor.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import type { ShortNoticeStep } from '../../views/pages/admin/subprocessor-pages.js';
import {
  EMPTY_SUBPROCESSOR_VALUES,
  SUBPROCESSOR_FORM_FIELDS,
  SubprocessorEditorPage,
  type SubprocessorFormValues,
  SubprocessorHistoryPage,
  SubprocessorListPage,
  SubprocessorNewPage,
} from '../../views/pages/admin/subprocessor-pages.js';
import { attempt } from '../attempt.js';
import { parseForm, sortByFieldOrder } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages, readDoneFlash } from './admin-page.js';
import { buildVersionHistory } from './version-history.js';

/** What the staff subprocessor pages need. */
export interface SubprocessorRoutesDeps extends TransportOptions {
  subprocessors: SubprocessorService;
  settings: Pick<SettingService, 'isFourEyesRequired'>;
}

// Every field arrives as one text; anything else (a file, a repeated field) is not our form.
const formText = z.string().max(20_000).default('');
const formSchema = z.object(Object.fromEntries(SUBPROCESSOR_FORM_FIELDS.map((field) => [field, formText])));
const confirmSchema = z.object({ confirmShortNotice: z.literal('yes').optional().catch(undefined) });
const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);
const listQuerySchema = z.object({
  status: z.enum(SUBPROCESSOR_STATUSES).optional().catch(undefined),
  phase: z.enum(['upcoming', 'current', 'ended']).optional().catch(undefined),
  text: z.string().trim().max(200).optional().catch(undefined),
});
const compareQuerySchema = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
  to: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

// Paths under /admin/subprocessors that are not subprocessors.
const RESERVED_SLUGS = new Set(['new']);

/** The message after each successful step, by its redirect flag (a fixed text, never request text). */
function doneTexts(messages: AdminMessages) {
  return {
    created: messages.subprocessorDoneCreated,
    saved: messages.subprocessorDoneSaved,
    proposed: messages.subprocessorDoneProposed,
    submitted: messages.subprocessorDoneSubmitted,
    approved: messages.subprocessorDoneApproved,
    rejected: messages.subprocessorDoneRejected,
    archived: messages.subprocessorDoneArchived,
    reopened: messages.subprocessorDoneReopened,
  };
}
type DoneFlag = keyof ReturnType<typeof doneTexts>;

/** The typed values as the service takes them: lists split, empty optional fields as none. */
export function toSubprocessorFields(values: SubprocessorFormValues): SubprocessorFields {
  const orNull = (value: string) => (value.trim() === '' ? null : value);
  const law = values.nonEuLaw.trim();
  const explanation = values.nonEuLawExplanation.trim();
  const fields: SubprocessorFields = {
    name: values.name,
    legalEntity: values.legalEntity,
    purpose: values.purpose,
    dataCategories: values.dataCategories
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    locations: values.locations.split(/[\s,;]+/).filter((code) => code !== ''),
    parentCompany: orNull(values.parentCompany),
    parentJurisdiction: orNull(values.parentJurisdiction),
    nonEuLaw: law === '' && explanation === '' ? null : { law, explanation },
    since: values.since,
    until: orNull(values.until),
  };
  return values.purposeSv.trim() === '' ? fields : { ...fields, translations: { sv: { purpose: values.purposeSv } } };
}

/** A stored subprocessor as the form shows it. */
function toFormValues(subprocessor: Subprocessor): SubprocessorFormValues {
  return {
    slug: subprocessor.slug,
    name: subprocessor.name,
    legalEntity: subprocessor.legalEntity,
    purpose: subprocessor.purpose,
    purposeSv: subprocessor.translations?.sv?.purpose ?? '',
    dataCategories: subprocessor.dataCategories.join('\n'),
    locations: subprocessor.locations.join(', '),
    parentCompany: subprocessor.parentCompany ?? '',
    parentJurisdiction: subprocessor.parentJurisdiction ?? '',
    nonEuLaw: subprocessor.nonEuLaw?.law ?? '',
    nonEuLawExplanation: subprocessor.nonEuLaw?.explanation ?? '',
    since: subprocessor.since,
    until: subprocessor.until ?? '',
  };
}

/** A refused step as the page shows it: beside the fields it names, or as one problem above the form. */
function toRefusal(messages: AdminMessages, error: AppError): { errors: FieldError[]; problem?: PageProblem } {
  const errors: FieldError[] = [];
  for (const problem of error.problems) {
    if (problem.field && !errors.some((known) => known.field === problem.field)) {
      errors.push({ field: problem.field, message: problem.message });
    }
  }
  if (errors.length > 0) return { errors: sortByFieldOrder(errors, SUBPROCESSOR_FORM_FIELDS) };
  const headings: Partial<Record<AppError['code'], string>> = {
    conflict: messages.entryConflictTitle,
    forbidden: messages.entryForbiddenTitle,
  };
  return { errors: [], problem: { heading: headings[error.code] ?? messages.badRequestTitle, text: error.message } };
}

/** Staff pages for subprocessors: list, create, edit, workflow steps and history. */
export function createSubprocessorRoutes(deps: SubprocessorRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const service = deps.subprocessors;

  const findSlug = (c: Context<AdminEnv>): string => {
    const parsed = slugParam.safeParse(c.req.param('slug'));
    if (!parsed.success) throw new AppError('not_found', 'No such subprocessor');
    return parsed.data;
  };

  const readForm = async (c: Context<AdminEnv>): Promise<SubprocessorFormValues> => {
    const form = await parseForm(c, formSchema);
    if (!form.ok) throw new AppError('invalid_input', messages.subprocessorFormUnreadable);
    const values = { ...EMPTY_SUBPROCESSOR_VALUES };
    for (const field of SUBPROCESSOR_FORM_FIELDS) values[field] = form.data[field] ?? '';
    return values;
  };

  const isShortNoticeConfirmed = async (c: Context<AdminEnv>): Promise<boolean> => {
    const form = await parseForm(c, confirmSchema);
    return form.ok && form.data.confirmShortNotice === 'yes';
  };

  const titled = (title: string, hasProblems: boolean) => (hasProblems ? messages.entryTitleWithErrors(title) : title);

  const renderNew = async (
    c: Context<AdminEnv>,
    values: SubprocessorFormValues,
    refusal: { errors: FieldError[]; problem?: PageProblem },
    status: ContentfulStatusCode,
  ) => {
    const hasProblems = refusal.errors.length > 0 || refusal.problem !== undefined;
    const meta = buildAdminMeta(c, titled(messages.subprocessorNewTitle, hasProblems));
    const page = <SubprocessorNewPage meta={meta} values={values} errors={refusal.errors} problem={refusal.problem} />;
    return c.html(await renderDocument(page), status);
  };

  const renderEditor = async (
    c: Context<AdminEnv>,
    record: SubprocessorRecord,
    options: {
      values?: SubprocessorFormValues;
      errors?: FieldError[];
      problem?: PageProblem;
      flash?: string;
      shortNotice?: { step: ShortNoticeStep; notice: ShortNotice };
    } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const errors = options.errors ?? [];
    // A change waiting for approval is what the next edit builds on, so the form shows it.
    const values = options.values ?? toFormValues(await service.getLatest(record.slug));
    const hasProblems = errors.length > 0 || options.problem !== undefined;
    const meta = buildAdminMeta(c, titled(record.name, hasProblems), options.flash);
    const page = (
      <SubprocessorEditorPage
        meta={meta}
        values={values}
        errors={errors}
        problem={options.problem}
        shortNotice={
          options.shortNotice && {
            step: options.shortNotice.step,
            text: messages.subprocessorShortNoticeWarning(
              options.shortNotice.notice.change.effectiveOn,
              options.shortNotice.notice.daysAhead,
              options.shortNotice.notice.leadDays,
            ),
          }
        }
        subprocessor={{
          slug: record.slug,
          name: record.name,
          status: record.status,
          pendingVersion: record.pendingVersion,
          isFourEyesRequired: await deps.settings.isFourEyesRequired(),
        }}
        abilities={{ canEdit: hasPermission(actor, 'edit'), canPublish: hasPermission(actor, 'publish') }}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  app.get('/', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const query = listQuerySchema.parse(c.req.query());
    const items = await service.listForStaff({ status: query.status, phase: query.phase, text: query.text });
    const meta = buildAdminMeta(
      c,
      messages.subprocessorsTitle,
      readDoneFlash(doneTexts(messages), c.req.query('done')),
    );
    const page = (
      <SubprocessorListPage
        meta={meta}
        rows={items.map((item) => ({
          slug: item.slug,
          name: item.name,
          legalEntity: item.legalEntity,
          locations: item.locations,
          status: item.status,
          phase: item.phase,
          nonEuLaw: item.nonEuLaw?.law ?? null,
          since: item.since,
          until: item.until,
          hasPendingChange: item.pendingVersion !== null,
          updatedAt: item.updatedAt,
        }))}
        filter={{ text: query.text ?? '', status: query.status ?? '', phase: query.phase ?? '' }}
        canEdit={hasPermission(actor, 'edit')}
      />
    );
    return c.html(await renderDocument(page));
  });

  app.get('/new', requirePermission('edit'), (c) => renderNew(c, EMPTY_SUBPROCESSOR_VALUES, { errors: [] }, 200));

  app.post('/', requirePermission('edit'), async (c) => {
    const values = await readForm(c);
    const slug = values.slug.trim();
    if (RESERVED_SLUGS.has(slug)) {
      return renderNew(c, values, { errors: [{ field: 'slug', message: messages.entrySlugReserved }] }, 400);
    }
    const result = await attempt(() =>
      service.createSubprocessor(getActionContext(c, deps), slug, toSubprocessorFields(values)),
    );
    if (!result.ok) {
      return renderNew(c, values, toRefusal(messages, result.error), ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/subprocessors/${slug}?done=created`, 303);
  });

  app.get('/:slug', requirePermission('read'), async (c) => {
    const record = await service.getSubprocessor(findSlug(c));
    return renderEditor(c, record, { flash: readDoneFlash(doneTexts(messages), c.req.query('done')) });
  });

  app.post('/:slug', requirePermission('edit'), async (c) => {
    const slug = findSlug(c);
    const record = await service.getSubprocessor(slug);
    const values = { ...(await readForm(c)), slug };
    // A change that reaches subscribers sooner than the lead time is shown to staff first and saved on confirmation.
    const isConfirmed = await isShortNoticeConfirmed(c);
    const result = await attempt(async () => {
      const context = getActionContext(c, deps);
      const fields = toSubprocessorFields(values);
      const notice = isConfirmed ? undefined : await service.findShortNotice(context, slug, { kind: 'save', fields });
      return notice ? { notice } : { saved: await service.updateSubprocessor(context, slug, fields) };
    });
    if (!result.ok) {
      const refusal = toRefusal(messages, result.error);
      return renderEditor(c, record, { values, ...refusal }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    if (!result.value.saved) {
      return renderEditor(c, record, { values, shortNotice: { step: 'save', notice: result.value.notice } }, 409);
    }
    const done: DoneFlag =
      record.status === 'published' && result.value.saved.pendingVersion !== null ? 'proposed' : 'saved';
    return c.redirect(`/admin/subprocessors/${slug}?done=${done}`, 303);
  });

  const step = (
    path: string,
    permission: 'edit' | 'publish',
    run: (slug: string, c: Context<AdminEnv>) => Promise<SubprocessorRecord>,
    done: DoneFlag,
  ) => {
    app.post(`/:slug/${path}`, requirePermission(permission), async (c) => {
      const slug = findSlug(c);
      const record = await service.getSubprocessor(slug);
      const isConfirmed = await isShortNoticeConfirmed(c);
      const result = await attempt(
        async (): Promise<{ shortNotice?: { step: ShortNoticeStep; notice: ShortNotice } }> => {
          if ((path === 'approve' || path === 'archive') && !isConfirmed) {
            const notice = await service.findShortNotice(getActionContext(c, deps), slug, { kind: path });
            if (notice) return { shortNotice: { step: path, notice } };
          }
          await run(slug, c);
          return {};
        },
      );
      if (!result.ok) {
        if (result.error.code === 'not_found') throw result.error;
        const { problem } = toRefusal(messages, result.error);
        return renderEditor(c, record, { problem }, ADMIN_STATUS_BY_CODE[result.error.code]);
      }
      if (result.value.shortNotice) return renderEditor(c, record, { shortNotice: result.value.shortNotice }, 409);
      return c.redirect(`/admin/subprocessors/${slug}?done=${done}`, 303);
    });
  };
  step('submit', 'edit', (slug, c) => service.submitForReview(getActionContext(c, deps), slug), 'submitted');
  step('approve', 'publish', (slug, c) => service.approve(getActionContext(c, deps), slug), 'approved');
  step('reject', 'publish', (slug, c) => service.reject(getActionContext(c, deps), slug), 'rejected');
  step('archive', 'publish', (slug, c) => service.archive(getActionContext(c, deps), slug), 'archived');
  step('reopen', 'edit', (slug, c) => service.reopen(getActionContext(c, deps), slug), 'reopened');

  app.get('/:slug/history', requirePermission('read'), async (c) => {
    const record = await service.getSubprocessor(findSlug(c));
    const query = compareQuerySchema.parse(c.req.query());
    const history = await buildVersionHistory(await service.listVersions(record.slug), query, (from, to) =>
      service.diffVersions(record.slug, from, to),
    );
    const page = (
      <SubprocessorHistoryPage
        meta={buildAdminMeta(c, messages.entryHistoryTitle(record.name))}
        slug={record.slug}
        name={record.name}
        versions={history.versions}
        comparison={history.comparison}
      />
    );
    return c.html(await renderDocument(page));
  });

  return app;
}
