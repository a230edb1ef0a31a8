import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { AppError } from '../domain/errors.js';
import type { Actor } from '../domain/staff.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let admin: Actor;

const ended: SubprocessorChange = {
  kind: 'ended',
  slug: 'kant-cdn',
  name: 'Kant CDN',
  effectiveOn: '2027-03-31',
  summary: 'We stop using Kant CDN for static files; our own servers deliver them.',
  summarySv: null,
};

async function countRows(table: 'site_update' | 'audit_event' | 'mail_outbox'): Promise<number> {
  const row = await testApp.container.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeAll(async () => {
  testApp = await createTestApp({ content: 'none', today: '2026-12-05' });
  admin = await testApp.container.staff.createAccount(
    { email: 'owner@norrsken.example', name: 'Owner', role: 'admin', password: 'correct horse battery' },
    undefined,
  );
});
afterAll(async () => {
  await testApp.close();
});

describe('a subprocessor change', () => {
  it('becomes a draft update in the subprocessors category, dated its effective day, for staff to publish', async () => {
    const draft = await testApp.container.updates.createDraftForSubprocessorChange(ended);
    expect(draft).toMatchObject({
      slug: '2027-03-31-subprocessor-ends-kant-cdn',
      title: 'Subprocessor ends: Kant CDN',
      category: 'subprocessors',
      status: 'draft',
      date: '2027-03-31',
      publishedAt: null,
    });
    expect(draft.body).toBe(`${ended.summary}\n\nTakes effect on 2027-03-31.`);
    // No Swedish summary: no Swedish text, so Swedish readers see the English, marked as not translated.
    expect(draft.translations).toBeUndefined();
    // Not public until staff publish it.
    expect(
      (await testApp.app.request('https://trust.example.test/updates/2027-03-31-subprocessor-ends-kant-cdn')).status,
    ).toBe(404);
    // A second change of the same day and name gets its own address.
    const again = await testApp.container.updates.createDraftForSubprocessorChange(ended);
    expect(again.slug).toBe('2027-03-31-subprocessor-ends-kant-cdn-2');
  });

  it('with an effective date that is no date is refused, and nothing is stored or sent', async () => {
    const updates = await countRows('site_update');
    const audit = await countRows('audit_event');
    const mails = await countRows('mail_outbox');
    const bad = { ...ended, effectiveOn: '2027-02-30' };
    await expect(testApp.container.updates.createDraftForSubprocessorChange(bad)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(testApp.container.onSubprocessorChange(bad)).rejects.toBeInstanceOf(AppError);
    await expect(
      testApp.container.subscriptions.sendSubprocessorNotice({ ...ended, effectiveOn: 'soon' }),
    ).rejects.toThrow('is not a date');
    expect([await countRows('site_update'), await countRows('audit_event'), await countRows('mail_outbox')]).toEqual([
      updates,
      audit,
      mails,
    ]);
  });

  it('cannot be published twice, and a viewer can neither write nor publish', async () => {
    const context = { actor: admin, baseUrl: 'https://trust.example.test' };
    const draft = await testApp.container.updates.createDraftForSubprocessorChange({
      ...ended,
      slug: 'other',
      name: 'Other CDN',
    });
    await testApp.container.updates.publish(context, draft.id);
    await expect(testApp.container.updates.publish(context, draft.id)).rejects.toMatchObject({ code: 'conflict' });
    const viewer = { ...admin, role: 'viewer' as const };
    await expect(
      testApp.container.updates.create(
        { actor: viewer, baseUrl: context.baseUrl },
        { title: 'x', body: 'y', category: 'other', date: '2026-12-05', titleSv: '', bodySv: '' },
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
