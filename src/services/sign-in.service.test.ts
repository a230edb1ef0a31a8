import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/app-error.js';
import { createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import { useMigratedTestDatabase } from '../../test/migrated-database.js';
import { createStaffServices, createTestAccount } from '../../test/staff-services.js';
import {
  ACCOUNT_FAILURE_LIMIT,
  hashSessionToken,
  IP_FAILURE_LIMIT,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SignInThrottledError,
} from './sign-in.service.js';

const database = useMigratedTestDatabase();

const PASSWORD = 'correct horse battery';
const rejection = catchAppError;
// Numbers the accounts of this file, so that each test's sign-ins come from addresses of its own.
let userCounter = 0;

/** The services with their own clock and audit log, and a fresh account in the shared database. */
async function setUp() {
  userCounter += 1;
  const clock: TestClock = createTestClock();
  const services = createStaffServices(database.handle.db, () => clock.now());
  const { email, user } = await createTestAccount(services, PASSWORD);
  return { ...services, clock, email, user };
}

describe('sign-in', () => {
  it('opens a session whose token is stored only as its SHA-256', async () => {
    const { signIn, repository, email, events } = await setUp();
    const grant = await signIn.withPassword({ email: email.toUpperCase(), password: PASSWORD, ip: '192.0.2.1' });
    expect(grant.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(grant.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(grant.actor.email).toBe(email);
    expect(await repository.findSessionWithUser(grant.token)).toBeUndefined();
    expect((await repository.findSessionWithUser(hashSessionToken(grant.token)))?.session.userId).toBe(
      grant.actor.userId,
    );
    const session = await signIn.authenticate(grant.token);
    expect(session?.actor).toEqual(grant.actor);
    expect(events.map((event) => event.action)).toEqual(['auth.sign_in']);
  });

  it('keeps no CSRF token in the database: each session derives its own from the token only the client holds', async () => {
    const { signIn, email, user } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    const other = await signIn.withPassword({ email, password: PASSWORD });
    const rows = await database.handle.db
      .selectFrom('staff_session')
      .selectAll()
      .where('user_id', '=', user.userId)
      .execute();
    expect(rows).toHaveLength(2);
    const stored = rows.flatMap((row) => Object.values(row).map(String));
    expect(stored).not.toContain(grant.csrfToken);
    expect(stored).not.toContain(other.csrfToken);
    expect(stored.some((value) => value.includes(grant.csrfToken) || value.includes(grant.token))).toBe(false);
    expect((await signIn.authenticate(grant.token))?.csrfToken).toBe(grant.csrfToken);
    expect((await signIn.authenticate(other.token))?.csrfToken).toBe(other.csrfToken);
    expect(other.csrfToken).not.toBe(grant.csrfToken);
    expect(grant.csrfToken).not.toBe(grant.token);
  });

  it('refuses a wrong password and an unknown account with the same error, and audits both', async () => {
    const { signIn, email, events } = await setUp();
    const wrong = await rejection(signIn.withPassword({ email, password: 'not the password at all' }));
    const unknown = await rejection(
      signIn.withPassword({ email: `nobody-${Date.now()}@example.test`, password: PASSWORD }),
    );
    expect(wrong.code).toBe('unauthorized');
    expect(unknown.code).toBe('unauthorized');
    expect(unknown.message).toBe(wrong.message);
    expect(events.map((event) => [event.action, event.summary])).toEqual([
      ['auth.sign_in_failure', 'wrong password'],
      ['auth.sign_in_failure', 'unknown account'],
    ]);
  });

  it('locks an account for 15 minutes after 5 failures, even for the right password', async () => {
    const { signIn, email, clock } = await setUp();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await rejection(signIn.withPassword({ email, password: `wrong password ${attempt}` }))).code).toBe(
        'unauthorized',
      );
    }
    const fifth = await rejection(signIn.withPassword({ email, password: 'wrong password 5' }));
    expect(fifth.code).toBe('rate_limited');
    expect(fifth.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    clock.advance(10 * 60_000);
    const locked = await rejection(signIn.withPassword({ email, password: PASSWORD }));
    expect(locked).toBeInstanceOf(SignInThrottledError);
    expect(locked.message).toBe('Too many failed sign-ins. Try again in 5 minutes.');
    clock.advance(5 * 60_000);
    await expect(signIn.withPassword({ email, password: PASSWORD })).resolves.toMatchObject({ actor: { email } });
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    const { signIn, email } = await setUp();
    for (let attempt = 1; attempt <= 4; attempt++)
      await rejection(signIn.withPassword({ email, password: 'wrong password!' }));
    await signIn.withPassword({ email, password: PASSWORD });
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await rejection(signIn.withPassword({ email, password: 'wrong password!' }))).code).toBe('unauthorized');
    }
  });

  it('starts counting afresh once the 15-minute window has passed', async () => {
    const { signIn, email, clock } = await setUp();
    for (let attempt = 1; attempt <= 4; attempt++)
      await rejection(signIn.withPassword({ email, password: 'wrong password!' }));
    clock.advance(16 * 60_000);
    expect((await rejection(signIn.withPassword({ email, password: 'wrong password!' }))).code).toBe('unauthorized');
  });

  it('locks an IP address after 20 failures across accounts, and only that address', async () => {
    const { signIn, email } = await setUp();
    const ip = `198.51.100.${userCounter % 250}`;
    for (let attempt = 1; attempt <= 19; attempt++) {
      const target = `spray-${attempt % 5}-${userCounter}@example.test`;
      expect((await rejection(signIn.withPassword({ email: target, password: 'guess guess guess', ip }))).code).toBe(
        'unauthorized',
      );
    }
    const twentieth = await rejection(
      signIn.withPassword({ email: `spray-last-${userCounter}@example.test`, password: 'guess', ip }),
    );
    expect(twentieth.code).toBe('rate_limited');
    expect(twentieth.message).toContain('Try again in 15 minutes');
    expect((await rejection(signIn.withPassword({ email, password: PASSWORD, ip }))).code).toBe('rate_limited');
    await expect(signIn.withPassword({ email, password: PASSWORD, ip: '203.0.113.7' })).resolves.toMatchObject({
      actor: { email },
    });
  });
});

describe('sign-in throttling under parallel requests', () => {
  it('counts every one of 20 parallel failures and checks only as many passwords as the limit allows', async () => {
    const { signIn, repository, email, events } = await setUp();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) =>
        rejection(signIn.withPassword({ email, password: `wrong guess ${attempt}` })),
      ),
    );
    expect((await repository.findThrottle(`account:${email}`))?.failures).toBe(20);
    const codes = results.map((error) => error.code);
    expect(codes.filter((code) => code === 'unauthorized')).toHaveLength(ACCOUNT_FAILURE_LIMIT - 1);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(20 - (ACCOUNT_FAILURE_LIMIT - 1));
    // A password was checked exactly ACCOUNT_FAILURE_LIMIT times; every other attempt was refused unchecked.
    const summaries = events.map((event) => event.summary);
    expect(summaries.filter((summary) => summary === 'wrong password')).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    expect(summaries.filter((summary) => summary?.startsWith('refused:'))).toHaveLength(20 - ACCOUNT_FAILURE_LIMIT);
    // The lock holds afterwards, even for the right password.
    expect((await rejection(signIn.withPassword({ email, password: PASSWORD }))).code).toBe('rate_limited');
  });

  it('counts parallel failures from one IP address exactly, across accounts', async () => {
    const { signIn, repository } = await setUp();
    const ip = `192.0.2.${userCounter % 250}`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, attempt) =>
        rejection(
          signIn.withPassword({ email: `burst-${attempt}-${userCounter}@example.test`, password: 'guess', ip }),
        ),
      ),
    );
    expect((await repository.findThrottle(`ip:${ip}`))?.failures).toBe(30);
    expect(results.filter((error) => error.code === 'unauthorized')).toHaveLength(IP_FAILURE_LIMIT - 1);
  });

  it('does not count a successful sign-in against the IP address', async () => {
    const { signIn, repository, email } = await setUp();
    const ip = `192.0.2.${(userCounter % 250) + 1}`;
    await rejection(signIn.withPassword({ email, password: 'wrong password!', ip }));
    await signIn.withPassword({ email, password: PASSWORD, ip });
    expect((await repository.findThrottle(`ip:${ip}`))?.failures).toBe(1);
    expect(await repository.findThrottle(`account:${email}`)).toBeUndefined();
  });
});

describe('sessions', () => {
  it('rotates on sign-in: the token presented at sign-in stops working', async () => {
    const { signIn, email } = await setUp();
    const first = await signIn.withPassword({ email, password: PASSWORD });
    const second = await signIn.withPassword({ email, password: PASSWORD, presentedToken: first.token });
    expect(second.token).not.toBe(first.token);
    expect(await signIn.authenticate(first.token)).toBeUndefined();
    expect(await signIn.authenticate(second.token)).toBeDefined();
  });

  it('never adopts a token planted before sign-in (session fixation)', async () => {
    const { signIn, email } = await setUp();
    const attacker = await setUp();
    // The attacker's own valid session, planted in the victim's browser.
    const planted = await attacker.signIn.withPassword({ email: attacker.email, password: PASSWORD });
    const victim = await signIn.withPassword({ email, password: PASSWORD, presentedToken: planted.token });
    expect(victim.token).not.toBe(planted.token);
    expect(await signIn.authenticate(planted.token)).toBeUndefined();
    expect((await signIn.authenticate(victim.token))?.actor.email).toBe(email);
    // A made-up token is not turned into a session either.
    const made = 'a'.repeat(43);
    const again = await signIn.withPassword({ email, password: PASSWORD, presentedToken: made });
    expect(again.token).not.toBe(made);
    expect(await signIn.authenticate(made)).toBeUndefined();
  });

  it('ends after 30 idle minutes, sliding forward with use', async () => {
    const { signIn, email, clock } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(await signIn.authenticate(grant.token)).toBeDefined();
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(await signIn.authenticate(grant.token)).toBeDefined();
    clock.advance(SESSION_IDLE_MS);
    expect(await signIn.authenticate(grant.token)).toBeUndefined();
  });

  it('writes last_seen_at at most once a minute', async () => {
    const { signIn, repository, email, clock } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    const lastSeen = async () =>
      (await repository.findSessionWithUser(hashSessionToken(grant.token)))?.session.lastSeenAt;
    const signedInAt = await lastSeen();
    clock.advance(30_000);
    await signIn.authenticate(grant.token);
    expect(await lastSeen()).toBe(signedInAt);
    clock.advance(31_000);
    await signIn.authenticate(grant.token);
    expect(await lastSeen()).toBe(clock.now().toISOString());
  });

  it('ends 12 hours after sign-in however active', async () => {
    const { signIn, email, clock } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    for (let elapsed = 0; elapsed + 20 * 60_000 < SESSION_ABSOLUTE_MS; elapsed += 20 * 60_000) {
      clock.advance(20 * 60_000);
      expect(await signIn.authenticate(grant.token)).toBeDefined();
    }
    clock.advance(20 * 60_000);
    expect(await signIn.authenticate(grant.token)).toBeUndefined();
  });

  it('revokes the session on sign-out', async () => {
    const { signIn, email, events } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    await signIn.signOut(grant.token, grant.actor);
    expect(await signIn.authenticate(grant.token)).toBeUndefined();
    expect(events.map((event) => event.action)).toEqual(['auth.sign_in', 'auth.sign_out']);
  });

  it('ends every other session on a password change and hands the caller a fresh one', async () => {
    const { signIn, repository, email, user, events } = await setUp();
    const laptop = await signIn.withPassword({ email, password: PASSWORD });
    const phone = await signIn.withPassword({ email, password: PASSWORD });
    const fresh = await signIn.changePassword(laptop.actor, {
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(await signIn.authenticate(phone.token)).toBeUndefined();
    expect(await signIn.authenticate(laptop.token)).toBeUndefined();
    expect(await signIn.authenticate(fresh.token)).toBeDefined();
    expect(await repository.countSessionsOfUser(user.userId)).toBe(1);
    expect((await rejection(signIn.withPassword({ email, password: PASSWORD }))).code).toBe('unauthorized');
    await signIn.withPassword({ email, password: 'a brand new passphrase' });
    expect(events.map((event) => event.action)).toContain('auth.password_change');
  });

  it('changes nothing when the current password is wrong', async () => {
    const { signIn, email } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    const error = await rejection(
      signIn.changePassword(grant.actor, {
        currentPassword: 'not my password',
        newPassword: 'another long passphrase',
      }),
    );
    expect(error.code).toBe('unauthorized');
    expect(await signIn.authenticate(grant.token)).toBeDefined();
    await signIn.withPassword({ email, password: PASSWORD });
  });

  it('ends all sessions when an administrator sets the password', async () => {
    const { signIn, staff, email, user } = await setUp();
    const grant = await signIn.withPassword({ email, password: PASSWORD });
    expect((await signIn.authenticate(grant.token))?.mustChangePassword).toBe(false);
    await staff.resetPassword(user.userId, 'set by an administrator', undefined);
    expect(await signIn.authenticate(grant.token)).toBeUndefined();
  });

  it('makes a password an administrator set temporary: its sessions must choose a new one, once', async () => {
    const { signIn, staff, email, user, events } = await setUp();
    await staff.resetPassword(user.userId, 'set by an administrator', undefined);
    const grant = await signIn.withPassword({ email, password: 'set by an administrator' });
    expect((await signIn.authenticate(grant.token))?.mustChangePassword).toBe(true);
    const same = await rejection(
      signIn.changePassword(grant.actor, {
        currentPassword: 'set by an administrator',
        newPassword: 'set by an administrator',
      }),
    );
    expect(same.code).toBe('invalid_input');
    expect(same.problems).toEqual([
      { source: 'form', field: 'newPassword', message: 'must differ from the current password' },
    ]);
    expect((await signIn.authenticate(grant.token))?.mustChangePassword).toBe(true);
    events.length = 0;
    const renewed = await signIn.changePassword(grant.actor, {
      currentPassword: 'set by an administrator',
      newPassword: 'chosen by the person',
    });
    expect((await signIn.authenticate(renewed.token))?.mustChangePassword).toBe(false);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'auth.password_change',
        summary: 'one-time password replaced; 0 other session(s) ended',
      }),
    ]);
    const again = await signIn.withPassword({ email, password: 'chosen by the person' });
    expect((await signIn.authenticate(again.token))?.mustChangePassword).toBe(false);
  });
});

describe('sign-in with a verified e-mail address (OpenID Connect)', () => {
  it('opens a session for the account in any letter case, without password or second factor, and audits it', async () => {
    const { signIn, events, email, user } = await setUp();
    const grant = await signIn.withVerifiedEmail(`  ${email.toUpperCase()} `, { ip: '192.0.2.80' });
    expect(grant.actor.userId).toBe(user.userId);
    expect((await signIn.authenticate(grant.token))?.actor.email).toBe(email);
    expect(events).toEqual([
      {
        actor: grant.actor,
        action: 'auth.sign_in',
        targetType: 'staff_user',
        targetId: String(user.userId),
        ip: '192.0.2.80',
        summary: 'signed in with OpenID Connect',
      },
    ]);
  });

  it('refuses an unknown account and a disabled one as unauthorized, and audits both', async () => {
    const { signIn, events, email, user } = await setUp();
    const unknown = await rejection(signIn.withVerifiedEmail('nobody@example.test'));
    expect(unknown.code).toBe('unauthorized');
    expect(unknown.message).toBe('No active Tillit account uses the e-mail address nobody@example.test.');
    await database.handle.db
      .updateTable('staff_user')
      .set({ disabled_at: '2026-11-27T09:00:00Z' })
      .where('id', '=', user.userId)
      .execute();
    expect((await rejection(signIn.withVerifiedEmail(email))).code).toBe('unauthorized');
    expect(events.map((event) => [event.action, event.summary])).toEqual([
      ['auth.sign_in_failure', 'OpenID Connect refused: unknown account'],
      ['auth.sign_in_failure', 'OpenID Connect refused: account disabled'],
    ]);
  });

  it('respects a lock that password guessing set on the account', async () => {
    const { signIn, clock, email } = await setUp();
    for (let attempt = 0; attempt < 5; attempt++)
      await rejection(signIn.withPassword({ email, password: 'wrong password!' }));
    expect(await rejection(signIn.withVerifiedEmail(email))).toBeInstanceOf(SignInThrottledError);
    clock.advance(15 * 60_000);
    expect((await signIn.withVerifiedEmail(email)).actor.email).toBe(email);
  });

  it('ends a session presented at sign-in (session fixation)', async () => {
    const { signIn, email } = await setUp();
    const planted = await signIn.withPassword({ email, password: PASSWORD });
    await signIn.withVerifiedEmail(email, { presentedToken: planted.token });
    expect(await signIn.authenticate(planted.token)).toBeUndefined();
  });
});
