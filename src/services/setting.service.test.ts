import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import type { Actor } from '../domain/staff.js';
import { migrateToLatest } from '../storage/database.js';

const admin: Actor = { userId: 0, email: 'root@example.test', name: 'Root', role: 'admin' };
const editor: Actor = { userId: 0, email: 'ed@example.test', name: 'Ed', role: 'editor' };

describe('SettingService', () => {
  let database: TestDatabase;
  let container: Container;

  beforeEach(async () => {
    database = await createTestDatabase();
    container = createContainer({ databaseUrl: database.url, listenForChanges: false });
    await migrateToLatest(container.database);
  });

  afterEach(async () => {
    await container.close();
    await database.remove();
  });

  it('turns four-eyes publication and mandatory two-step sign-in on and off, auditing each change', async () => {
    expect(await container.settings.isFourEyesRequired()).toBe(false);
    expect(await container.settings.isTwoFactorRequired()).toBe(false);
    await container.settings.setFourEyesRequired({ actor: admin, ip: '192.0.2.1' }, true);
    await container.settings.setTwoFactorRequired({ actor: admin }, true);
    expect(await container.settings.isFourEyesRequired()).toBe(true);
    expect(await container.settings.isTwoFactorRequired()).toBe(true);
    const { items } = await container.audit.list({ actionPrefix: 'setting.' }, 1, 10);
    expect(items.map((event) => event.summary).sort()).toEqual([
      'require_second_approver: false -> true',
      'require_two_factor: false -> true',
    ]);
  });

  it('refuses a setting change by anyone but an administrator, and changes nothing', async () => {
    await expect(container.settings.setFourEyesRequired({ actor: editor }, true)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(container.settings.setTwoFactorRequired({ actor: editor }, true)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await container.settings.isFourEyesRequired()).toBe(false);
    expect(await container.settings.isTwoFactorRequired()).toBe(false);
  });

  it('keeps phrasing learning on until an administrator turns it off', async () => {
    expect(await container.settings.isPhrasingLearningOn()).toBe(true);
    await container.settings.setPhrasingLearning({ actor: admin }, false);
    expect(await container.settings.isPhrasingLearningOn()).toBe(false);
  });

  it('bumps the content revision when the public change history is turned on, so every process shows it', async () => {
    const before = await container.content.getRevision();
    await container.settings.setChangeHistoryShown({ actor: admin }, true);
    expect(await container.settings.isChangeHistoryShown()).toBe(true);
    expect(await container.content.getRevision()).toBe(before + 1);
  });

  it('creates the sign-in secret once and gives every process the same one', async () => {
    const other = createContainer({ databaseUrl: database.url, listenForChanges: false });
    try {
      const secret = await container.settings.getSignInSecret();
      expect(secret.length).toBeGreaterThanOrEqual(43);
      expect(await other.settings.getSignInSecret()).toBe(secret);
    } finally {
      await other.close();
    }
  });
});
