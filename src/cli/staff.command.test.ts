import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { AppError } from '../domain/errors.js';
import { generatePassword } from '../services/credentials.js';
import { SignInService } from '../services/sign-in.service.js';
import { StaffRepository } from '../storage/staff.repository.js';
import { runStaff } from './staff.command.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function createWorkspace() {
  const database = await createTestDatabase();
  const container = createContainer({ databaseUrl: database.url, listenForChanges: false });
  cleanups.push(database.remove, () => container.close());
  return container;
}

async function run(container: Container, args: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const caught = await runStaff(container, args, { out: (l) => out.push(l), error: (l) => error.push(l) }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { out: out.join('\n'), caught };
}

describe('tillit user add', () => {
  it('creates an account and prints a 20-character one-time password that signs in', async () => {
    const container = await createWorkspace();
    const { out, caught } = await run(container, [
      'add',
      '--email',
      'Ada@Example.test',
      '--name',
      'Ada Lovelace',
      '--role',
      'admin',
    ]);
    expect(caught).toBeUndefined();
    expect(out).toContain('Created admin ada@example.test (Ada Lovelace).');
    const password = /One-time password[^:]*: (\S+)$/m.exec(out)?.[1] ?? '';
    expect(password).toHaveLength(20);
    const signIn = new SignInService(new StaffRepository(container.database.db), async () => {});
    const grant = await signIn.withPassword({ email: 'ada@example.test', password });
    expect(grant.actor).toMatchObject({ email: 'ada@example.test', name: 'Ada Lovelace', role: 'admin' });
    // It is a one-time password: the session it opens must choose a new one first.
    expect((await signIn.authenticate(grant.token))?.mustChangePassword).toBe(true);
  });

  it('takes an address in Swedish letters, as the public forms do, and one mailbox however its letters were typed', async () => {
    const container = await createWorkspace();
    const created = await run(container, [
      'add',
      '--email',
      'Åsa.Öberg@Företag.se',
      '--name',
      'Åsa Öberg',
      '--role',
      'editor',
    ]);
    expect(created.caught).toBeUndefined();
    expect(created.out).toContain('Created editor åsa.öberg@företag.se (Åsa Öberg).');
    // The same address with "å" and "ö" typed as a letter and a combining mark (as some keyboards send them).
    const decomposed = 'åsa.öberg@företag.se'.normalize('NFD');
    const again = await run(container, ['add', '--email', decomposed, '--name', 'Åsa', '--role', 'admin']);
    expect(again.caught).toMatchObject({ code: 'conflict' });
    const password = /One-time password[^:]*: (\S+)$/m.exec(created.out)?.[1] ?? '';
    const signIn = new SignInService(new StaffRepository(container.database.db), async () => {});
    const grant = await signIn.withPassword({ email: decomposed.toUpperCase(), password });
    expect(grant.actor).toMatchObject({ email: 'åsa.öberg@företag.se', role: 'editor' });
  });

  it('refuses a duplicate email with a clear error and keeps the first account', async () => {
    const container = await createWorkspace();
    const first = await run(container, ['add', '--email', 'ada@example.test', '--name', 'Ada', '--role', 'editor']);
    const duplicate = await run(container, [
      'add',
      '--email',
      'ADA@example.test',
      '--name',
      'Impostor',
      '--role',
      'admin',
    ]);
    expect(duplicate.caught).toBeInstanceOf(AppError);
    expect(duplicate.caught).toMatchObject({
      code: 'conflict',
      message: 'A staff account with the email ada@example.test already exists',
    });
    expect(duplicate.out).toBe('');
    const stored = await new StaffRepository(container.database.db).findUserByEmail('ada@example.test');
    expect(stored).toMatchObject({ name: 'Ada', role: 'editor' });
    expect(first.caught).toBeUndefined();
  });

  it('lists every bad argument and creates nothing', async () => {
    const container = await createWorkspace();
    const { caught } = await run(container, ['add', '--email', 'not-an-email', '--role', 'owner']);
    expect(caught).toBeInstanceOf(AppError);
    if (!(caught instanceof AppError)) return;
    expect(caught.code).toBe('invalid_input');
    expect(caught.problems.map((problem) => problem.field).sort()).toEqual(['--email', '--name', '--role']);
    const missingVerb = await run(container, ['--email', 'a@example.test']);
    expect(missingVerb.caught).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('Usage: tillit user add'),
    });
  });
});

describe('generatePassword', () => {
  it('draws from an unambiguous alphabet and does not repeat', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  });
});

describe('tillit user role, disable and enable', () => {
  async function withAccounts() {
    const container = await createWorkspace();
    await run(container, ['add', '--email', 'ada@example.test', '--name', 'Ada', '--role', 'admin']);
    const added = await run(container, ['add', '--email', 'bob@example.test', '--name', 'Bob', '--role', 'editor']);
    const password = /One-time password[^:]*: (\S+)$/m.exec(added.out)?.[1] ?? '';
    const repository = new StaffRepository(container.database.db);
    return { container, repository, password };
  }

  async function auditActions(container: Container) {
    const { items } = await container.audit.list({}, 1, 50);
    return items.map((item) => [item.action, item.actorEmail, item.summary]);
  }

  it('changes a role and says what it was; the same role changes nothing', async () => {
    const { container, repository } = await withAccounts();
    const changed = await run(container, ['role', '--email', 'BOB@example.test', '--role', 'viewer']);
    expect(changed.caught).toBeUndefined();
    expect(changed.out).toBe('bob@example.test is now viewer (was editor).');
    expect(await repository.findUserByEmail('bob@example.test')).toMatchObject({ role: 'viewer' });
    const again = await run(container, ['role', '--email', 'bob@example.test', '--role', 'viewer']);
    expect(again.out).toBe('bob@example.test is already viewer; nothing changed.');
    const roleEvents = (await auditActions(container)).filter(([action]) => action === 'user.role_change');
    expect(roleEvents).toEqual([['user.role_change', null, 'role of bob@example.test changed from editor to viewer']]);
  });

  it('disables an account, ending its sessions and refusing sign-in, and enables it again', async () => {
    const { container, repository, password } = await withAccounts();
    await container.signIn.withPassword({ email: 'bob@example.test', password });
    const bob = await repository.findUserByEmail('bob@example.test');
    expect(await repository.countSessionsOfUser(bob?.id ?? 0)).toBe(1);

    const disabled = await run(container, ['disable', '--email', 'bob@example.test']);
    expect(disabled.caught).toBeUndefined();
    expect(disabled.out).toContain('Disabled bob@example.test');
    expect(await repository.countSessionsOfUser(bob?.id ?? 0)).toBe(0);
    expect(await repository.findUserByEmail('bob@example.test')).toMatchObject({ disabledBy: null });
    await expect(container.signIn.withPassword({ email: 'bob@example.test', password })).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'The email address, password or authentication code is not correct.',
    });

    const enabled = await run(container, ['enable', '--email', 'bob@example.test']);
    expect(enabled.out).toBe('Re-enabled bob@example.test.');
    expect((await container.signIn.withPassword({ email: 'bob@example.test', password })).actor.email).toBe(
      'bob@example.test',
    );
    expect(await auditActions(container)).toEqual(
      expect.arrayContaining([
        ['user.disable', null, 'disabled bob@example.test (editor); 1 session(s) ended'],
        ['user.enable', null, 're-enabled bob@example.test (editor)'],
      ]),
    );
  });

  it('never demotes or disables the last active administrator, and changes nothing', async () => {
    const { container, repository } = await withAccounts();
    const demote = await run(container, ['role', '--email', 'ada@example.test', '--role', 'editor']);
    expect(demote.caught).toMatchObject({
      code: 'conflict',
      message:
        'ada@example.test is the last active administrator and cannot be demoted. Make another account an administrator first.',
    });
    const disable = await run(container, ['disable', '--email', 'ada@example.test']);
    expect(disable.caught).toMatchObject({ code: 'conflict', message: expect.stringContaining('cannot be disabled') });
    expect(await repository.findUserByEmail('ada@example.test')).toMatchObject({ role: 'admin', disabledAt: null });

    // With a second administrator, the first may go.
    await run(container, ['role', '--email', 'bob@example.test', '--role', 'admin']);
    expect((await run(container, ['disable', '--email', 'ada@example.test'])).caught).toBeUndefined();
  });

  it('refuses an unknown email, a bad role and options a verb does not take', async () => {
    const { container } = await withAccounts();
    const unknown = await run(container, ['disable', '--email', 'nobody@example.test']);
    expect(unknown.caught).toMatchObject({
      code: 'not_found',
      message: 'No staff account uses the email nobody@example.test',
    });
    const badRole = await run(container, ['role', '--email', 'bob@example.test', '--role', 'owner']);
    expect(badRole.caught).toMatchObject({ code: 'invalid_input', problems: [{ field: '--role' }] });
    const extra = await run(container, ['enable', '--email', 'bob@example.test', '--role', 'admin']);
    expect(extra.caught).toMatchObject({
      code: 'invalid_input',
      problems: [{ field: '--role', message: 'is not used by this command' }],
    });
  });
});
