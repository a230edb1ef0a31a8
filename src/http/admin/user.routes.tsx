import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ROLES } from '../../domain/staff.js';
import type { AuthService } from '../../services/auth.service.js';
import { generatePassword } from '../../services/auth.service.js';
import type { FieldError } from '../../views/pages/admin/admin-form.js';
import { type NewUserValues, UserCreatedPage, UsersPage } from '../../views/pages/admin/users-page.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';
import { attempt } from './auth.routes.js';

// Shapes the values only; each problem gets its message from i18n below.
const newUserFormSchema = z.object({
  email: z.string().trim().max(1000).catch(''),
  name: z.string().trim().max(1000).catch(''),
  role: z.string().trim().max(50).catch(''),
});

const emailSchema = z.email();
const roleSchema = z.enum(ROLES);

/** The staff list and account creation (administrators only). */
export function createUserRoutes(deps: TransportOptions & { auth: AuthService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const emptyForm: NewUserValues = { email: '', name: '', role: 'viewer' };

  app.get('/users', requirePermission('administer'), async (c) => {
    const users = await deps.auth.listUsers();
    const meta = buildAdminMeta(c, messages.usersTitle);
    return c.html(await renderDocument(<UsersPage meta={meta} users={users} values={emptyForm} errors={[]} />));
  });

  app.post('/users', requirePermission('administer'), async (c) => {
    const actor = c.get('actor');
    if (!actor) throw new AppError('unauthorized', 'Sign in first');
    const values: NewUserValues = newUserFormSchema.parse(await c.req.parseBody());
    const renderForm = async (status: 400 | 409, errors: FieldError[]) => {
      const users = await deps.auth.listUsers();
      return c.html(
        await renderDocument(
          <UsersPage meta={buildAdminMeta(c, messages.usersTitle)} users={users} values={values} errors={errors} />,
        ),
        status,
      );
    };

    const errors: FieldError[] = [];
    if (values.email === '') errors.push({ field: 'email', message: messages.emailRequired });
    else if (values.email.length > 320 || !emailSchema.safeParse(values.email).success)
      errors.push({ field: 'email', message: messages.emailInvalid });
    if (values.name === '') errors.push({ field: 'name', message: messages.nameRequired });
    else if (values.name.length > 200) errors.push({ field: 'name', message: messages.nameTooLong });
    const role = roleSchema.safeParse(values.role);
    if (!role.success) errors.push({ field: 'role', message: messages.roleInvalid });
    if (errors.length > 0 || !role.success) return renderForm(400, errors);

    // The same generator as `tillit user add`: shown once here, stored only as an argon2 hash.
    const password = generatePassword();
    const result = await attempt(() =>
      deps.auth.createUser({ email: values.email, name: values.name, role: role.data, password }, actor, {
        ip: getClientIp(c, deps),
      }),
    );
    if (!result.ok) {
      if (result.error.code === 'conflict') return renderForm(409, [{ field: 'email', message: messages.emailTaken }]);
      throw result.error;
    }
    const created = result.value;
    const meta = buildAdminMeta(c, messages.userCreatedTitle);
    return c.html(
      await renderDocument(
        <UserCreatedPage
          meta={meta}
          name={created.name}
          email={created.email}
          role={created.role}
          password={password}
        />,
      ),
    );
  });

  return app;
}
