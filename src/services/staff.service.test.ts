import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { AppError } from '../domain/errors.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../storage/database.js';
import { StaffRepository } from '../storage/staff.repository.js';
import type { AuditInput } from './audit.service.js';
import { StaffService } from './staff.service.js';

let database: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = openDatabase(database.url);
  await migrateToLatest(handle);
});
afterAll(async () => {
  await handle.close();
  await database.remove();
});

const PASSWORD = 'correct horse battery';
let userCounter = 0;

/** A service with its own audit log, and a fresh account in the shared database. */
async function setUp() {
  const events: AuditInput[] = [];
  const repository = new StaffRepository(handle.db);
  const staff = new StaffService(repository, async (event) => void events.push(event));
  userCounter += 1;
  const email = `user${userCounter}-${Date.now()}@example.test`;
  const user = await staff.createAccount(
    { email, name: `User ${userCounter}`, role: 'editor', password: PASSWORD },
    undefined,
  );
  events.length = 0;
  return { staff, repository, events, email, user };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('accounts and password hashing', () => {
  it('stores an argon2id hash, never the password, and normalises the email', async () => {
    const { staff, repository } = await setUp();
    const created = await staff.createAccount(
      { email: '  Grace.Hopper@Example.TEST ', name: 'Grace', role: 'admin', password: PASSWORD },
      undefined,
    );
    expect(created.email).toBe('grace.hopper@example.test');
    const stored = await repository.findUserByEmail('grace.hopper@example.test');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
    expect(stored?.role).toBe('admin');
  });

  it('refuses a second account with the same email in any letter case', async () => {
    const { staff, email } = await setUp();
    const error = await rejection(
      staff.createAccount({ email: email.toUpperCase(), name: 'Twin', role: 'viewer', password: PASSWORD }, undefined),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('already exists');
  });

  it('enforces 12 to 200 characters', async () => {
    const { staff, user } = await setUp();
    expect((await rejection(staff.resetPassword(user.userId, 'a'.repeat(11), undefined))).code).toBe('invalid_input');
    expect((await rejection(staff.resetPassword(user.userId, 'a'.repeat(201), undefined))).code).toBe('invalid_input');
    await staff.resetPassword(user.userId, 'a'.repeat(12), undefined);
    await staff.resetPassword(user.userId, 'a'.repeat(200), undefined);
  });

  it('records the creation in the audit log', async () => {
    const { staff, events } = await setUp();
    const admin = { userId: 1, email: 'root@example.test', name: 'Root', role: 'admin' as const };
    await staff.createAccount({ email: `audited-${Date.now()}@example.test`, name: 'A', role: 'viewer' }, admin, {
      ip: '192.0.2.9',
    });
    expect(events).toEqual([
      expect.objectContaining({ actor: admin, action: 'user.create', targetType: 'staff_user', ip: '192.0.2.9' }),
    ]);
  });
});
