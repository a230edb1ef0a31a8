import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import {
  buildSubprocessorFields,
  createStaffUser,
  SUBPROCESSOR_SWEDISH,
  type TestStaffUser,
} from '../../test/factories.js';
import { createMailTestContainer, type MailTestContainer, useSmtpTestServer } from '../../test/mail-test-container.js';
import type { ReceivedMail } from '../../test/smtp-test-server.js';
import type { Container } from '../container.js';
import type { SubprocessorFields } from '../domain/subprocessor.js';

// Every way a published subprocessor leaves the list or changes on it reaches the subscribers of subprocessor
// changes once, through a real SMTP server on loopback, and leaves staff exactly one draft update about it.

const BASE = 'https://trust.example.test';
const anna = 'anna.lind@kund.example.se';
const FIELDS: SubprocessorFields = buildSubprocessorFields({ translations: SUBPROCESSOR_SWEDISH });

const smtp = useSmtpTestServer();
let mailTest: MailTestContainer;
let clock: TestClock;
let container: Container;
let editor: TestStaffUser;
let publisher: TestStaffUser;

beforeEach(async () => {
  clock = createTestClock('2026-12-01T09:00:00Z');
  mailTest = await createMailTestContainer(smtp, clock);
  ({ container } = mailTest);
  editor = await createStaffUser(container, 'editor');
  publisher = await createStaffUser(container, 'admin');
  // Anna subscribes to subprocessor changes and confirms with the token of her confirmation mail.
  await container.subscriptions.subscribe({ email: anna, topic: 'subprocessors', language: 'en' }, BASE);
  await settle();
  const confirmation = smtp.messages.find((mail) => mail.envelopeTo.includes(anna));
  const token = confirmation?.text.match(/\/updates\/confirm\/([A-Za-z0-9_-]{43})/)?.[1] ?? '';
  await container.subscriptions.confirm(token);
  // A published subprocessor, announced when published; the tests count what comes after.
  await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
  await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
  await settle();
  smtp.messages.length = 0;
});
afterEach(async () => {
  await mailTest.close();
});

async function settle(): Promise<void> {
  container.mail.deliverSoon();
  await container.mail.whenIdle();
}

/** Notices to Anna, draft updates about the subprocessor, and recorded notices, since the test's setup. */
async function whatWasSent() {
  await settle();
  const mails = smtp.messages.filter(
    (mail: ReceivedMail) =>
      mail.envelopeTo.includes(anna) && mail.subject.startsWith('Notice of a subprocessor change'),
  );
  const drafts = await container.updates.listForStaff(publisher.context.actor, { status: 'draft', page: 1 });
  const notices = await container.subscriptions.listNotices(publisher.context.actor, 1, 50);
  return {
    mails: mails.map((mail) => mail.text),
    // The first draft is the one written when it was published.
    drafts: drafts.items.filter((update) => !update.title.startsWith('New subprocessor')).map((update) => update.title),
    notices: notices.items.filter((notice) => notice.changeKind !== 'added').map((notice) => notice.changeKind),
  };
}

describe('a published subprocessor leaving or changing: one draft update and one notice per change', () => {
  it('an end date', async () => {
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, until: '2027-02-28' });
    const sent = await whatWasSent();
    expect(sent.drafts).toEqual(['Subprocessor ends: Kantnät CDN']);
    expect(sent.notices).toEqual(['ended']);
    expect(sent.mails).toHaveLength(1);
    expect(sent.mails[0]).toContain('stops being a subprocessor after 2027-02-28');
    // Saving it again unchanged announces nothing more.
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, until: '2027-02-28' });
    expect((await whatWasSent()).mails).toHaveLength(1);
  });

  it('an end date approved under four-eyes: announced on approval, not on the proposal', async () => {
    await container.settings.setFourEyesRequired(publisher.context, true);
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, until: '2027-02-28' });
    expect(await whatWasSent()).toEqual({ mails: [], drafts: [], notices: [] });
    await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    const sent = await whatWasSent();
    expect(sent.drafts).toEqual(['Subprocessor ends: Kantnät CDN']);
    expect(sent.notices).toEqual(['ended']);
    expect(sent.mails).toHaveLength(1);
  });

  it('archiving it: taken off the list from today', async () => {
    await container.subprocessors.archive(publisher.context, 'kantnat-cdn');
    const sent = await whatWasSent();
    expect(sent.drafts).toEqual(['Subprocessor ends: Kantnät CDN']);
    expect(sent.notices).toEqual(['ended']);
    expect(sent.mails).toHaveLength(1);
    expect(sent.mails[0]).toContain('is taken off our list of subprocessors from 2026-12-01');
    // Reopened as a draft and archived again, it was never public in between: nothing more.
    await container.subprocessors.reopen(editor.context, 'kantnat-cdn');
    await container.subprocessors.archive(publisher.context, 'kantnat-cdn');
    expect((await whatWasSent()).mails).toHaveLength(1);
  });

  it('archiving a former subprocessor whose end was announced then: nothing new to announce', async () => {
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, until: '2026-12-10' });
    clock.advance(20 * 86_400_000);
    await container.subprocessors.archive(publisher.context, 'kantnat-cdn');
    const sent = await whatWasSent();
    expect(sent.notices).toEqual(['ended']);
    expect(sent.mails).toHaveLength(1);
  });

  it('its processing countries', async () => {
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', {
      ...FIELDS,
      locations: ['FR', 'US'],
    });
    const sent = await whatWasSent();
    expect(sent.drafts).toEqual(['Subprocessor changed: Kantnät CDN']);
    expect(sent.notices).toEqual(['changed']);
    expect(sent.mails).toHaveLength(1);
    expect(sent.mails[0]).toContain('processing location');
    expect(sent.mails[0]).toContain('United States');
  });

  it('its parent company', async () => {
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', {
      ...FIELDS,
      parentCompany: 'Global Edge Inc.',
      parentJurisdiction: 'US',
    });
    const sent = await whatWasSent();
    expect(sent.drafts).toEqual(['Subprocessor changed: Kantnät CDN']);
    expect(sent.notices).toEqual(['changed']);
    expect(sent.mails).toHaveLength(1);
    expect(sent.mails[0]).toContain('parent company');
  });
});

describe('the lead time, before staff confirm', () => {
  it('finds a change that takes effect sooner than the lead time, and not one that gives the full notice', async () => {
    expect(
      await container.subprocessors.findShortNotice(publisher.context, 'kantnat-cdn', {
        kind: 'save',
        fields: { ...FIELDS, until: '2026-12-15' },
      }),
    ).toMatchObject({ change: { kind: 'ended', effectiveOn: '2026-12-15' }, leadDays: 30, daysAhead: 14 });
    expect(
      await container.subprocessors.findShortNotice(publisher.context, 'kantnat-cdn', {
        kind: 'save',
        fields: { ...FIELDS, until: '2027-03-01' },
      }),
    ).toBeUndefined();
    expect(
      await container.subprocessors.findShortNotice(publisher.context, 'kantnat-cdn', { kind: 'archive' }),
    ).toMatchObject({
      change: { kind: 'ended', effectiveOn: '2026-12-01' },
      daysAhead: 0,
    });
    // A save that changes nothing visitors see announces nothing, so there is nothing to warn about.
    expect(
      await container.subprocessors.findShortNotice(publisher.context, 'kantnat-cdn', { kind: 'save', fields: FIELDS }),
    ).toBeUndefined();
    // Looking changes nothing and sends nothing.
    expect(await whatWasSent()).toEqual({ mails: [], drafts: [], notices: [] });
  });
});

describe('a content import that changes the published list', () => {
  it('announces each subprocessor it ends or removes once, and nothing when imported again unchanged', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tillit-subprocessor-import-'));
    try {
      await container.content.exportDirectory(folder);
      const file = join(folder, 'subprocessors.yaml');
      const exported = readFileSync(file, 'utf8');
      expect(exported).toContain('slug: kantnat-cdn');
      writeFileSync(file, exported.replace('  status: published', '  until: 2027-03-31\n  status: published'));
      await container.content.importDirectory(folder);
      let sent = await whatWasSent();
      expect(sent.drafts).toEqual(['Subprocessor ends: Kantnät CDN']);
      expect(sent.notices).toEqual(['ended']);
      expect(sent.mails).toHaveLength(1);
      // The same folder again changes nothing and announces nothing.
      await container.content.importDirectory(folder);
      expect((await whatWasSent()).mails).toHaveLength(1);
      // A folder without it takes it off the list.
      writeFileSync(file, '[]\n');
      await container.content.importDirectory(folder);
      sent = await whatWasSent();
      expect(sent.notices).toEqual(['ended', 'ended']);
      expect(sent.mails).toHaveLength(2);
      expect(sent.mails[1]).toContain('is taken off our list of subprocessors');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
