import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CookieClient, readHiddenField } from '../../../test/create-admin-test-app.js';
import { createTestApp } from '../../../test/create-test-app.js';

const PASSWORD = 'correct horse battery staple';
let testApp: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  // The clock stands still one second into a 30-second code period, so a test never crosses into the next period
  // between using a code and asking whether it is spent (on a slow machine it did, and a fresh code signed in).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Math.floor(Date.now() / 30_000) * 30_000 + 1_000);
  testApp = await createTestApp({ content: 'minimal' });
  await testApp.container.staff.createAccount(
    { email: 'ada@example.test', name: 'Ada', role: 'editor', password: PASSWORD },
    undefined,
  );
  await testApp.container.staff.createAccount(
    { email: 'root@example.test', name: 'Root', role: 'admin', password: PASSWORD },
    undefined,
  );
});
afterEach(async () => {
  await testApp.close();
  vi.useRealTimers();
});

function currentCode(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

async function enrol(client: CookieClient) {
  const page = await client.get('/admin/account/two-factor');
  expect(page.response.status).toBe(200);
  expect(page.text).toContain('<svg');
  const secret = /<code>([A-Z2-7]{16,})<\/code>/.exec(page.text)?.[1];
  if (!secret) throw new Error('no secret on the enrolment page');
  const wrong = await client.post('/admin/account/two-factor', {
    _csrf: readHiddenField(page.text, '_csrf'),
    code: '000000',
  });
  expect(wrong.response.status).toBe(400);
  expect(wrong.text).toContain('That code is not correct');
  const confirmed = await client.post('/admin/account/two-factor', {
    _csrf: readHiddenField(wrong.text, '_csrf'),
    code: currentCode(secret),
  });
  expect(confirmed.response.status).toBe(200);
  const recoveryCodes = [...confirmed.text.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1] ?? '');
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

async function signInWithCode(email: string, code: string | undefined, password = PASSWORD) {
  const client = new CookieClient(testApp.app);
  const page = await client.get('/admin/sign-in');
  const fields: Record<string, string> = { _csrf: readHiddenField(page.text, '_csrf'), email, password };
  if (code !== undefined) fields.code = code;
  const result = await client.post('/admin/sign-in', fields);
  return { client, ...result };
}

describe('two-step sign-in (TOTP)', () => {
  it('enrols with a QR code, then requires the code at sign-in', async () => {
    const first = await signInWithCode('ada@example.test', undefined);
    expect(first.response.status).toBe(303);
    const { secret } = await enrol(first.client);

    const withoutCode = await signInWithCode('ada@example.test', undefined);
    expect(withoutCode.response.status).toBe(401);
    expect(withoutCode.text).toContain('The email address, password or authentication code is not correct.');
    const wrongCode = await signInWithCode('ada@example.test', '123456');
    expect(wrongCode.response.status).toBe(401);
    // The code that confirmed the set-up is spent; the next one (within the drift window) signs in, once.
    expect((await signInWithCode('ada@example.test', currentCode(secret))).response.status).toBe(401);
    const withCode = await signInWithCode('ada@example.test', currentCode(secret, 1));
    expect(withCode.response.status).toBe(303);
    expect(withCode.response.headers.get('location')).toBe('/admin');
    expect((await signInWithCode('ada@example.test', currentCode(secret, 1))).response.status).toBe(401);
  });

  it('answers a right password without a code, or with a wrong one, exactly as a wrong password', async () => {
    const first = await signInWithCode('ada@example.test', undefined);
    const { secret } = await enrol(first.client);
    // Only the per-response form token differs between two answers.
    const shape = (answer: { response: Response; text: string }) => ({
      status: answer.response.status,
      location: answer.response.headers.get('location'),
      page: answer.text.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""'),
    });
    const wrongPassword = shape(await signInWithCode('ada@example.test', undefined, 'not the password at all'));
    const wrongPasswordWithCode = shape(
      await signInWithCode('ada@example.test', currentCode(secret, 1), 'not the password at all'),
    );
    const missingCode = shape(await signInWithCode('ada@example.test', undefined));
    const wrongCode = shape(await signInWithCode('ada@example.test', '123456'));
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.page).toContain('The email address, password or authentication code is not correct.');
    expect(missingCode).toEqual(wrongPassword);
    expect(wrongCode).toEqual(wrongPassword);
    expect(wrongPasswordWithCode).toEqual(wrongPassword);
    // The right password with the right code still signs in.
    const signedIn = await signInWithCode('ada@example.test', currentCode(secret, 1));
    expect(signedIn.response.status).toBe(303);
    expect(signedIn.response.headers.get('location')).toBe('/admin');
  });

  it('accepts each recovery code exactly once', async () => {
    const first = await signInWithCode('ada@example.test', undefined);
    const { recoveryCodes } = await enrol(first.client);
    const code = recoveryCodes[0] ?? '';
    expect((await signInWithCode('ada@example.test', code.toUpperCase())).response.status).toBe(303);
    expect((await signInWithCode('ada@example.test', code)).response.status).toBe(401);
  });

  it('counts wrong codes towards the account lockout', async () => {
    const first = await signInWithCode('ada@example.test', undefined);
    await enrol(first.client);
    let last = 0;
    for (let attempt = 0; attempt < 5; attempt++)
      last = (await signInWithCode('ada@example.test', '999999')).response.status;
    expect(last).toBe(429);
  });

  it('when an admin makes it mandatory, sends accounts without it to the set-up page', async () => {
    await testApp.container.settings.setTwoFactorRequired(
      { actor: { userId: 2, email: 'root@example.test', name: 'Root', role: 'admin' } },
      true,
    );
    const { client } = await signInWithCode('ada@example.test', undefined);
    const dashboard = await client.request('/admin');
    expect(dashboard.status).toBe(303);
    expect(dashboard.headers.get('location')).toBe('/admin/account/two-factor');
    const setup = await client.get('/admin/account/two-factor');
    expect(setup.text).toContain('Your organisation requires two-step sign-in');
    await enrol(client);
    expect((await client.request('/admin')).status).toBe(200);
    const events = await testApp.container.audit.list({ action: 'setting.change' }, 1, 10);
    expect(events.items[0]?.summary).toBe('require_two_factor: false -> true');
  });

  it('refuses to turn off two-step sign-in on an account without it, changing and auditing nothing', async () => {
    const { client } = await signInWithCode('ada@example.test', undefined);
    const page = await client.get('/admin/account/two-factor');
    const refused = await client.post('/admin/account/two-factor/disable', {
      _csrf: readHiddenField(page.text, '_csrf'),
      code: '123456',
    });
    expect(refused.response.status).toBe(409);
    expect(refused.text).toContain('Two-step sign-in is not on for your account, so there is nothing to turn off.');
    const events = await testApp.container.audit.list({ action: 'auth.two_factor_disable' }, 1, 10);
    expect(events.total).toBe(0);
    expect(await testApp.container.twoFactor.isEnabled(1)).toBe(false);
  });

  it('when it is mandatory, still lets a one-time password be replaced first, then asks for the set-up', async () => {
    await testApp.container.settings.setTwoFactorRequired(
      { actor: { userId: 2, email: 'root@example.test', name: 'Root', role: 'admin' } },
      true,
    );
    const oneTime = 'Gk7pQ2mZx9RtVb4NhWc3';
    await testApp.container.staff.createAccount(
      { email: 'new@example.test', name: 'New', role: 'editor', password: oneTime, isPasswordTemporary: true },
      undefined,
    );
    const { client } = await signInWithCode('new@example.test', undefined, oneTime);
    expect((await client.request('/admin')).headers.get('location')).toBe('/admin/account/password');
    const page = await client.get('/admin/account/password');
    expect(page.response.status).toBe(200);
    const changed = await client.post('/admin/account/password', {
      _csrf: readHiddenField(page.text, '_csrf'),
      currentPassword: oneTime,
      newPassword: 'my very own passphrase',
      confirmPassword: 'my very own passphrase',
    });
    expect(changed.response.status).toBe(303);
    expect((await client.request('/admin')).headers.get('location')).toBe('/admin/account/two-factor');
  });

  it('turns off only with a valid code', async () => {
    const { client } = await signInWithCode('ada@example.test', undefined);
    const { secret } = await enrol(client);
    const page = await client.get('/admin/account/two-factor');
    const refused = await client.post('/admin/account/two-factor/disable', {
      _csrf: readHiddenField(page.text, '_csrf'),
      code: '111111',
    });
    expect(refused.response.status).toBe(400);
    const done = await client.post('/admin/account/two-factor/disable', {
      _csrf: readHiddenField(page.text, '_csrf'),
      code: currentCode(secret, 1),
    });
    expect(done.response.status).toBe(303);
    expect((await signInWithCode('ada@example.test', undefined)).response.status).toBe(303);
  });
});
