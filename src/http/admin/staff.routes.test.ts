import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import type { Role } from '../../domain/staff.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
let counter = 0;

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
});
afterAll(async () => {
  await testApp.close();
});

/** A fresh account of a role, signed in, with its id and the CSRF token of its session. */
async function signedIn(role: Role) {
  const email = `account${++counter}@example.test`;
  const { userId } = await testApp.createUser(email, PASSWORD, role);
  return { email, userId, ...(await testApp.signInClient(email, PASSWORD)) };
}

/** An account of a role that is not signed in. */
async function account(role: Role) {
  const email = `account${++counter}@example.test`;
  const { userId } = await testApp.createUser(email, PASSWORD, role);
  return { email, userId };
}

async function storedUser(userId: number) {
  const user = await testApp.repository.findUserById(userId);
  if (!user) throw new Error(`no user ${userId}`);
  return user;
}

/** Sends every other active administrator's account to viewer, so `keep` is the only one left. */
async function leaveOnlyAdmin(keepUserId: number) {
  for (const user of await testApp.staff.listAccounts()) {
    if (user.id !== keepUserId && user.role === 'admin' && user.disabledAt === null) {
      await testApp.staff.changeRole(user.id, 'viewer', undefined);
    }
  }
}

describe('the account page', () => {
  it('shows the account with labelled role and disable forms carrying the CSRF token', async () => {
    const admin = await signedIn('admin');
    const target = await account('editor');
    const { response, text } = await admin.client.get(`/admin/users/${target.userId}`);
    expect(response.status).toBe(200);
    expect(text).toContain(`<h1>${target.email.split('@')[0]}</h1>`);
    expect(text).toContain(`<form method="post" action="/admin/users/${target.userId}/role"`);
    expect(text).toContain(`<form method="post" action="/admin/users/${target.userId}/disable">`);
    expect(text).toMatch(/<input id="role-editor" name="role" type="radio" value="editor" checked=""/);
    expect(text).toContain('<label for="role-editor">');
    for (const action of ['role', 'disable']) {
      const form = new RegExp(
        `<form method="post" action="/admin/users/${target.userId}/${action}"[\\s\\S]*?</form>`,
      ).exec(text);
      expect(form?.[0]).toContain(`<input type="hidden" name="_csrf" value="${admin.csrfToken}"/>`);
    }
  });

  it("offers no role or disable form on the administrator's own account", async () => {
    const admin = await signedIn('admin');
    const { text } = await admin.client.get(`/admin/users/${admin.userId}`);
    expect(text).toContain('This is your own account.');
    expect(text).not.toContain(`/admin/users/${admin.userId}/disable`);
    expect(text).not.toContain(`/admin/users/${admin.userId}/role`);
  });

  it('answers 404 for an id no account has, or one that is not an id', async () => {
    const admin = await signedIn('admin');
    expect((await admin.client.get('/admin/users/999999')).response.status).toBe(404);
    expect((await admin.client.get('/admin/users/0')).response.status).toBe(404);
    expect((await admin.client.get('/admin/users/1e3')).response.status).toBe(404);
    for (const action of ['role', 'disable', 'enable']) {
      const { response } = await admin.client.post(`/admin/users/999999/${action}`, {
        _csrf: admin.csrfToken,
        role: 'viewer',
      });
      expect(response.status).toBe(404);
    }
  });
});

describe('changing a role', () => {
  it('takes effect on the next request: an editor demoted to viewer can no longer edit', async () => {
    const admin = await signedIn('admin');
    const editor = await signedIn('editor');
    expect((await editor.client.get('/admin/entries/new')).response.status).toBe(200);

    const { response } = await admin.client.post(`/admin/users/${editor.userId}/role`, {
      _csrf: admin.csrfToken,
      role: 'viewer',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/users/${editor.userId}?done=role`);
    expect((await storedUser(editor.userId)).role).toBe('viewer');

    // The same session, not a new sign-in.
    expect((await editor.client.get('/admin/entries/new')).response.status).toBe(403);
    expect((await editor.client.get('/admin')).response.status).toBe(200);

    expect(testApp.auditEvents.at(-1)).toMatchObject({
      action: 'user.role_change',
      actor: { email: admin.email },
      targetType: 'staff_user',
      targetId: String(editor.userId),
      summary: `role of ${editor.email} changed from editor to viewer`,
    });
    const page = await admin.client.get(`/admin/users/${editor.userId}?done=role`);
    expect(page.text).toContain('The role has been changed.');
  });

  it('refuses a role that does not exist (400) and changes nothing', async () => {
    const admin = await signedIn('admin');
    const target = await account('viewer');
    const events = testApp.auditEvents.length;
    const { response, text } = await admin.client.post(`/admin/users/${target.userId}/role`, {
      _csrf: admin.csrfToken,
      role: 'owner',
    });
    expect(response.status).toBe(400);
    expect(text).toContain('<a href="#role">Choose a role.</a>');
    expect((await storedUser(target.userId)).role).toBe('viewer');
    expect(testApp.auditEvents.length).toBe(events);
  });

  it('records nothing when the account already has the role', async () => {
    const admin = await signedIn('admin');
    const target = await account('editor');
    const events = testApp.auditEvents.length;
    const { response } = await admin.client.post(`/admin/users/${target.userId}/role`, {
      _csrf: admin.csrfToken,
      role: 'editor',
    });
    expect(response.headers.get('location')).toBe(`/admin/users/${target.userId}?done=unchanged`);
    expect(testApp.auditEvents.length).toBe(events);
  });

  it('refuses an administrator removing their own administrator role, and changes nothing', async () => {
    const admin = await signedIn('admin');
    await account('admin'); // so the last-admin rule is not what refuses it
    const events = testApp.auditEvents.length;
    const { response, text } = await admin.client.post(`/admin/users/${admin.userId}/role`, {
      _csrf: admin.csrfToken,
      role: 'editor',
    });
    expect(response.status).toBe(409);
    expect(text).toContain('You cannot remove your own administrator role. Ask another administrator to do it.');
    expect((await storedUser(admin.userId)).role).toBe('admin');
    expect(testApp.auditEvents.length).toBe(events);
    expect((await admin.client.get('/admin/users')).response.status).toBe(200);
  });

  it('lets a disabled administrator be demoted: they do not count as an active administrator', async () => {
    const admin = await signedIn('admin');
    const gone = await account('admin');
    await testApp.staff.disableAccount(gone.userId, undefined);
    const { response } = await admin.client.post(`/admin/users/${gone.userId}/role`, {
      _csrf: admin.csrfToken,
      role: 'viewer',
    });
    expect(response.status).toBe(303);
    expect(await storedUser(gone.userId)).toMatchObject({ role: 'viewer' });
  });
});

describe('disabling and re-enabling an account', () => {
  it('ends every session at once, blocks password sign-in, and re-enabling lets them back in', async () => {
    const admin = await signedIn('admin');
    const editor = await signedIn('editor');
    const second = new CookieClient(testApp.app);
    expect((await second.signIn(editor.email, PASSWORD)).response.status).toBe(303);
    expect(await testApp.repository.countSessionsOfUser(editor.userId)).toBe(2);

    const { response } = await admin.client.post(`/admin/users/${editor.userId}/disable`, {
      _csrf: admin.csrfToken,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/users/${editor.userId}?done=disabled`);
    expect(await testApp.repository.countSessionsOfUser(editor.userId)).toBe(0);
    const stored = await storedUser(editor.userId);
    expect(stored.disabledAt).not.toBeNull();
    expect(stored.disabledBy).toBe(admin.email);

    const next = await editor.client.get('/admin/entries');
    expect(next.response.status).toBe(303);
    expect(next.response.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fentries');
    expect((await second.get('/admin')).response.status).toBe(303);

    // Refused with the same message as a wrong password, so the form does not reveal the account is disabled.
    const fresh = new CookieClient(testApp.app);
    const signIn = await fresh.signIn(editor.email, PASSWORD);
    expect(signIn.response.status).toBe(401);
    expect(signIn.text).toContain('The email address, password or authentication code is not correct.');
    expect(testApp.auditEvents.at(-1)).toMatchObject({
      action: 'auth.sign_in_failure',
      summary: 'account disabled',
    });

    const disableEvent = testApp.auditEvents.findLast((event) => event.action === 'user.disable');
    expect(disableEvent).toMatchObject({
      actor: { email: admin.email },
      targetType: 'staff_user',
      targetId: String(editor.userId),
      summary: `disabled ${editor.email} (editor); 2 session(s) ended`,
    });

    const list = await admin.client.get('/admin/users');
    const row = /<tr>((?:(?!<\/tr>)[\s\S])*?<\/tr>)/g;
    const editorRow = [...list.text.matchAll(row)]
      .map((match) => match[1])
      .find((html) => html?.includes(editor.email));
    expect(editorRow).toContain('<strong>Disabled</strong>');
    const page = await admin.client.get(`/admin/users/${editor.userId}?done=disabled`);
    expect(page.text).toContain('The account has been disabled and all its sessions have ended.');
    expect(page.text).toContain(`by ${admin.email}.`);
    expect(page.text).toContain(`action="/admin/users/${editor.userId}/enable"`);

    const enable = await admin.client.post(`/admin/users/${editor.userId}/enable`, { _csrf: admin.csrfToken });
    expect(enable.response.status).toBe(303);
    expect(enable.response.headers.get('location')).toBe(`/admin/users/${editor.userId}?done=enabled`);
    expect(await storedUser(editor.userId)).toMatchObject({ disabledAt: null, disabledBy: null });
    expect(testApp.auditEvents.at(-1)).toMatchObject({
      action: 'user.enable',
      actor: { email: admin.email },
      targetId: String(editor.userId),
      summary: `re-enabled ${editor.email} (editor)`,
    });
    const back = new CookieClient(testApp.app);
    expect((await back.signIn(editor.email, PASSWORD)).response.status).toBe(303);
    expect((await back.get('/admin/entries/new')).response.status).toBe(200);
  });

  it('refuses an administrator disabling themself, and changes nothing', async () => {
    const admin = await signedIn('admin');
    await account('admin');
    const events = testApp.auditEvents.length;
    const { response, text } = await admin.client.post(`/admin/users/${admin.userId}/disable`, {
      _csrf: admin.csrfToken,
    });
    expect(response.status).toBe(409);
    expect(text).toContain('You cannot disable your own account. Ask another administrator to do it.');
    expect((await storedUser(admin.userId)).disabledAt).toBeNull();
    expect(testApp.auditEvents.length).toBe(events);
    expect((await admin.client.get('/admin')).response.status).toBe(200);
  });

  it('never disables or demotes the last active administrator, whoever asks, and changes nothing', async () => {
    const last = await signedIn('admin');
    await leaveOnlyAdmin(last.userId);
    // Over HTTP the self rule answers first; the command line has no actor, so the service must hold the line.
    const events = testApp.auditEvents.length;
    const refusedDisable = await testApp.staff.disableAccount(last.userId, undefined).catch((error: unknown) => error);
    expect(refusedDisable).toMatchObject({
      code: 'conflict',
      message: `${last.email} is the last active administrator and cannot be disabled. Make another account an administrator first.`,
    });
    const refusedRole = await testApp.staff
      .changeRole(last.userId, 'viewer', undefined)
      .catch((error: unknown) => error);
    expect(refusedRole).toMatchObject({
      code: 'conflict',
      message: `${last.email} is the last active administrator and cannot be demoted. Make another account an administrator first.`,
    });
    expect(await storedUser(last.userId)).toMatchObject({ role: 'admin', disabledAt: null });
    expect(await testApp.repository.countSessionsOfUser(last.userId)).toBe(1);
    expect(testApp.auditEvents.length).toBe(events);
    expect((await last.client.get('/admin/users')).response.status).toBe(200);
  });

  it('lets only one of two simultaneous demotions of the last two administrators through', async () => {
    const first = await account('admin');
    await leaveOnlyAdmin(first.userId);
    const second = await account('admin');
    // Warm the connection pool (PostgreSQL), so the two transactions really overlap instead of one waiting to connect.
    await Promise.all([1, 2, 3, 4].map(() => testApp.staff.listAccounts()));
    const results = await Promise.allSettled([
      testApp.staff.changeRole(first.userId, 'editor', undefined),
      testApp.staff.disableAccount(second.userId, undefined),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = (await testApp.staff.listAccounts()).filter(
      (user) => user.role === 'admin' && user.disabledAt === null,
    );
    expect(admins).toHaveLength(1);
  });
});

describe('who may change accounts', () => {
  it('refuses editors and viewers (403) and changes nothing', async () => {
    const target = await account('editor');
    for (const role of ['editor', 'viewer'] as const) {
      const person = await signedIn(role);
      expect((await person.client.get(`/admin/users/${target.userId}`)).response.status).toBe(403);
      const posts = [
        person.client.post(`/admin/users/${target.userId}/role`, { _csrf: person.csrfToken, role: 'admin' }),
        person.client.post(`/admin/users/${target.userId}/disable`, { _csrf: person.csrfToken }),
        person.client.post(`/admin/users/${person.userId}/role`, { _csrf: person.csrfToken, role: 'admin' }),
      ];
      for (const { response, text } of await Promise.all(posts)) {
        expect(response.status).toBe(403);
        expect(text).toContain('<h1>Not allowed</h1>');
      }
    }
    expect(await storedUser(target.userId)).toMatchObject({ role: 'editor', disabledAt: null });
  });

  it('rejects a post without the CSRF token, or with a wrong one, and changes nothing', async () => {
    const admin = await signedIn('admin');
    const target = await account('editor');
    const missing = await admin.client.post(`/admin/users/${target.userId}/disable`, {});
    expect(missing.response.status).toBe(403);
    expect(missing.text).toContain('<h1>The form has expired</h1>');
    const wrong = await admin.client.post(`/admin/users/${target.userId}/role`, { _csrf: 'forged', role: 'viewer' });
    expect(wrong.response.status).toBe(403);
    expect(await storedUser(target.userId)).toMatchObject({ role: 'editor', disabledAt: null });
  });
});
