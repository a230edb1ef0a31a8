import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/app-error.js';
import { useMigratedTestDatabase } from '../../test/migrated-database.js';
import { createStaffServices, createTestAccount } from '../../test/staff-services.js';

const database = useMigratedTestDatabase();

const PASSWORD = 'correct horse battery';
const rejection = catchAppError;

/** A service with its own audit log, and a fresh account in the shared database. */
async function setUp() {
  const services = createStaffServices(database.handle.db);
  const { email, user } = await createTestAccount(services, PASSWORD);
  return { ...services, email, user };
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
