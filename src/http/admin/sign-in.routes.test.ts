import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp, readHiddenField } from '../../../test/create-admin-test-app.js';
import { hashSessionToken } from '../../services/sign-in.service.js';
import { parseAdminNext } from './admin-page.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
let counter = 0;

beforeAll(async () => {
  testApp = await createAdminTestApp({ trustProxy: true, content: 'minimal' });
});
afterAll(async () => {
  await testApp.close();
});

/** A fresh account (so lockouts in one test never touch another) and a client for it. */
async function newAccount(role: 'viewer' | 'editor' | 'admin' = 'editor') {
  counter += 1;
  const email = `staff${counter}@example.test`;
  await testApp.createUser(email, PASSWORD, role);
  // Each client looks like its own machine, so per-IP counters stay apart too.
  return { email, client: new CookieClient(testApp.app), ip: `192.0.2.${counter}` };
}

async function signedIn(role: 'viewer' | 'editor' | 'admin' = 'editor') {
  const account = await newAccount(role);
  return { ...account, csrfToken: await account.client.signInForToken(account.email, PASSWORD) };
}

describe('sign-in page', () => {
  it('sends a signed-out visitor of /admin to sign in, remembering where they were going', async () => {
    const response = await testApp.app.request('/admin/account/password');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Faccount%2Fpassword');
    const dashboard = await testApp.app.request('/admin');
    expect(dashboard.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin');
  });

  it('shows a labelled form with a signed token that matches its cookie', async () => {
    const client = new CookieClient(testApp.app);
    const { response, text } = await client.get('/admin/sign-in');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text).toContain('<label for="email">');
    expect(text).toContain('<label for="password">');
    expect(text).toContain('autocomplete="current-password"');
    expect(text).toContain('<h1>Sign in</h1>');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tillit_signin='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/admin\/sign-in/);
    expect(client.cookies.get('tillit_signin')).toBe(readHiddenField(text, '_csrf'));
  });
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie scoped to /admin and shows who is signed in', async () => {
    const { email, client } = await newAccount();
    const { response } = await client.signIn(email, PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tillit_session=')) ?? '';
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/admin(;|$)/);
    expect(cookie).not.toMatch(/Secure/);
    expect(client.cookies.has('tillit_signin')).toBe(false);
    const dashboard = await client.get('/admin');
    expect(dashboard.response.status).toBe(200);
    expect(dashboard.text).toContain(`Signed in as staff${counter} (${email}).`);
    expect(dashboard.text).toMatch(/<nav [^>]*aria-label="Administration"/);
  });

  it('marks the cookie Secure over HTTPS, directly or behind a trusted proxy', async () => {
    const direct = await newAccount();
    const https = new CookieClient(testApp.app, 'https://trust.example.test');
    const { response } = await https.signIn(direct.email, PASSWORD);
    expect(response.headers.getSetCookie().find((line) => line.startsWith('tillit_session='))).toMatch(/; Secure/);

    const proxied = await newAccount();
    const client = new CookieClient(testApp.app);
    const page = await client.get('/admin/sign-in');
    const behindProxy = await client.post(
      '/admin/sign-in',
      { _csrf: readHiddenField(page.text, '_csrf'), email: proxied.email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(behindProxy.response.headers.getSetCookie().find((line) => line.startsWith('tillit_session='))).toMatch(
      /; Secure/,
    );
  });

  it('goes on to a local admin `next` page, and to the dashboard for anything else', async () => {
    const local = await newAccount();
    const toPassword = await local.client.signIn(local.email, PASSWORD, '/admin/account/password');
    expect(toPassword.response.headers.get('location')).toBe('/admin/account/password');
    for (const next of ['https://evil.test/admin', '//evil.test/admin', '/public-page', '/\\evil.test']) {
      const account = await newAccount();
      const { response } = await account.client.signIn(account.email, PASSWORD, next);
      expect(response.headers.get('location'), next).toBe('/admin');
    }
  });

  it('shows a wrong password on the form with status 401, keeping the email', async () => {
    const { email, client, ip } = await newAccount();
    const page = await client.get('/admin/sign-in');
    const { response, text } = await client.post(
      '/admin/sign-in',
      { _csrf: readHiddenField(page.text, '_csrf'), email, password: 'not the password' },
      { 'x-forwarded-for': ip },
    );
    expect(response.status).toBe(401);
    expect(text).toContain(`value="${email}"`);
    expect(text).toContain('role="alert"');
    expect(text).toMatch(
      /id="password-error"[^>]*>[\s\S]*The email address, password or authentication code is not correct\./,
    );
    expect(text).toContain('aria-describedby="password-error"');
    expect(text).toContain('aria-invalid="true"');
    expect(response.headers.getSetCookie().some((line) => line.startsWith('tillit_session='))).toBe(false);
    expect(testApp.auditEvents).toContainEqual(
      expect.objectContaining({ action: 'auth.sign_in_failure', actorEmail: email, ip }),
    );
  });

  it('answers 400 with field errors for an empty form', async () => {
    const client = new CookieClient(testApp.app);
    const page = await client.get('/admin/sign-in');
    const { response, text } = await client.post('/admin/sign-in', {
      _csrf: readHiddenField(page.text, '_csrf'),
      email: '',
      password: '',
    });
    expect(response.status).toBe(400);
    expect(text).toContain('Enter your email address.');
    expect(text).toContain('Enter your password.');
    expect(text).toContain('aria-describedby="email-error"');
  });

  it('answers 429 with the waiting time after 5 failures', async () => {
    const { email, client } = await newAccount();
    let last: { response: Response; text: string } | undefined;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const page = await client.get('/admin/sign-in');
      last = await client.post('/admin/sign-in', {
        _csrf: readHiddenField(page.text, '_csrf'),
        email,
        password: 'wrong password',
      });
    }
    expect(last?.response.status).toBe(429);
    expect(last?.response.headers.get('retry-after')).toBe('900');
    expect(last?.text).toContain('Too many failed sign-ins. Try again in 15 minutes.');
  });
});

describe('CSRF protection', () => {
  it('refuses a sign-in POST without the form token, or with a forged one', async () => {
    const { email, client } = await newAccount();
    const missing = await client.post('/admin/sign-in', { email, password: PASSWORD });
    expect(missing.response.status).toBe(403);
    expect(missing.text).toContain('The form has expired or was not sent by this site. Reload the page and try again.');
    // Double submit of a value we did not sign: the cookie and field agree but the HMAC does not.
    const forged = `${Date.now().toString(36)}.bm9uY2U.c2lnbmF0dXJl`;
    client.cookies.set('tillit_signin', forged);
    const forgedResponse = await client.post('/admin/sign-in', { _csrf: forged, email, password: PASSWORD });
    expect(forgedResponse.response.status).toBe(403);
    expect(client.cookies.has('tillit_session')).toBe(false);
  });

  it('refuses a state change without the session token or with a forged one, changing nothing', async () => {
    const { email, client } = await signedIn();
    const fields = {
      currentPassword: PASSWORD,
      newPassword: 'hijacked passphrase!',
      confirmPassword: 'hijacked passphrase!',
    };
    const missing = await client.post('/admin/account/password', fields);
    expect(missing.response.status).toBe(403);
    expect(missing.text).toContain('The form has expired or was not sent by this site.');
    const forged = await client.post('/admin/account/password', { ...fields, _csrf: 'x'.repeat(43) });
    expect(forged.response.status).toBe(403);
    const header = await client.post('/admin/account/password', fields, { 'x-csrf-token': 'y'.repeat(43) });
    expect(header.response.status).toBe(403);
    // The old password still works: nothing changed.
    await expect(testApp.signIn.withPassword({ email, password: PASSWORD })).resolves.toBeDefined();
  });

  it('refuses a cross-origin POST even with the right token', async () => {
    const { client, csrfToken } = await signedIn();
    const crossOrigin = await client.post('/admin/sign-out', { _csrf: csrfToken }, { origin: 'https://evil.test' });
    expect(crossOrigin.response.status).toBe(403);
    const crossSite = await client.post('/admin/sign-out', { _csrf: csrfToken }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.response.status).toBe(403);
    const sameSite = await client.post('/admin/sign-out', { _csrf: csrfToken }, { 'sec-fetch-site': 'same-site' });
    expect(sameSite.response.status).toBe(403);
    const opaque = await client.post('/admin/sign-out', { _csrf: csrfToken }, { origin: 'null' });
    expect(opaque.response.status).toBe(403);
    expect((await client.get('/admin')).response.status).toBe(200);
    const sameOrigin = await client.post('/admin/sign-out', { _csrf: csrfToken }, { origin: 'http://localhost' });
    expect(sameOrigin.response.status).toBe(303);
  });
});

describe('signing out and changing the password', () => {
  it('accepts an opaque Origin only when Fetch Metadata says same-origin', async () => {
    const { client, csrfToken } = await signedIn();
    const page = await client.get('/admin');
    // Same-origin referrers let Chromium send a real Origin on our own forms.
    expect(page.response.headers.get('referrer-policy')).toBe('same-origin');
    const { response } = await client.post(
      '/admin/sign-out',
      { _csrf: csrfToken },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(response.status).toBe(303);
  });

  it('ends the session on sign-out so the old cookie no longer works', async () => {
    const { client, csrfToken } = await signedIn();
    const token = client.cookies.get('tillit_session') ?? '';
    const { response } = await client.post('/admin/sign-out', { _csrf: csrfToken });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/sign-in?signed-out=1');
    expect(client.cookies.has('tillit_session')).toBe(false);
    const replay = await testApp.app.request('/admin', { headers: { cookie: `tillit_session=${token}` } });
    expect(replay.status).toBe(303);
    const page = await client.get('/admin/sign-in?signed-out=1');
    expect(page.text).toMatch(/<div role="status"><p class="pill">You have been signed out\.<\/p><\/div>/);
  });

  it('replaces the session on sign-in instead of reusing a cookie set before it', async () => {
    const { email, client } = await newAccount();
    client.cookies.set('tillit_session', 'planted-by-someone-else');
    await client.signIn(email, PASSWORD);
    const issued = client.cookies.get('tillit_session');
    expect(issued).toBeDefined();
    expect(issued).not.toBe('planted-by-someone-else');
  });

  it('changes the password, keeps this browser signed in and ends other sessions', async () => {
    const { email, client, csrfToken } = await signedIn();
    const other = new CookieClient(testApp.app);
    await other.signIn(email, PASSWORD);
    const before = client.cookies.get('tillit_session') ?? '';
    const { response } = await client.post('/admin/account/password', {
      _csrf: csrfToken,
      currentPassword: PASSWORD,
      newPassword: 'an entirely new passphrase',
      confirmPassword: 'an entirely new passphrase',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/account/password?changed=1');
    expect(client.cookies.get('tillit_session')).not.toBe(before);
    const confirmation = await client.get('/admin/account/password?changed=1');
    expect(confirmation.response.status).toBe(200);
    expect(confirmation.text).toContain('Your password has been changed');
    expect((await other.get('/admin')).response.status).toBe(303);
    expect(await testApp.repository.findSessionWithUser(hashSessionToken(before))).toBeUndefined();
  });

  it('shows form problems with status 400 and changes nothing', async () => {
    const { email, client, csrfToken } = await signedIn();
    const mismatch = await client.post('/admin/account/password', {
      _csrf: csrfToken,
      currentPassword: PASSWORD,
      newPassword: 'short',
      confirmPassword: 'different',
    });
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.text).toContain('The new password must be at least 12 characters.');
    expect(mismatch.text).toContain('The two new passwords are not the same.');
    expect(mismatch.text).toContain('aria-describedby="newPassword-hint newPassword-error"');
    const wrongCurrent = await client.post('/admin/account/password', {
      _csrf: csrfToken,
      currentPassword: 'not my password',
      newPassword: 'a perfectly fine one',
      confirmPassword: 'a perfectly fine one',
    });
    expect(wrongCurrent.response.status).toBe(400);
    expect(wrongCurrent.text).toContain('The current password is not correct.');
    await expect(testApp.signIn.withPassword({ email, password: PASSWORD })).resolves.toBeDefined();
  });
});

describe('signing in with a one-time password', () => {
  /** An administrator whose password is a generated one-time password, signed in with it. */
  async function signedInWithOneTimePassword() {
    counter += 1;
    const email = `one-time${counter}@example.test`;
    const oneTime = 'Gk7pQ2mZx9RtVb4NhWc3';
    await testApp.staff.createAccount(
      { email, name: 'New', role: 'admin', password: oneTime, isPasswordTemporary: true },
      undefined,
    );
    const client = new CookieClient(testApp.app);
    const { response } = await client.signIn(email, oneTime, '/admin/entries');
    expect(response.status).toBe(303);
    return { email, client, oneTime };
  }

  it('leads to the choose-a-new-password page before any other page, and refuses other changes', async () => {
    const { client } = await signedInWithOneTimePassword();
    for (const path of ['/admin', '/admin/entries', '/admin/users', '/admin/account/two-factor', '/admin/audit']) {
      const response = await client.request(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/admin/account/password');
    }
    const page = await client.get('/admin/account/password');
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('<h1>Choose a new password</h1>');
    expect(page.text).toContain('You signed in with a one-time password.');
    const usersBefore = (await testApp.staff.listAccounts()).length;
    const refused = await client.post('/admin/users', {
      _csrf: readHiddenField(page.text, '_csrf'),
      email: 'sneaky@example.test',
      name: 'Sneaky',
      role: 'admin',
    });
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('Choose a new password first');
    expect((await testApp.staff.listAccounts()).length).toBe(usersBefore);
  });

  it('refuses the one-time password itself as the new one, and a too short one', async () => {
    const { email, client, oneTime } = await signedInWithOneTimePassword();
    const csrf = readHiddenField((await client.get('/admin/account/password')).text, '_csrf');
    const same = await client.post('/admin/account/password', {
      _csrf: csrf,
      currentPassword: oneTime,
      newPassword: oneTime,
      confirmPassword: oneTime,
    });
    expect(same.response.status).toBe(400);
    expect(same.text).toContain('The new password must differ from the current one.');
    const short = await client.post('/admin/account/password', {
      _csrf: csrf,
      currentPassword: oneTime,
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(short.response.status).toBe(400);
    expect(short.text).toContain('The new password must be at least 12 characters.');
    expect((await client.request('/admin')).headers.get('location')).toBe('/admin/account/password');
    await expect(testApp.signIn.withPassword({ email, password: oneTime })).resolves.toBeDefined();
  });

  it('after the new password is chosen, audits it and lets the session go on everywhere', async () => {
    const { email, client, oneTime } = await signedInWithOneTimePassword();
    const csrf = readHiddenField((await client.get('/admin/account/password')).text, '_csrf');
    const changed = await client.post('/admin/account/password', {
      _csrf: csrf,
      currentPassword: oneTime,
      newPassword: 'my very own passphrase',
      confirmPassword: 'my very own passphrase',
    });
    expect(changed.response.status).toBe(303);
    expect(testApp.auditEvents.at(-1)).toMatchObject({
      action: 'auth.password_change',
      actor: { email },
      summary: 'one-time password replaced; 0 other session(s) ended',
    });
    expect((await client.request('/admin')).status).toBe(200);
    expect((await client.request('/admin/entries')).status).toBe(200);
    const again = new CookieClient(testApp.app);
    expect((await again.signIn(email, 'my very own passphrase')).response.status).toBe(303);
    expect((await again.request('/admin')).status).toBe(200);
    await expect(testApp.signIn.withPassword({ email, password: oneTime })).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('parseAdminNext', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin/entries?page=2', '/admin/entries?page=2'],
    ['/admin/../public', undefined],
    ['/administrator', undefined],
    ['//evil.test/admin', undefined],
    ['https://evil.test/admin', undefined],
    ['/\\evil.test', undefined],
    ['admin', undefined],
    [undefined, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(parseAdminNext(input)).toBe(expected);
  });
});
