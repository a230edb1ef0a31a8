import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/temporary-database.js';
import { AuditRepository } from '../storage/audit.repository.js';
import { migrateToLatest, openDatabase } from '../storage/database.js';
import { AuditService } from './audit.service.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function createAudit() {
  const database = await createTestDatabase();
  const handle = openDatabase(database.url);
  cleanups.push(database.remove, () => handle.close());
  await migrateToLatest(handle);
  const service = new AuditService(new AuditRepository(handle.db), () => new Date('2026-11-27T10:00:00Z'));
  return { handle, service };
}

const admin = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'admin' as const };

describe('audit log', () => {
  it('records events and lists them newest first with filters', async () => {
    const { service } = await createAudit();
    await service.record({
      actor: admin,
      action: 'entry.save',
      targetType: 'entry',
      targetId: 'mfa',
      ip: '192.0.2.1',
      summary: 'question changed',
    });
    await service.record({
      actor: undefined,
      actorEmail: 'eve@example.test',
      action: 'sign_in.failure',
      summary: 'wrong password',
    });
    const all = await service.list({}, 1, 10);
    expect(all.total).toBe(2);
    expect(all.items.map((item) => item.action)).toEqual(['sign_in.failure', 'entry.save']);
    expect(all.items[1]).toMatchObject({ actorEmail: 'ada@example.test', targetId: 'mfa', ip: '192.0.2.1' });
    const filtered = await service.list({ actorEmail: 'eve@example.test' }, 1, 10);
    expect(filtered.items.map((item) => item.action)).toEqual(['sign_in.failure']);
  });

  it('rejects UPDATE and DELETE even through direct SQL', async () => {
    const { handle, service } = await createAudit();
    await service.record({ actor: admin, action: 'setting.change', summary: 'four-eyes: off -> on' });
    await expect(sql`update audit_event set summary = 'nothing happened'`.execute(handle.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_event`.execute(handle.db)).rejects.toThrow(/append-only/);
    const after = await service.list({}, 1, 10);
    expect(after.items.map((item) => item.summary)).toEqual(['four-eyes: off -> on']);
  });
});
