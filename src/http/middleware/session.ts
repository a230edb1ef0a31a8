import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../domain/errors.js';
import type { Actor, SignInMethod } from '../../domain/staff.js';
import type { SignInService } from '../../services/sign-in.service.js';
import type { RequestVariables } from './request-context.js';

/** Name of the staff session cookie. */
export const SESSION_COOKIE = 'tillit_session';
/** The session cookie is only ever sent to the admin surface. */
export const SESSION_COOKIE_PATH = '/admin';

/** Values the admin surface adds to the request context. */
export interface AdminVariables extends RequestVariables {
  /** The signed-in staff member, when the request carries a valid session. */
  actor?: Actor;
  /**
   * The raw token of the valid session (needed to end or rotate it), and whether it was opened with
   * a one-time password that must be replaced before anything else.
   */
  session?: { token: string; expiresAt: string; signInMethod: SignInMethod; mustChangePassword: boolean };
  /** The session's CSRF token, for forms and the CSRF check. */
  csrfToken?: string;
  /** The site's accent colour, so that staff pages wear it too. */
  accentColor?: string;
}

/** Environment type of the admin routes. */
export interface AdminEnv {
  Variables: AdminVariables;
}

/** Options shared by the session and CSRF middleware. */
export interface TransportOptions {
  /** Believe X-Forwarded-Proto/-Host/-For (only behind a proxy that sets them). */
  trustProxy?: boolean;
  /** How many trusted proxies stand in front (TRUST_PROXY_HOPS, default 1). */
  proxyHops?: number;
}

/**
 * A forwarded header's value as the trusted proxies recorded it. Proxies append to these headers, so
 * the last value is the one the nearest proxy wrote, and values further left could come from the
 * client itself: with N trusted proxies in front, the Nth value from the right is the first one no
 * client can forge. A header with fewer values gives its first.
 */
export function fromTrustedProxy(c: Context, header: string, options: TransportOptions): string | undefined {
  if (!options.trustProxy) return undefined;
  const values = (c.req.header(header) ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const hops = Math.max(1, options.proxyHops ?? 1);
  return values[Math.max(0, values.length - hops)];
}

/** Whether the client reached us over HTTPS (directly, or through a trusted proxy). */
export function isSecureRequest(c: Context, options: TransportOptions): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return fromTrustedProxy(c, 'x-forwarded-proto', options) === 'https';
}

/** The origin the client used to reach us (scheme, host and port). */
export function getRequestOrigin(c: Context, options: TransportOptions): string {
  const url = new URL(c.req.url);
  if (!options.trustProxy) return url.origin;
  const host = fromTrustedProxy(c, 'x-forwarded-host', options) || url.host;
  return `${isSecureRequest(c, options) ? 'https' : url.protocol.replace(':', '')}://${host}`;
}

/** The client's IP address: the socket's peer, or, behind trusted proxies, the address they recorded. */
export function getClientIp(c: Context, options: TransportOptions): string | undefined {
  const forwarded = fromTrustedProxy(c, 'x-forwarded-for', options);
  if (forwarded) return forwarded;
  // @hono/node-server puts the Node request in env.incoming; app.request() in tests has no env.
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming: unknown = env.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming)) return undefined;
  const socket: unknown = incoming.socket;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket)) return undefined;
  return typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
}

/** Gives the client its session token: HttpOnly, SameSite=Lax, Path=/admin, Secure over HTTPS. */
export function setSessionCookie(c: Context, token: string, expiresAt: string, options: TransportOptions): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: SESSION_COOKIE_PATH,
    secure: isSecureRequest(c, options),
    expires: new Date(expiresAt),
  });
}

/** Tells the client to forget its session token. */
export function clearSessionCookie(c: Context, options: TransportOptions): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: SESSION_COOKIE_PATH,
    secure: isSecureRequest(c, options),
    httpOnly: true,
    sameSite: 'Lax',
  });
}

/** Loads the session named by the cookie and sets `actor`, `session` and `csrfToken`. */
export function sessionMiddleware(signIn: SignInService, options: TransportOptions = {}): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await signIn.authenticate(token);
      if (session) {
        c.set('actor', session.actor);
        c.set('session', {
          token,
          expiresAt: session.expiresAt,
          signInMethod: session.signInMethod,
          mustChangePassword: session.mustChangePassword,
        });
        c.set('csrfToken', session.csrfToken);
      } else {
        clearSessionCookie(c, options);
      }
    }
    // Admin pages carry per-session data: never cache them anywhere.
    c.header('Cache-Control', 'no-store');
    // With `no-referrer` Chromium sends `Origin: null` on our own form posts; same-origin keeps the
    // Origin check meaningful and still tells other sites nothing.
    c.header('Referrer-Policy', 'same-origin');
    await next();
  };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing request without a valid session before its body is read (401), except
 * at the sign-in form, the one change an anonymous visitor may send.
 */
export function refuseAnonymousChanges(signInPath: string): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (UNSAFE_METHODS.has(c.req.method) && c.get('actor') === undefined && c.req.path !== signInPath) {
      c.header('Connection', 'close');
      throw new AppError('unauthorized', 'Sign in first');
    }
    await next();
  };
}

/**
 * The signed-in staff member. Routes behind `requirePermission` always have one; a missing actor
 * there is a wiring mistake, answered as "sign in first".
 */
export function requireActor(c: Context<AdminEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthorized', 'Sign in first');
  return actor;
}

/** Who acts and from where, as the services record it in the audit log. */
export function getActionContext(c: Context<AdminEnv>, options: TransportOptions): { actor: Actor; ip?: string } {
  const ip = getClientIp(c, options);
  return ip === undefined ? { actor: requireActor(c) } : { actor: requireActor(c), ip };
}
