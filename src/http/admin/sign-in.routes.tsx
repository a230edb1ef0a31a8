import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { isMailAddress } from '../../domain/mail.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/staff.js';
import { type SignInService, SignInThrottledError } from '../../services/sign-in.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import { PasswordPage } from '../../views/pages/admin/password-page.js';
import { SignInPage } from '../../views/pages/admin/sign-in-page.js';
import { attempt } from '../attempt.js';
import { parseForm } from '../form.js';
import { clearSignInCookie, createSignInToken, setSignInCookie } from '../middleware/csrf.js';
import { requirePermission } from '../middleware/permission.js';
import {
  type AdminEnv,
  clearSessionCookie,
  getClientIp,
  requireActor,
  setSessionCookie,
  type TransportOptions,
} from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages, parseAdminNext } from './admin-page.js';

/** What the sign-in, sign-out and password routes need. */
export interface SignInRoutesDeps extends TransportOptions {
  signIn: SignInService;
  getSignInSecret: () => Promise<string>;
  /** Offer "Sign in with single sign-on" on the sign-in page (OpenID Connect is configured). */
  isSingleSignOnEnabled?: boolean;
}

// Lengths cap what we hash; the messages come from i18n, so the schema only shapes the values.
const signInFormSchema = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
  code: z.string().trim().max(40).default(''),
});

const passwordFormSchema = z.object({
  currentPassword: z.string().max(1000).default(''),
  newPassword: z.string().max(1000).default(''),
  confirmPassword: z.string().max(1000).default(''),
});

/** Where a session opened with a one-time password must go first, and the only pages it may reach. */
const NEW_PASSWORD_PATH = '/admin/account/password';
const ALLOWED_BEFORE_NEW_PASSWORD = [NEW_PASSWORD_PATH, '/admin/sign-out', '/admin/sign-in'];

/**
 * A session opened with a one-time password (`tillit user add`, the users page, an administrator's
 * reset) reaches nothing but the password page until it chose its own: other pages redirect there
 * and other changes are refused. Mount it before every other admin route.
 */
export function requireNewPasswordFirst(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const isAllowedPath = ALLOWED_BEFORE_NEW_PASSWORD.includes(c.req.path);
    if (!c.get('session')?.mustChangePassword || isAllowedPath) return next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(NEW_PASSWORD_PATH, 303);
    const messages = getAdminMessages();
    const meta = buildAdminMeta(c, messages.newPasswordFirstTitle);
    return c.html(
      await renderDocument(
        <AdminMessagePage meta={meta} heading={messages.newPasswordFirstTitle} text={messages.newPasswordFirstText} />,
      ),
      403,
    );
  };
}

/** Sign-in, sign-out and own password change. */
export function createSignInRoutes(deps: SignInRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  app.get('/sign-in', async (c) => {
    const next = parseAdminNext(c.req.query('next'));
    if (c.get('actor')) return c.redirect(next ?? '/admin', 303);
    const formToken = createSignInToken(await deps.getSignInSecret());
    setSignInCookie(c, formToken, deps);
    const flash = c.req.query('signed-out') === '1' ? messages.signedOut : undefined;
    const meta = buildAdminMeta(c, messages.signInTitle, flash);
    return c.html(
      await renderDocument(
        <SignInPage
          meta={meta}
          formToken={formToken}
          email=""
          next={next}
          errors={[]}
          isSingleSignOnEnabled={deps.isSingleSignOnEnabled}
        />,
      ),
    );
  });

  app.post('/sign-in', async (c) => {
    const next = parseAdminNext(c.req.query('next'));
    const form = await parseForm(c, signInFormSchema);
    const email = form.ok ? form.data.email : '';
    const errors: FieldError[] = [];
    if (!form.ok) errors.push({ field: 'email', message: messages.emailInvalid });
    else if (email === '') errors.push({ field: 'email', message: messages.emailRequired });
    else if (!isMailAddress(email)) errors.push({ field: 'email', message: messages.emailInvalid });
    if (form.ok && form.data.password === '') errors.push({ field: 'password', message: messages.passwordRequired });

    const renderForm = async (status: 400 | 401 | 429, formErrors: FieldError[]) => {
      // A fresh form token each time, so the re-shown form can be sent again.
      const formToken = createSignInToken(await deps.getSignInSecret());
      setSignInCookie(c, formToken, deps);
      const meta = buildAdminMeta(c, messages.signInTitle);
      return c.html(
        await renderDocument(
          <SignInPage
            meta={meta}
            formToken={formToken}
            email={email}
            next={next}
            errors={formErrors}
            isSingleSignOnEnabled={deps.isSingleSignOnEnabled}
          />,
        ),
        status,
      );
    };
    if (!form.ok || errors.length > 0) return renderForm(400, errors);

    const result = await attempt(() =>
      deps.signIn.withPassword({
        email,
        password: form.data.password,
        code: form.data.code === '' ? undefined : form.data.code,
        ip: getClientIp(c, deps),
        presentedToken: c.get('session')?.token ?? undefined,
      }),
    );
    if (!result.ok) {
      if (result.error instanceof SignInThrottledError) {
        c.header('Retry-After', String(result.error.retryAfterMinutes * 60));
        return renderForm(429, [{ field: 'email', message: messages.tooManyAttempts(result.error.retryAfterMinutes) }]);
      }
      // One answer whichever part was wrong, so a right password without its code looks like a wrong one.
      if (result.error.code === 'unauthorized')
        return renderForm(401, [{ field: 'password', message: messages.invalidCredentials }]);
      throw result.error;
    }
    clearSignInCookie(c, deps);
    setSessionCookie(c, result.value.token, result.value.expiresAt, deps);
    return c.redirect(next ?? '/admin', 303);
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    if (session) await deps.signIn.signOut(session.token, c.get('actor'), { ip: getClientIp(c, deps) });
    clearSessionCookie(c, deps);
    return c.redirect('/admin/sign-in?signed-out=1', 303);
  });

  app.get('/account/password', requirePermission('read'), async (c) => {
    const isReplacingOneTime = c.get('session')?.mustChangePassword === true;
    const flash = c.req.query('changed') === '1' ? messages.passwordChanged : undefined;
    const meta = buildAdminMeta(c, isReplacingOneTime ? messages.newPasswordFirstTitle : messages.passwordTitle, flash);
    return c.html(
      await renderDocument(<PasswordPage meta={meta} errors={[]} isReplacingOneTime={isReplacingOneTime} />),
    );
  });

  app.post('/account/password', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const isReplacingOneTime = c.get('session')?.mustChangePassword === true;
    const title = isReplacingOneTime ? messages.newPasswordFirstTitle : messages.passwordTitle;
    const renderForm = async (status: 400 | 429, errors: FieldError[]) =>
      c.html(
        await renderDocument(
          <PasswordPage meta={buildAdminMeta(c, title)} errors={errors} isReplacingOneTime={isReplacingOneTime} />,
        ),
        status,
      );

    const parsed = await parseForm(c, passwordFormSchema);
    if (!parsed.ok)
      return renderForm(400, [{ field: 'newPassword', message: messages.newPasswordTooLong(MAX_PASSWORD_LENGTH) }]);
    const form = parsed.data;
    const errors: FieldError[] = [];
    const newLength = [...form.newPassword].length;
    if (form.currentPassword === '')
      errors.push({ field: 'currentPassword', message: messages.currentPasswordRequired });
    if (newLength < MIN_PASSWORD_LENGTH)
      errors.push({ field: 'newPassword', message: messages.newPasswordTooShort(MIN_PASSWORD_LENGTH) });
    else if (newLength > MAX_PASSWORD_LENGTH)
      errors.push({ field: 'newPassword', message: messages.newPasswordTooLong(MAX_PASSWORD_LENGTH) });
    else if (form.newPassword === form.currentPassword)
      errors.push({ field: 'newPassword', message: messages.newPasswordSameAsCurrent });
    if (form.confirmPassword !== form.newPassword)
      errors.push({ field: 'confirmPassword', message: messages.passwordsDiffer });
    if (errors.length > 0) return renderForm(400, errors);

    const result = await attempt(() =>
      deps.signIn.changePassword(actor, {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
        ip: getClientIp(c, deps),
      }),
    );
    if (!result.ok) {
      if (result.error instanceof SignInThrottledError) {
        c.header('Retry-After', String(result.error.retryAfterMinutes * 60));
        return renderForm(429, [
          { field: 'currentPassword', message: messages.tooManyAttempts(result.error.retryAfterMinutes) },
        ]);
      }
      if (result.error.code === 'unauthorized')
        return renderForm(400, [{ field: 'currentPassword', message: messages.currentPasswordWrong }]);
      throw result.error;
    }
    setSessionCookie(c, result.value.token, result.value.expiresAt, deps);
    return c.redirect('/admin/account/password?changed=1', 303);
  });

  return app;
}
