import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { findAddressProblem, MAIL_LANGUAGES } from '../../domain/mail.js';
import { readPageOrLast } from '../../domain/page.js';
import { MAIL_PAGE_SIZE, type MailService } from '../../services/mail.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import { MailListPage, MailPage, type TestMailValues } from '../../views/pages/admin/mail-pages.js';
import { attempt } from '../attempt.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

// Shapes the values only; each problem gets its message from i18n below.
const testFormSchema = z.object({
  to: z.string().max(1000).catch(''),
  language: z.string().trim().max(10).catch(''),
});
const languageSchema = z.enum(MAIL_LANGUAGES);
const pageQuery = z.coerce.number().int().min(1).max(1_000_000).catch(1);
// Anything but a plain positive id is a mail that does not exist.
const mailIdParam = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);
const doneQuery = z.enum(['test', 'retry']).optional().catch(undefined);

/** The mail outbox (administrators only): the list, one mail's text, Retry now, and a test mail. */
export function createMailRoutes(deps: TransportOptions & { mail: MailService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  const showList = async (
    c: Context<AdminEnv>,
    options: { values: TestMailValues; errors: FieldError[]; flash?: string },
    status: 200 | 400,
  ) => {
    const actor = requireActor(c);
    const { items, total, page, pageCount } = await readPageOrLast(
      pageQuery.parse(c.req.query('page')),
      MAIL_PAGE_SIZE,
      (page) => deps.mail.list({ actor }, page),
    );
    const title =
      options.errors.length > 0 ? messages.siteContentTitleWithErrors(messages.outboxTitle) : messages.outboxTitle;
    return c.html(
      await renderDocument(
        <MailListPage
          meta={buildAdminMeta(c, title, options.flash)}
          mails={items}
          total={total}
          page={page}
          pageCount={pageCount}
          isSending={deps.mail.isSending}
          values={options.values}
          errors={options.errors}
        />,
      ),
      status,
    );
  };

  app.get('/outbox', requirePermission('administer'), async (c) => {
    const flash = doneQuery.parse(c.req.query('done')) === 'test' ? messages.outboxTestQueued : undefined;
    return showList(c, { values: { to: '', language: 'en' }, errors: [], flash }, 200);
  });

  app.post('/outbox/test', requirePermission('administer'), async (c) => {
    const actor = requireActor(c);
    const values: TestMailValues = testFormSchema.parse(await c.req.parseBody());
    const errors: FieldError[] = [];
    // Spaces around the address are dropped; a line break anywhere is refused, never trimmed away.
    const to = values.to.replace(/^[ \t]+|[ \t]+$/g, '');
    if (to === '') errors.push({ field: 'to', message: messages.outboxAddressRequired });
    else if (findAddressProblem(to) !== undefined) errors.push({ field: 'to', message: messages.outboxAddressInvalid });
    const language = languageSchema.safeParse(values.language);
    if (!language.success) errors.push({ field: 'language', message: messages.outboxLanguageInvalid });
    if (errors.length > 0 || !language.success) return showList(c, { values, errors }, 400);
    await deps.mail.sendTest({ actor, ip: getClientIp(c, deps) }, to, language.data);
    return c.redirect('/admin/outbox?done=test', 303);
  });

  const findMailId = (c: Context<AdminEnv>): number => {
    const parsed = mailIdParam.safeParse(c.req.param('id'));
    if (!parsed.success) throw new AppError('not_found', 'No such mail');
    return parsed.data;
  };
  const showMail = async (
    c: Context<AdminEnv>,
    id: number,
    options: { problem?: PageProblem; flash?: string },
    status: 200 | 409,
  ) => {
    const mail = await deps.mail.get({ actor: requireActor(c), ip: getClientIp(c, deps) }, id);
    const meta = buildAdminMeta(c, messages.outboxMailTitle(mail.id), options.flash);
    return c.html(await renderDocument(<MailPage meta={meta} mail={mail} problem={options.problem} />), status);
  };

  app.get('/outbox/:id', requirePermission('administer'), async (c) => {
    const flash = doneQuery.parse(c.req.query('done')) === 'retry' ? messages.outboxRetried : undefined;
    return showMail(c, findMailId(c), { flash }, 200);
  });

  app.post('/outbox/:id/retry', requirePermission('administer'), async (c) => {
    const id = findMailId(c);
    const result = await attempt(() => deps.mail.retry({ actor: requireActor(c), ip: getClientIp(c, deps) }, id));
    if (!result.ok) {
      if (result.error.code !== 'conflict') throw result.error;
      return showMail(
        c,
        id,
        { problem: { heading: messages.outboxRetryRefusedTitle, text: result.error.message } },
        409,
      );
    }
    return c.redirect(`/admin/outbox/${id}?done=retry`, 303);
  });

  return app;
}
