import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { countPages } from '../../domain/page.js';
import { hasPermission } from '../../domain/staff.js';
import type { UpdateRecord } from '../../domain/update.js';
import { renderMarkdown } from '../../services/markdown.renderer.js';
import type { SettingService } from '../../services/setting.service.js';
import type { SubscriptionService } from '../../services/subscription.service.js';
import type { UpdateService } from '../../services/update.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import {
  SubscribersPage,
  UpdateEditorPage,
  type UpdateFormValues,
  UpdateListPage,
} from '../../views/pages/admin/update-pages.js';
import { attempt } from '../attempt.js';
import { sortByFieldOrder } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** What the update and subscriber pages need. */
export interface UpdateAdminRoutesDeps extends TransportOptions {
  updates: UpdateService;
  subscriptions: SubscriptionService;
  settings: SettingService;
}

const idParam = z.coerce.number().int().min(1).max(2_147_483_647);
const pageQuery = z.coerce.number().int().min(1).max(1_000_000).catch(1);
const NOTICES_PAGE_SIZE = 100;
const FIELD_ORDER = ['title', 'body', 'titleSv', 'bodySv', 'category', 'date'];
// Shapes the values only: the service checks them and names each problem.
const updateFormSchema = z.object({
  title: z.string().catch(''),
  body: z.string().catch(''),
  titleSv: z.string().catch(''),
  bodySv: z.string().catch(''),
  category: z.string().catch(''),
  date: z.string().catch(''),
});

function findId(c: Context<AdminEnv>): number {
  const parsed = idParam.safeParse(c.req.param('id'));
  if (!parsed.success) throw new AppError('not_found', 'No such update.');
  return parsed.data;
}

function toValues(update: UpdateRecord): UpdateFormValues {
  return {
    title: update.title,
    body: update.body,
    category: update.category,
    date: update.date,
    titleSv: update.translations?.sv?.title ?? '',
    bodySv: update.translations?.sv?.body ?? '',
  };
}

function toFieldErrors(error: AppError): FieldError[] {
  const errors = error.problems.flatMap((problem) =>
    problem.field ? [{ field: problem.field, message: problem.message }] : [],
  );
  return sortByFieldOrder(errors, FIELD_ORDER);
}

/** Staff pages of updates (write, edit, publish, delete) and subscribers (counts, lead time, erasure, notices). */
export function createUpdateAdminRoutes(deps: UpdateAdminRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const staffContext = (c: Context<AdminEnv>) => ({ ...getActionContext(c, deps), baseUrl: c.get('baseUrl') });

  const showEditor = async (
    c: Context<AdminEnv>,
    update: UpdateRecord | undefined,
    values: UpdateFormValues,
    errors: FieldError[],
    status: 200 | 400,
    flash?: string,
  ) => {
    const actor = requireActor(c);
    const title = update ? messages.updatesEditTitle(update.title) : messages.updatesNewTitle;
    return c.html(
      await renderDocument(
        <UpdateEditorPage
          meta={buildAdminMeta(c, errors.length > 0 ? messages.siteContentTitleWithErrors(title) : title, flash)}
          update={update}
          values={values}
          errors={errors}
          canPublish={hasPermission(actor, 'publish')}
          previewHtml={update ? renderMarkdown(update.body, () => undefined) : undefined}
        />,
      ),
      status,
    );
  };

  app.get('/updates', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const list = await deps.updates.listForStaff(actor, { page: pageQuery.parse(c.req.query('page')) });
    const flash = c.req.query('done') === 'deleted' ? messages.updatesDeleted : undefined;
    return c.html(
      await renderDocument(
        <UpdateListPage
          meta={buildAdminMeta(c, messages.updatesTitle, flash)}
          updates={list.items}
          total={list.total}
          page={list.page}
          pageCount={list.pageCount}
          canEdit={hasPermission(actor, 'edit')}
        />,
      ),
    );
  });

  app.get('/updates/new', requirePermission('edit'), async (c) =>
    showEditor(
      c,
      undefined,
      {
        title: '',
        body: '',
        category: 'service',
        date: new Date().toISOString().slice(0, 10),
        titleSv: '',
        bodySv: '',
      },
      [],
      200,
    ),
  );

  app.post('/updates', requirePermission('edit'), async (c) => {
    const values = updateFormSchema.parse(await c.req.parseBody());
    const result = await attempt(() => deps.updates.create(staffContext(c), values));
    if (!result.ok && result.error.code === 'invalid_input') {
      return showEditor(c, undefined, values, toFieldErrors(result.error), 400);
    }
    if (!result.ok) throw result.error;
    return c.redirect(`/admin/updates/${result.value.id}?done=created`, 303);
  });

  app.get('/updates/:id', requirePermission('read'), async (c) => {
    const update = await deps.updates.get(requireActor(c), findId(c));
    const done = c.req.query('done');
    const mailed = Number(c.req.query('mailed') ?? '0');
    const flash =
      done === 'created'
        ? messages.updatesCreated
        : done === 'saved'
          ? messages.updatesSaved
          : done === 'published'
            ? messages.updatesPublished(Number.isInteger(mailed) && mailed >= 0 ? mailed : 0)
            : undefined;
    return showEditor(c, update, toValues(update), [], 200, flash);
  });

  app.post('/updates/:id', requirePermission('edit'), async (c) => {
    const id = findId(c);
    const values = updateFormSchema.parse(await c.req.parseBody());
    const result = await attempt(() => deps.updates.edit(staffContext(c), id, values));
    if (!result.ok && result.error.code === 'invalid_input') {
      const update = await deps.updates.get(requireActor(c), id);
      return showEditor(c, update, values, toFieldErrors(result.error), 400);
    }
    if (!result.ok) throw result.error;
    return c.redirect(`/admin/updates/${id}?done=saved`, 303);
  });

  app.post('/updates/:id/publish', requirePermission('publish'), async (c) => {
    const id = findId(c);
    const { mailed } = await deps.updates.publish(staffContext(c), id);
    return c.redirect(`/admin/updates/${id}?done=published&mailed=${mailed}`, 303);
  });

  app.post('/updates/:id/delete', requirePermission('edit'), async (c) => {
    await deps.updates.delete(staffContext(c), findId(c));
    return c.redirect('/admin/updates?done=deleted', 303);
  });

  const showSubscribers = async (
    c: Context<AdminEnv>,
    options: { eraseEmail: string; leadDays?: string; errors: FieldError[]; flash?: string },
    status: 200 | 400 | 404,
  ) => {
    const actor = requireActor(c);
    const requested = pageQuery.parse(c.req.query('page'));
    const [counts, leadDays, notices] = await Promise.all([
      deps.subscriptions.countByTopic(actor),
      deps.settings.getNoticeLeadDays(),
      deps.subscriptions.listNotices(actor, requested, NOTICES_PAGE_SIZE),
    ]);
    const pageCount = countPages(notices.total, NOTICES_PAGE_SIZE);
    const title =
      options.errors.length > 0
        ? messages.siteContentTitleWithErrors(messages.subscribersTitle)
        : messages.subscribersTitle;
    return c.html(
      await renderDocument(
        <SubscribersPage
          meta={buildAdminMeta(c, title, options.flash)}
          counts={counts}
          leadDays={options.leadDays ?? String(leadDays)}
          notices={notices.items}
          noticeTotal={notices.total}
          page={Math.min(requested, pageCount)}
          pageCount={pageCount}
          canAdminister={hasPermission(actor, 'administer')}
          eraseEmail={options.eraseEmail}
          errors={options.errors}
        />,
      ),
      status,
    );
  };

  app.get('/subscribers', requirePermission('read'), async (c) => {
    const done = c.req.query('done');
    const erased = /^(\d+)-(\d+)$/.exec(c.req.query('erased') ?? '');
    const flash =
      done === 'lead'
        ? messages.subscribersLeadSaved
        : done === 'erased' && erased
          ? messages.subscribersErased(Number(erased[1]), Number(erased[2]))
          : undefined;
    return showSubscribers(c, { eraseEmail: '', errors: [], flash }, 200);
  });

  app.post('/subscribers/lead-time', requirePermission('administer'), async (c) => {
    const body = await c.req.parseBody();
    const typed = typeof body.leadDays === 'string' ? body.leadDays : '';
    const result = await attempt(() => deps.settings.setNoticeLeadDays(getActionContext(c, deps), typed));
    if (!result.ok && result.error.code === 'invalid_input') {
      return showSubscribers(c, { eraseEmail: '', leadDays: typed, errors: toFieldErrors(result.error) }, 400);
    }
    if (!result.ok) throw result.error;
    return c.redirect('/admin/subscribers?done=lead', 303);
  });

  app.post('/subscribers/erase', requirePermission('administer'), async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const result = await attempt(() => deps.subscriptions.erase(getActionContext(c, deps), email));
    if (!result.ok && (result.error.code === 'invalid_input' || result.error.code === 'not_found')) {
      return showSubscribers(
        c,
        { eraseEmail: email, errors: toFieldErrors(result.error) },
        result.error.code === 'not_found' ? 404 : 400,
      );
    }
    if (!result.ok) throw result.error;
    return c.redirect(
      `/admin/subscribers?done=erased&erased=${result.value.subscriptions}-${result.value.notices}`,
      303,
    );
  });

  app.get('/subscribers/notices.csv', requirePermission('read'), async (c) => {
    const csv = await deps.subscriptions.exportNotices(getActionContext(c, deps));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header(
      'Content-Disposition',
      `attachment; filename="tillit-art28-notices-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    c.header('Cache-Control', 'no-store');
    return c.body(csv);
  });

  return app;
}
