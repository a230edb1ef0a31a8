import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { AppError } from '../domain/errors.js';
import { AuthService, generatePassword } from '../services/auth.service.js';
import { StaffRepository } from '../storage/staff.repository.js';
import { runUser } from './user.command.js';

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
  const caught = await runUser(container, args, { out: (l) => out.push(l), error: (l) => error.push(l) }).then(
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
    const auth = new AuthService(new StaffRepository(container.database.db), async () => {});
    const grant = await auth.signIn({ email: 'ada@example.test', password });
    expect(grant.actor).toMatchObject({ email: 'ada@example.test', name: 'Ada Lovelace', role: 'admin' });
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
