import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { isMailAddress } from '../../domain/mail.js';
import { countPages } from '../../domain/page.js';
import { type Actor, ROLES } from '../../domain/staff.js';
import { generatePassword } from '../../services/credentials.js';
import type { AccountChangeOutcome, StaffService } from '../../services/staff.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import {
  type NewStaffValues,
  StaffAccountPage,
  StaffCreatedPage,
  StaffListPage,
} from '../../views/pages/admin/staff-pages.js';
import { attempt } from '../attempt.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

// Shapes the values only; each problem gets its message from i18n below.
const newUserFormSchema = z.object({
  email: z.string().trim().max(1000).catch(''),
  name: z.string().trim().max(1000).catch(''),
  role: z.string().trim().max(50).catch(''),
});

const roleSchema = z.enum(ROLES);
const roleFormSchema = z.object({ role: z.string().trim().max(50).catch('') });
// Anything but a plain positive id is an account that does not exist.
const userIdParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const doneQuery = z.enum(['role', 'disabled', 'enabled', 'unchanged']).optional().catch(undefined);

/** Staff accounts shown per page. */
export const STAFF_PER_PAGE = 50;

/** The staff list and account creation (administrators only). */
export function createStaffRoutes(deps: TransportOptions & { staff: StaffService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const emptyForm: NewStaffValues = { email: '', name: '', role: 'viewer' };

  // Staff lists are short, so a page is cut from the full list rather than queried.
  const paginate = async (requestedPage: string | undefined) => {
    const all = await deps.staff.listAccounts();
    const pageCount = countPages(all.length, STAFF_PER_PAGE);
    const page = Math.min(pageCount, Math.max(1, Number.parseInt(requestedPage ?? '1', 10) || 1));
    return { users: all.slice((page - 1) * STAFF_PER_PAGE, page * STAFF_PER_PAGE), page, pageCount };
  };

  app.get('/users', requirePermission('administer'), async (c) => {
    const { users, page, pageCount } = await paginate(c.req.query('page'));
    const meta = buildAdminMeta(c, messages.usersTitle);
    return c.html(
      await renderDocument(
        <StaffListPage meta={meta} users={users} values={emptyForm} errors={[]} page={page} pageCount={pageCount} />,
      ),
    );
  });

  app.post('/users', requirePermission('administer'), async (c) => {
    const actor = requireActor(c);
    const values: NewStaffValues = newUserFormSchema.parse(await c.req.parseBody());
    const renderForm = async (status: 400 | 409, errors: FieldError[]) => {
      const { users, page, pageCount } = await paginate(c.req.query('page'));
      return c.html(
        await renderDocument(
          <StaffListPage
            meta={buildAdminMeta(c, messages.usersTitle)}
            users={users}
            values={values}
            errors={errors}
            page={page}
            pageCount={pageCount}
          />,
        ),
        status,
      );
    };

    const errors: FieldError[] = [];
    if (values.email === '') errors.push({ field: 'email', message: messages.emailRequired });
    else if (values.email.length > 320 || !isMailAddress(values.email))
      errors.push({ field: 'email', message: messages.emailInvalid });
    if (values.name === '') errors.push({ field: 'name', message: messages.nameRequired });
    else if (values.name.length > 200) errors.push({ field: 'name', message: messages.nameTooLong });
    const role = roleSchema.safeParse(values.role);
    if (!role.success) errors.push({ field: 'role', message: messages.roleInvalid });
    if (errors.length > 0 || !role.success) return renderForm(400, errors);

    // The same generator as `tillit user add`: shown once here, stored only as an argon2 hash.
    const password = generatePassword();
    const result = await attempt(() =>
      deps.staff.createAccount(
        { email: values.email, name: values.name, role: role.data, password, isPasswordTemporary: true },
        actor,
        { ip: getClientIp(c, deps) },
      ),
    );
    if (!result.ok) {
      if (result.error.code === 'conflict') return renderForm(409, [{ field: 'email', message: messages.emailTaken }]);
      throw result.error;
    }
    const created = result.value;
    const meta = buildAdminMeta(c, messages.userCreatedTitle);
    return c.html(
      await renderDocument(
        <StaffCreatedPage
          meta={meta}
          name={created.name}
          email={created.email}
          role={created.role}
          password={password}
        />,
      ),
    );
  });

  // --- One account: change its role, disable or re-enable it -------------------------------------

  const findUserId = (c: Context<AdminEnv>): number => {
    const parsed = userIdParam.safeParse(c.req.param('id'));
    if (!parsed.success) throw new AppError('not_found', 'No such staff account');
    return parsed.data;
  };
  const flashes = {
    role: messages.userRoleChanged,
    disabled: messages.userDisabledFlash,
    enabled: messages.userEnabledFlash,
    unchanged: messages.userUnchangedFlash,
  } as const;
  const showUser = async (
    c: Context<AdminEnv>,
    userId: number,
    options: { roleValue?: string; errors?: FieldError[]; problem?: PageProblem; flash?: string },
    status: 200 | 400 | 409,
  ) => {
    const user = await deps.staff.getAccount(userId);
    const hasProblems = (options.errors?.length ?? 0) > 0 || options.problem !== undefined;
    const title = messages.userPageTitle(user.name);
    const meta = buildAdminMeta(c, hasProblems ? messages.siteContentTitleWithErrors(title) : title, options.flash);
    return c.html(
      await renderDocument(
        <StaffAccountPage
          meta={meta}
          user={user}
          isOwnAccount={c.get('actor')?.userId === user.id}
          roleValue={options.roleValue ?? user.role}
          errors={options.errors ?? []}
          problem={options.problem}
        />,
      ),
      status,
    );
  };
  /** Runs an account change; a refusal is shown on the account's page and changes nothing. */
  const changeAccount = async (
    c: Context<AdminEnv>,
    userId: number,
    run: (actor: Actor, ip: string | undefined) => Promise<AccountChangeOutcome>,
    done: 'role' | 'disabled' | 'enabled',
  ) => {
    const actor = requireActor(c);
    const result = await attempt(() => run(actor, getClientIp(c, deps)));
    if (!result.ok) {
      if (result.error.code !== 'conflict') throw result.error;
      const problem = { heading: messages.userChangeRefusedTitle, text: result.error.message };
      return showUser(c, userId, { problem }, 409);
    }
    return c.redirect(`/admin/users/${userId}?done=${result.value === 'changed' ? done : 'unchanged'}`, 303);
  };

  app.get('/users/:id', requirePermission('administer'), async (c) => {
    const done = doneQuery.parse(c.req.query('done'));
    return showUser(c, findUserId(c), { flash: done ? flashes[done] : undefined }, 200);
  });

  app.post('/users/:id/role', requirePermission('administer'), async (c) => {
    const userId = findUserId(c);
    const { role: value } = roleFormSchema.parse(await c.req.parseBody());
    const role = roleSchema.safeParse(value);
    if (!role.success) {
      return showUser(c, userId, { roleValue: value, errors: [{ field: 'role', message: messages.roleInvalid }] }, 400);
    }
    return changeAccount(c, userId, (actor, ip) => deps.staff.changeRole(userId, role.data, actor, { ip }), 'role');
  });

  app.post('/users/:id/disable', requirePermission('administer'), async (c) => {
    const userId = findUserId(c);
    return changeAccount(c, userId, (actor, ip) => deps.staff.disableAccount(userId, actor, { ip }), 'disabled');
  });

  app.post('/users/:id/enable', requirePermission('administer'), async (c) => {
    const userId = findUserId(c);
    return changeAccount(c, userId, (actor, ip) => deps.staff.enableAccount(userId, actor, { ip }), 'enabled');
  });

  return app;
}
