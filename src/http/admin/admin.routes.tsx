import { Hono } from 'hono';
import { AppError, type AppErrorCode } from '../../domain/errors.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import type { AuthService } from '../../services/auth.service.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import { CsrfRejectedError, csrfProtection } from '../middleware/csrf.js';
import { type AdminEnv, sessionMiddleware, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages } from './admin-page.js';
import { createAuthRoutes } from './auth.routes.js';

/** What the admin surface needs. */
export interface AdminRoutesDeps extends TransportOptions {
  auth: AuthService;
  /** Key that signs sign-in form tokens; by default one generated once and kept in the setting table. */
  signInSecret?: string;
}

/** Heading and text of the page shown for each error code. */
function describeError(messages: AdminMessages, code: AppErrorCode, message: string): { heading: string; text: string } {
  const pages: Record<AppErrorCode, { heading: string; text: string }> = {
    not_found: { heading: messages.notFoundTitle, text: messages.notFoundText },
    invalid_input: { heading: messages.badRequestTitle, text: message },
    conflict: { heading: messages.conflictTitle, text: message },
    unauthorized: { heading: messages.unauthorizedTitle, text: messages.unauthorizedText },
    forbidden: { heading: messages.forbiddenTitle, text: messages.forbiddenText },
    rate_limited: { heading: messages.rateLimitedTitle, text: messages.rateLimitedText },
    unavailable: { heading: messages.unavailableTitle, text: messages.unavailableText },
  };
  return pages[code];
}

/**
 * The staff surface, to mount at /admin: session loading, CSRF protection on every
 * state-changing request, the auth pages, and admin-styled error pages.
 */
export function createAdminRoutes(deps: AdminRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const transport: TransportOptions = { trustProxy: deps.trustProxy };
  const fixedSecret = deps.signInSecret;
  const getSignInSecret = fixedSecret ? async () => fixedSecret : () => deps.auth.getSignInSecret();

  app.use('*', sessionMiddleware(deps.auth, transport));
  app.use('*', csrfProtection({ ...transport, getSignInSecret }));
  app.route('/', createAuthRoutes({ ...transport, auth: deps.auth, getSignInSecret }));

  app.onError(async (error, c) => {
    // Anything that is not a service error goes on to the application's handler, which logs it.
    if (!(error instanceof AppError)) throw error;
    const messages = getAdminMessages();
    const { heading, text } =
      error instanceof CsrfRejectedError
        ? { heading: messages.formExpiredTitle, text: messages.formExpiredText }
        : describeError(messages, error.code, error.message);
    const page = <AdminMessagePage meta={buildAdminMeta(c, heading)} heading={heading} text={text} />;
    return c.html(await renderDocument(page), ADMIN_STATUS_BY_CODE[error.code]);
  });

  return app;
}
