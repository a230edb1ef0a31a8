import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../domain/errors.js';
import { hasPermission, type Permission } from '../../domain/staff.js';
import type { AdminEnv } from './session.js';

/** Where staff sign in. */
export const SIGN_IN_PATH = '/admin/sign-in';

/** The sign-in URL that comes back to `path` afterwards. */
export function buildSignInUrl(path: string): string {
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(path)}`;
}

/**
 * Lets the request through only for an actor holding `permission`. Without an actor a page view
 * is sent to sign in (303) and anything else gets 401; an actor lacking the permission gets 403.
 */
export function requirePermission(permission: Permission): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(buildSignInUrl(`${url.pathname}${url.search}`), 303);
      }
      throw new AppError('unauthorized', 'Sign in first');
    }
    if (!hasPermission(actor, permission)) throw new AppError('forbidden', `Your role cannot ${permission}`);
    await next();
  };
}
