import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../domain/errors.js';
import { createRandomToken } from '../../services/credentials.js';
import { type AdminEnv, getRequestOrigin, isSecureRequest, type TransportOptions } from './session.js';

/** Name of the short-lived cookie that pairs with the sign-in form's hidden token. */
export const SIGN_IN_COOKIE = 'tillit_signin';
/** Name of the form field that carries a CSRF token. */
export const CSRF_FIELD = '_csrf';
/** Name of the header that may carry a CSRF token instead of the form field. */
export const CSRF_HEADER = 'x-csrf-token';
/** How long a sign-in form stays usable. */
export const SIGN_IN_TOKEN_TTL_MS = 2 * 60 * 60_000;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A state-changing request that did not prove it came from our own form. */
export class CsrfRejectedError extends AppError {
  constructor(reason: string) {
    super('forbidden', `CSRF check failed: ${reason}`);
  }
}

/** Options of the CSRF middleware. */
export interface CsrfOptions extends TransportOptions {
  /** Full path of the sign-in form's POST, which has no session yet (default /admin/sign-in). */
  signInPath?: string;
  /** Key of the HMAC that signs sign-in form tokens. */
  getSignInSecret: () => Promise<string>;
}

/** Compares two strings in time independent of where they differ (hashing first evens out lengths). */
export function isSameSecret(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB) && a.length === b.length;
}

function signSignInToken(secret: string, issuedAt: string, nonce: string): string {
  return createHmac('sha256', secret).update(`sign-in.${issuedAt}.${nonce}`).digest('base64url');
}

/** A new sign-in form token: issue time, random nonce and their HMAC. */
export function createSignInToken(secret: string, now: Date = new Date()): string {
  const issuedAt = now.getTime().toString(36);
  const nonce = createRandomToken(16);
  return `${issuedAt}.${nonce}.${signSignInToken(secret, issuedAt, nonce)}`;
}

/** Whether a sign-in form token was signed by us and is still fresh. */
export function isValidSignInToken(secret: string, token: string, now: Date = new Date()): boolean {
  const [issuedAt, nonce, signature, ...rest] = token.split('.');
  if (!issuedAt || !nonce || !signature || rest.length > 0) return false;
  if (!isSameSecret(signature, signSignInToken(secret, issuedAt, nonce))) return false;
  const age = now.getTime() - Number.parseInt(issuedAt, 36);
  return Number.isFinite(age) && age >= 0 && age < SIGN_IN_TOKEN_TTL_MS;
}

/** Sets the cookie half of the sign-in double submit (the form carries the other half). */
export function setSignInCookie(c: Context, token: string, options: TransportOptions & { signInPath?: string }): void {
  setCookie(c, SIGN_IN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: options.signInPath ?? '/admin/sign-in',
    secure: isSecureRequest(c, options),
    maxAge: Math.floor(SIGN_IN_TOKEN_TTL_MS / 1000),
  });
}

/** Removes the sign-in cookie once it has served its purpose. */
export function clearSignInCookie(c: Context, options: TransportOptions & { signInPath?: string }): void {
  deleteCookie(c, SIGN_IN_COOKIE, {
    path: options.signInPath ?? '/admin/sign-in',
    secure: isSecureRequest(c, options),
  });
}

async function readSubmittedToken(c: Context<AdminEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  // parseBody caches its result, so the handler can read the same form afterwards.
  const body = await c.req.parseBody();
  const field = body[CSRF_FIELD];
  return typeof field === 'string' ? field : undefined;
}

/**
 * Rejects state-changing requests that are cross-origin or lack the session's CSRF token. The
 * sign-in POST has no session yet, so it needs a signed token in both a cookie and the form.
 */
export function csrfProtection(options: CsrfOptions): MiddlewareHandler<AdminEnv> {
  const signInPath = options.signInPath ?? '/admin/sign-in';
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method)) return next();

    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    // An opaque `null` origin (privacy redirects, a page served with no-referrer) is only believed
    // when Fetch Metadata vouches that the request came from this origin.
    const isOpaqueSameOrigin = origin === 'null' && fetchSite === 'same-origin';
    if (origin !== undefined && !isOpaqueSameOrigin && origin !== getRequestOrigin(c, options)) {
      throw new CsrfRejectedError('cross-origin request');
    }
    // Browsers that send Fetch Metadata tell us outright when a request comes from another site.
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw new CsrfRejectedError(`${fetchSite} request`);

    const submitted = await readSubmittedToken(c);
    if (!submitted) throw new CsrfRejectedError('no token');

    if (c.req.path === signInPath) {
      const cookie = getCookie(c, SIGN_IN_COOKIE);
      const isValid =
        cookie !== undefined &&
        isSameSecret(cookie, submitted) &&
        isValidSignInToken(await options.getSignInSecret(), submitted);
      if (!isValid) throw new CsrfRejectedError('sign-in token mismatch');
      return next();
    }

    const expected = c.get('csrfToken');
    if (expected === undefined || !isSameSecret(expected, submitted)) throw new CsrfRejectedError('token mismatch');
    return next();
  };
}
