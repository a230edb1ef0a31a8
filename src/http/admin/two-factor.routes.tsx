import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SettingService } from '../../services/setting.service.js';
import type { TwoFactorService } from '../../services/two-factor.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import { TwoFactorPage } from '../../views/pages/admin/two-factor-page.js';
import { attempt } from '../attempt.js';
import { parseForm } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** What the two-step sign-in pages need. */
export interface TwoFactorRoutesDeps extends TransportOptions {
  twoFactor: TwoFactorService;
  settings: Pick<SettingService, 'isTwoFactorRequired'>;
}

const codeFormSchema = z.object({ code: z.string().trim().max(40).default('') });

/**
 * Paths a signed-in user may still reach while a mandatory second factor is missing. The password
 * page is one: after a one-time password it comes first (and asks for that password anyway).
 */
const ALLOWED_WITHOUT_SECOND_FACTOR = [
  '/admin/account/two-factor',
  '/admin/account/password',
  '/admin/sign-out',
  '/admin/sign-in',
];

/** `/admin/account/two-factor`: enrol, confirm (recovery codes shown once), turn off; and the mandatory rule. */
export function createTwoFactorRoutes(deps: TwoFactorRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  // When an admin made the second factor mandatory, accounts without one can only set it up. A session
  // opened through the OpenID Connect provider is exempt: the provider answers for how the person signed in.
  app.use('*', async (c, next) => {
    const actor = c.get('actor');
    const isAllowedPath = ALLOWED_WITHOUT_SECOND_FACTOR.some((path) => c.req.path.startsWith(path));
    if (
      actor &&
      !isAllowedPath &&
      c.get('session')?.signInMethod !== 'oidc' &&
      (await deps.settings.isTwoFactorRequired()) &&
      !(await deps.twoFactor.isEnabled(actor.userId))
    ) {
      return c.redirect('/admin/account/two-factor', 303);
    }
    await next();
  });

  const render = async (
    c: Context<AdminEnv>,
    status: 200 | 400 | 409,
    options: { errors?: FieldError[]; recoveryCodes?: string[]; flash?: string },
  ) => {
    const actor = requireActor(c);
    const [isEnabled, isRequired] = await Promise.all([
      deps.twoFactor.isEnabled(actor.userId),
      deps.settings.isTwoFactorRequired(),
    ]);
    const enrolment = isEnabled ? undefined : await deps.twoFactor.beginEnrolment(actor);
    const meta = buildAdminMeta(c, messages.twoFactorTitle, options.flash);
    return c.html(
      await renderDocument(
        <TwoFactorPage
          meta={meta}
          isEnabled={isEnabled}
          isRequired={isRequired}
          enrolment={enrolment}
          recoveryCodes={options.recoveryCodes}
          errors={options.errors ?? []}
        />,
      ),
      status,
    );
  };

  app.get('/account/two-factor', requirePermission('read'), (c) =>
    render(c, 200, { flash: c.req.query('disabled') === '1' ? messages.twoFactorDisabled : undefined }),
  );

  app.post('/account/two-factor', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, codeFormSchema);
    const code = form.ok ? form.data.code : '';
    if (code === '') return render(c, 400, { errors: [{ field: 'code', message: messages.twoFactorCodeRequired }] });
    const result = await attempt(() => deps.twoFactor.confirmEnrolment(actor, code, getClientIp(c, deps)));
    // A wrong code is shown on the form; anything else goes to the admin error page.
    if (!result.ok && result.error.code === 'invalid_input') {
      return render(c, 400, { errors: [{ field: 'code', message: messages.twoFactorCodeWrong }] });
    }
    if (!result.ok) throw result.error;
    c.header('Cache-Control', 'no-store');
    return render(c, 200, { recoveryCodes: result.value, flash: messages.twoFactorEnabled });
  });

  app.post('/account/two-factor/disable', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, codeFormSchema);
    const code = form.ok ? form.data.code : '';
    if (code === '') return render(c, 400, { errors: [{ field: 'code', message: messages.twoFactorCodeRequired }] });
    const result = await attempt(() => deps.twoFactor.disable(actor, code, getClientIp(c, deps)));
    if (!result.ok && result.error.code === 'invalid_input') {
      return render(c, 400, { errors: [{ field: 'code', message: messages.twoFactorCodeWrong }] });
    }
    // Nothing is on to turn off (a stale page, or another tab turned it off first).
    if (!result.ok && result.error.code === 'conflict') {
      return render(c, 409, { errors: [{ field: 'code', message: messages.twoFactorNotOn }] });
    }
    if (!result.ok) throw result.error;
    return c.redirect('/admin/account/two-factor?disabled=1', 303);
  });

  return app;
}
