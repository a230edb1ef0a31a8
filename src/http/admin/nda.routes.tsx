import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { readPageOrLast } from '../../domain/page.js';
import { hasPermission } from '../../domain/staff.js';
import { renderMarkdown } from '../../services/markdown.renderer.js';
import type { NdaService } from '../../services/nda.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import { NdaPage, type NdaValues } from '../../views/pages/admin/nda-pages.js';
import { attempt } from '../attempt.js';
import { sortByFieldOrder } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** Acceptances per page. */
const ACCEPTANCES_PAGE_SIZE = 100;
const pageQuery = z.coerce.number().int().min(1).max(1_000_000).catch(1);
// Shapes the values only: the service checks lengths and that the text is new.
const publishFormSchema = z.object({ label: z.string().catch(''), body: z.string().catch('') });

/** The NDA pages: versions, publishing a new one (admins), acceptances and their CSV export. */
export function createNdaRoutes(deps: TransportOptions & { nda: NdaService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  const showNda = async (
    c: Context<AdminEnv>,
    options: { values: NdaValues; errors: FieldError[]; flash?: string },
    status: 200 | 400 | 409,
  ) => {
    const actor = requireActor(c);
    const [versions, { items, total, page, pageCount }] = await Promise.all([
      deps.nda.listVersions(actor),
      readPageOrLast(pageQuery.parse(c.req.query('page')), ACCEPTANCES_PAGE_SIZE, (page) =>
        deps.nda.listAcceptances(actor, page, ACCEPTANCES_PAGE_SIZE),
      ),
    ]);
    const current = versions[0];
    // The NDA names no entries or documents, so no link key resolves; the renderer sanitizes the rest.
    const currentHtml = current === undefined ? undefined : renderMarkdown(current.body, () => undefined);
    const title =
      options.errors.length > 0 ? messages.siteContentTitleWithErrors(messages.ndaTitle) : messages.ndaTitle;
    return c.html(
      await renderDocument(
        <NdaPage
          meta={buildAdminMeta(c, title, options.flash)}
          versions={versions}
          currentHtml={currentHtml}
          acceptances={items}
          total={total}
          page={page}
          pageCount={pageCount}
          canPublish={hasPermission(actor, 'administer')}
          values={options.values}
          errors={options.errors}
        />,
      ),
      status,
    );
  };

  app.get('/nda', requirePermission('read'), async (c) =>
    showNda(
      c,
      {
        values: { label: '', body: '' },
        errors: [],
        flash: c.req.query('done') === 'published' ? messages.ndaPublished : undefined,
      },
      200,
    ),
  );

  app.post('/nda', requirePermission('administer'), async (c) => {
    const values = publishFormSchema.parse(await c.req.parseBody());
    const result = await attempt(() => deps.nda.publish(getActionContext(c, deps), values));
    if (!result.ok) {
      if (result.error.code !== 'invalid_input' && result.error.code !== 'conflict') throw result.error;
      const errors = result.error.problems.flatMap((problem) =>
        problem.field ? [{ field: problem.field, message: problem.message }] : [],
      );
      return showNda(
        c,
        { values, errors: sortByFieldOrder(errors, ['label', 'body']) },
        result.error.code === 'conflict' ? 409 : 400,
      );
    }
    return c.redirect('/admin/nda?done=published', 303);
  });

  app.get('/nda/acceptances.csv', requirePermission('read'), async (c) => {
    const csv = await deps.nda.exportAcceptances(getActionContext(c, deps));
    const filename = `tillit-nda-acceptances-${new Date().toISOString().slice(0, 10)}.csv`;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    return c.body(csv);
  });

  return app;
}
