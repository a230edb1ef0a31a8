import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import type { Actor } from '../domain/staff.js';
import { TwoFactorRepository } from '../storage/two-factor.repository.js';
import { TwoFactorService } from './two-factor.service.js';

const PASSWORD = 'correct horse battery staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A container on a fresh database whose clock the test moves, and one account signed in as `actor`. */
async function setUp() {
  const database = await createTestDatabase();
  const clock: TestClock = createTestClock();
  const container: Container = createContainer({
    databaseUrl: database.url,
    now: () => clock.now(),
    listenForChanges: false,
  });
  cleanups.push(database.remove, () => container.close());
  await prepareDatabase(container, undefined);
  const actor: Actor = await container.staff.createAccount(
    { email: 'ada@example.test', name: 'Ada', role: 'editor', password: PASSWORD },
    undefined,
  );
  return { container, clock, actor };
}

/** The code an authenticator app shows for the test clock's time, `offsetSteps` 30-s steps away. */
function codeAt(secret: string, clock: TestClock, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: clock.now().getTime() + offsetSteps * 30_000 });
}

async function enrol(container: Container, clock: TestClock, actor: Actor): Promise<string> {
  const { secret } = await container.twoFactor.beginEnrolment(actor);
  await container.twoFactor.confirmEnrolment(actor, codeAt(secret, clock));
  return secret;
}

async function signIn(container: Container, code: string | undefined): Promise<'signed in' | string> {
  return container.signIn.withPassword({ email: 'ada@example.test', password: PASSWORD, code }).then(
    () => 'signed in',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe('TOTP codes are used once', () => {
  it('refuses at sign-in the code that confirmed the set-up, and any code used before', async () => {
    const { container, clock, actor } = await setUp();
    const secret = await enrol(container, clock, actor);
    const enrolmentCode = codeAt(secret, clock);

    expect(await signIn(container, enrolmentCode)).not.toBe('signed in');
    // The next step's code is within the drift window and later than the last one used.
    const nextCode = codeAt(secret, clock, 1);
    expect(await signIn(container, nextCode)).toBe('signed in');
    expect(await signIn(container, nextCode)).not.toBe('signed in');
    // Thirty seconds later the clock has caught up: the code used early is still spent.
    clock.advance(30_000);
    expect(await signIn(container, codeAt(secret, clock))).not.toBe('signed in');
    expect(await signIn(container, codeAt(secret, clock, 1))).toBe('signed in');
  });

  it('accepts the previous step for clock drift only when it is later than the last step used', async () => {
    const { container, clock, actor } = await setUp();
    const secret = await enrol(container, clock, actor);
    clock.advance(10 * 60_000);
    expect(await signIn(container, codeAt(secret, clock, -1))).toBe('signed in');
    expect(await signIn(container, codeAt(secret, clock))).toBe('signed in');
    // The previous step is now older than the last step used.
    clock.advance(30_000);
    expect(await signIn(container, codeAt(secret, clock, -2))).not.toBe('signed in');
    expect(await signIn(container, codeAt(secret, clock, -1))).not.toBe('signed in');
    expect(await signIn(container, codeAt(secret, clock, -3))).not.toBe('signed in');
  });

  it('remembers the last step in the database, so another process refuses a used code too', async () => {
    const { container, clock, actor } = await setUp();
    const secret = await enrol(container, clock, actor);
    clock.advance(60_000);
    const code = codeAt(secret, clock);
    expect(await container.twoFactor.verify(actor.userId, actor.email, code)).toBe(true);
    const otherProcess = new TwoFactorService(new TwoFactorRepository(container.database.db), container.audit, () =>
      clock.now(),
    );
    expect(await otherProcess.verify(actor.userId, actor.email, code)).toBe(false);
    expect(await container.twoFactor.verify(actor.userId, actor.email, code)).toBe(false);
  });

  it('refuses to turn it off with a code already used, and keeps it on', async () => {
    const { container, clock, actor } = await setUp();
    const secret = await enrol(container, clock, actor);
    const used = codeAt(secret, clock);
    await expect(container.twoFactor.disable(actor, used)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await container.twoFactor.isEnabled(actor.userId)).toBe(true);
    await container.twoFactor.disable(actor, codeAt(secret, clock, 1));
    expect(await container.twoFactor.isEnabled(actor.userId)).toBe(false);
  });
});

describe('turning two-step sign-in off', () => {
  it('refuses when it is not on, with a clear error, no audit event and nothing changed', async () => {
    const { container, clock, actor } = await setUp();
    const { secret } = await container.twoFactor.beginEnrolment(actor);
    const before = await new TwoFactorRepository(container.database.db).find(actor.userId);

    await expect(container.twoFactor.disable(actor, codeAt(secret, clock))).rejects.toMatchObject({
      code: 'conflict',
      message: 'Two-step sign-in is not on for this account.',
    });
    await expect(container.twoFactor.disable(actor, '123456')).rejects.toMatchObject({ code: 'conflict' });
    expect(await new TwoFactorRepository(container.database.db).find(actor.userId)).toEqual(before);
    const events = await container.audit.list({ action: 'auth.two_factor_disable' }, 1, 10);
    expect(events.total).toBe(0);
    // The set-up that was under way can still be finished with the code the app shows.
    expect(await container.twoFactor.confirmEnrolment(actor, codeAt(secret, clock))).toHaveLength(10);
  });
});
