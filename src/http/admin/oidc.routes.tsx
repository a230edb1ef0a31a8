import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { OidcChecks, OidcService } from '../../services/oidc.service.js';
import { type SignInService, SignInThrottledError } from '../../services/sign-in.service.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import { attempt } from '../attempt.js';
import { isSameSecret } from '../middleware/csrf.js';
import {
  type AdminEnv,
  getClientIp,
  isSecureRequest,
  setSessionCookie,
  type TransportOptions,
} from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages, parseAdminNext } from './admin-page.js';

/** Name of the cookie that carries a sign-in's state, nonce and PKCE verifier to the callback. */
export const OIDC_COOKIE = 'tillit_oidc';
/** The cookie goes only to the two OpenID Connect routes. */
export const OIDC_COOKIE_PATH = '/admin/oidc';
/** How long the round trip to the identity provider may take. */
export const OIDC_COOKIE_TTL_MS = 10 * 60_000;

/** What the OpenID Connect sign-in routes need. */
export interface OidcRoutesDeps extends TransportOptions {
  oidc: OidcService;
  signIn: SignInService;
  /** Key of the HMAC that signs the cookie: the instance's sign-in secret. */
  getSignInSecret: () => Promise<string>;
}

const cookiePayloadSchema = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  next: z.string().max(2000).optional(),
  issuedAt: z.number().int(),
});

type CookiePayload = z.infer<typeof cookiePayloadSchema>;

// Error codes are ASCII words (RFC 6749 §4.1.2.1); anything else is not repeated back to the reader.
const providerErrorSchema = z.string().regex(/^[\w.-]{1,64}$/);

function signPayload(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`oidc.${body}`).digest('base64url');
}

/** The cookie value: the payload as base64url JSON, a dot, and its HMAC. */
function encodeCookie(secret: string, payload: CookiePayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${signPayload(secret, body)}`;
}

/** The payload of a cookie we signed less than OIDC_COOKIE_TTL_MS ago, or undefined. */
function decodeCookie(secret: string, value: string | undefined, now: number): CookiePayload | undefined {
  const [body, signature, ...rest] = value?.split('.') ?? [];
  if (!body || !signature || rest.length > 0 || !isSameSecret(signature, signPayload(secret, body))) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cookiePayloadSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const age = now - parsed.data.issuedAt;
  return age >= 0 && age < OIDC_COOKIE_TTL_MS ? parsed.data : undefined;
}

/** `/admin/oidc/start` and `/admin/oidc/callback`: staff sign-in through the configured identity provider. */
export function createOidcRoutes(deps: OidcRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const getSecret = deps.getSignInSecret;

  const clearOidcCookie = (c: Context<AdminEnv>) =>
    deleteCookie(c, OIDC_COOKIE, {
      path: OIDC_COOKIE_PATH,
      secure: isSecureRequest(c, deps),
      httpOnly: true,
      sameSite: 'Lax',
    });

  const renderMessage = async (c: Context<AdminEnv>, status: 400 | 403 | 429, heading: string, text: string) =>
    c.html(
      await renderDocument(<AdminMessagePage meta={buildAdminMeta(c, heading)} heading={heading} text={text} />),
      status,
    );

  app.get('/oidc/start', async (c) => {
    const next = parseAdminNext(c.req.query('next'));
    if (c.get('actor')) return c.redirect(next ?? '/admin', 303);
    const start = await deps.oidc.beginSignIn();
    const payload: CookiePayload = {
      state: start.state,
      nonce: start.nonce,
      codeVerifier: start.codeVerifier,
      next,
      issuedAt: Date.now(),
    };
    // SameSite=Lax: the provider sends the browser back with a top-level GET, which Lax cookies accompany.
    setCookie(c, OIDC_COOKIE, encodeCookie(await getSecret(), payload), {
      httpOnly: true,
      sameSite: 'Lax',
      path: OIDC_COOKIE_PATH,
      secure: isSecureRequest(c, deps),
      maxAge: Math.floor(OIDC_COOKIE_TTL_MS / 1000),
    });
    return c.redirect(start.url, 302);
  });

  app.get('/oidc/callback', async (c) => {
    const payload = decodeCookie(await getSecret(), getCookie(c, OIDC_COOKIE), Date.now());
    // One answer per cookie: whatever happens next, a replay of this callback finds no cookie.
    clearOidcCookie(c);
    const providerError = c.req.query('error');
    if (providerError !== undefined) {
      const code = providerErrorSchema.safeParse(providerError);
      return renderMessage(
        c,
        400,
        messages.oidcProviderErrorTitle,
        messages.oidcProviderErrorText(code.success ? code.data : 'error'),
      );
    }
    if (!payload) return renderMessage(c, 400, messages.oidcExpiredTitle, messages.oidcExpiredText);

    // The provider redirected to redirectUri; rebuild it from the configuration so a proxy's
    // internal host and scheme never reach the token request.
    const callbackUrl = new URL(deps.oidc.redirectUri);
    callbackUrl.search = new URL(c.req.url).search;
    const checks: OidcChecks = { state: payload.state, nonce: payload.nonce, codeVerifier: payload.codeVerifier };
    const identity = await deps.oidc.completeSignIn(callbackUrl, checks);

    const result = await attempt(() =>
      deps.signIn.withVerifiedEmail(identity.email, {
        ip: getClientIp(c, deps),
        presentedToken: c.get('session')?.token,
      }),
    );
    if (!result.ok) {
      if (result.error instanceof SignInThrottledError) {
        c.header('Retry-After', String(result.error.retryAfterMinutes * 60));
        return renderMessage(c, 429, messages.signInTitle, messages.tooManyAttempts(result.error.retryAfterMinutes));
      }
      if (result.error.code === 'unauthorized') {
        return renderMessage(c, 403, messages.oidcNoAccountTitle, messages.oidcNoAccountText(identity.email));
      }
      throw result.error;
    }
    setSessionCookie(c, result.value.token, result.value.expiresAt, deps);
    return c.redirect(parseAdminNext(payload.next) ?? '/admin', 303);
  });

  return app;
}
