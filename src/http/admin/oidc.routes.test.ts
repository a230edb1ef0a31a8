import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchCookieJar, readLocation, signInAtProvider } from '../../../test/oidc-test-provider.js';
import { serveOidcTestApp } from '../../../test/serve-oidc-test-app.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { OIDC_COOKIE } from './oidc.routes.js';

let testApp: Awaited<ReturnType<typeof serveOidcTestApp>>;

beforeAll(async () => {
  testApp = await serveOidcTestApp();
  await testApp.container.staff.createAccount({ email: 'ada@example.test', name: 'Ada', role: 'editor' }, undefined);
  await testApp.container.staff.createAccount({ email: 'gone@example.test', name: 'Gone', role: 'editor' }, undefined);
  const users = await testApp.container.staff.listAccounts();
  const gone = users.find((user) => user.email === 'gone@example.test');
  if (!gone) throw new Error('no gone@example.test');
  await testApp.container.staff.disableAccount(gone.id, undefined);
});
afterAll(async () => {
  await testApp?.stop();
});

/** A browser at Tillit: opens /admin/oidc/start and returns where the provider should be visited. */
async function startSignIn(next?: string) {
  const browser = new FetchCookieJar();
  const start = await browser.fetch(
    `${testApp.baseUrl}/admin/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  );
  expect(start.status).toBe(302);
  const cookieLine = start.headers.getSetCookie().find((line) => line.startsWith(`${OIDC_COOKIE}=`)) ?? '';
  const authorizationUrl = readLocation(start, testApp.baseUrl);
  return { browser, authorizationUrl, cookieLine };
}

/** Signs in at the provider as `login` and returns the browser and the callback URL it is sent to. */
async function reachCallback(login: string, next?: string) {
  const started = await startSignIn(next);
  const callbackUrl = await signInAtProvider(started.authorizationUrl, login);
  return { ...started, callbackUrl };
}

describe('sign-in with OpenID Connect', () => {
  it('offers single sign-on on the sign-in page', async () => {
    const page = await fetch(`${testApp.baseUrl}/admin/sign-in?next=%2Fadmin%2Faudit`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('href="/admin/oidc/start?next=%2Fadmin%2Faudit"');
    expect(html).toContain('Sign in with single sign-on');
  });

  it('sends the browser to the provider with PKCE (S256), state, nonce and a short-lived, path-scoped cookie', async () => {
    const { authorizationUrl, cookieLine } = await startSignIn();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(testApp.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${testApp.baseUrl}/admin/oidc/callback`);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(cookieLine).toMatch(/Max-Age=600/);
    expect(cookieLine).toMatch(/Path=\/admin\/oidc/);
    expect(cookieLine).toMatch(/HttpOnly/);
    expect(cookieLine).toMatch(/SameSite=Lax/);
  });

  it('signs a known staff member in and takes them to the admin dashboard', async () => {
    const { browser, callbackUrl } = await reachCallback('Ada@Example.test');
    expect(callbackUrl.startsWith(`${testApp.baseUrl}/admin/oidc/callback?`)).toBe(true);
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/admin');
    expect(browser.cookies.get(SESSION_COOKIE)).toMatch(/^[\w-]{40,}$/);
    expect(browser.cookies.has(OIDC_COOKIE)).toBe(false);

    const dashboard = await browser.fetch(`${testApp.baseUrl}/admin`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('ada@example.test');

    const audit = await testApp.container.audit.list({}, 1, 5);
    expect(audit.items.map((item) => [item.action, item.summary])).toContainEqual([
      'auth.sign_in',
      'signed in with OpenID Connect',
    ]);
  });

  it('lets an OpenID Connect session in when two-step sign-in is mandatory: the provider answers for it', async () => {
    const admin = { userId: 0, email: 'root@example.test', name: 'Root', role: 'admin' as const };
    await testApp.container.settings.setTwoFactorRequired({ actor: admin }, true);
    try {
      const { browser, callbackUrl } = await reachCallback('ada@example.test');
      expect((await browser.fetch(callbackUrl)).status).toBe(303);
      const dashboard = await browser.fetch(`${testApp.baseUrl}/admin`, { redirect: 'manual' });
      expect(dashboard.status).toBe(200);
      const token = browser.cookies.get(SESSION_COOKIE) ?? '';
      expect((await testApp.container.signIn.authenticate(token))?.signInMethod).toBe('oidc');
    } finally {
      await testApp.container.settings.setTwoFactorRequired({ actor: admin }, false);
    }
  });

  it('returns to the page asked for in `next`', async () => {
    const { browser, callbackUrl } = await reachCallback('ada@example.test', '/admin/users?page=2');
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/admin/users?page=2');
  });

  it('refuses an e-mail address no staff account uses, with a 403 that says what to do', async () => {
    const { browser, callbackUrl } = await reachCallback('stranger@example.test');
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(403);
    expect(await callback.text()).toContain(
      'No Tillit account uses the e-mail stranger@example.test. Ask an administrator to add you.',
    );
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    const audit = await testApp.container.audit.list({}, 1, 5);
    expect(audit.items.map((item) => [item.action, item.actorEmail, item.summary])).toContainEqual([
      'auth.sign_in_failure',
      'stranger@example.test',
      'OpenID Connect refused: unknown account',
    ]);
  });

  it('refuses a disabled account with the same answer as an unknown one, and lets it in once re-enabled', async () => {
    const { browser, callbackUrl } = await reachCallback('gone@example.test');
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(403);
    expect(await callback.text()).toContain(
      'No Tillit account uses the e-mail gone@example.test. Ask an administrator to add you.',
    );
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    const gone = await testApp.container.staff.getAccountByEmail('gone@example.test');
    await testApp.container.staff.enableAccount(gone.id, undefined);
    try {
      const again = await reachCallback('gone@example.test');
      const signedIn = await again.browser.fetch(again.callbackUrl);
      expect(signedIn.status).toBe(303);
      expect(again.browser.cookies.get(SESSION_COOKIE)).toMatch(/^[\w-]{40,}$/);
    } finally {
      await testApp.container.staff.disableAccount(gone.id, undefined);
    }
  });

  it('refuses a callback whose state was tampered with (400), and opens no session', async () => {
    const { browser, callbackUrl } = await reachCallback('ada@example.test');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', 'forged-state-value');
    const callback = await browser.fetch(tampered.href);
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('not accepted');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses a callback without the cookie set at the start, or with a forged one', async () => {
    const { callbackUrl, browser } = await reachCallback('ada@example.test');
    const stranger = new FetchCookieJar();
    const withoutCookie = await stranger.fetch(callbackUrl);
    expect(withoutCookie.status).toBe(400);
    expect(await withoutCookie.text()).toContain('was not started here or took longer than 10 minutes');

    const cookie = browser.cookies.get(OIDC_COOKIE) ?? '';
    const [body = ''] = cookie.split('.');
    stranger.cookies.set(OIDC_COOKIE, `${body}.${'A'.repeat(43)}`);
    const forged = await stranger.fetch(callbackUrl);
    expect(forged.status).toBe(400);
    expect(stranger.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses a replayed callback, even with the original cookie put back', async () => {
    const { browser, callbackUrl } = await reachCallback('ada@example.test');
    const oidcCookie = browser.cookies.get(OIDC_COOKIE) ?? '';
    expect((await browser.fetch(callbackUrl)).status).toBe(303);

    const replay = new FetchCookieJar();
    const withoutCookie = await replay.fetch(callbackUrl);
    expect(withoutCookie.status).toBe(400);

    // The provider accepts each authorization code once.
    replay.cookies.set(OIDC_COOKIE, oidcCookie);
    const withCookie = await replay.fetch(callbackUrl);
    expect(withCookie.status).toBe(400);
    expect(replay.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('explains a refusal by the provider (access_denied) with a 400 page', async () => {
    const { browser, authorizationUrl } = await startSignIn();
    const callbackUrl = await signInAtProvider(authorizationUrl, 'ada@example.test', 'abort');
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(400);
    const html = await callback.text();
    expect(html).toContain('Single sign-on did not sign you in');
    expect(html).toContain('access_denied');
    expect(browser.cookies.has(OIDC_COOKIE)).toBe(false);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });
});
