import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/app-error.js';
import { createTestApp } from '../../test/create-test-app.js';
import { buildEntry, buildMinimalContent, seedContent } from '../../test/factories.js';
import type { ContentSet } from '../domain/content.js';
import { BASELINE_VERSION_CHANGE } from '../domain/content.js';
import type { Actor } from '../domain/staff.js';
import { AuditRepository } from '../storage/audit.repository.js';
import { EntryRepository } from '../storage/entry.repository.js';
import { type EntryInput, EntryService } from './entry.service.js';

const ada: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const bo: Actor = { userId: 2, email: 'bo@example.test', name: 'Bo', role: 'editor' };
const admin: Actor = { userId: 3, email: 'root@example.test', name: 'Root', role: 'admin' };
const viewer: Actor = { userId: 4, email: 'vi@example.test', name: 'Vi', role: 'viewer' };

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let service: EntryService;
let audit: AuditRepository;

const minimal = buildMinimalContent();
/** Entries last reviewed long enough ago to be overdue on 2026-11-27. */
const OVERDUE = ['firewall-rules', 'hsm-usage', 'tls-versions'];

/** The minimal content and the cryptography entries the tests below edit, list and review. */
const content: ContentSet = {
  ...minimal,
  categories: [
    ...minimal.categories,
    { slug: 'cryptography', name: 'Cryptography', description: 'Keys and ciphers.', order: 3, reviewIntervalDays: 365 },
  ],
  tags: [...minimal.tags, { slug: 'encryption', name: 'Encryption' }],
  entries: [
    ...minimal.entries,
    buildEntry({
      slug: 'mfa-for-administrative-access',
      question: 'Do you require MFA for administrative access?',
      answer: 'Every administrator uses MFA with a hardware key.',
      category: 'cryptography',
      lastReviewed: '2026-10-01',
    }),
    buildEntry({
      slug: 'encryption-at-rest',
      question: 'Is data encrypted at rest?',
      answer: 'All volumes are encrypted with AES-256.',
      category: 'cryptography',
      tags: ['encryption'],
      lastReviewed: '2026-10-01',
      updatedAt: '2026-10-01T08:00:00.000Z',
    }),
    ...OVERDUE.map((slug) => buildEntry({ slug, category: 'cryptography', lastReviewed: '2024-06-01' })),
  ],
};

beforeEach(async () => {
  testApp = await createTestApp({ today: '2026-11-27', content: 'none' });
  await seedContent(testApp.container, content);
  const { db, dialect } = testApp.container.database;
  service = new EntryService(
    new EntryRepository(db, dialect),
    testApp.container.settings,
    () => new Date('2026-11-27T09:00:00Z'),
  );
  audit = new AuditRepository(db);
});
afterEach(async () => {
  await testApp.close();
});

const input: EntryInput = {
  question: 'Do you support customer-managed keys?',
  answer: 'Yes. Keys can live in your own KMS.',
  category: 'cryptography',
  tags: ['encryption'],
  owner: 'security@testvik.example',
  reviewIntervalDays: null,
  alternativePhrasings: ['BYOK?'],
  controls: ['A.8.24'],
};

const errorOf = catchAppError;

async function publicQuestion(slug: string): Promise<string | undefined> {
  return (await testApp.container.publicSite.getPublishedSite()).findEntry(slug)?.question;
}

describe('entry editing and workflow', () => {
  it('creates a draft that stays off the public site, and reports a slug collision on the field', async () => {
    const created = await service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input);
    expect(created.status).toBe('draft');
    expect(await publicQuestion('tenant-held-signing-keys')).toBeUndefined();
    const collision = await errorOf(service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input));
    expect(collision.code).toBe('conflict');
    expect(collision.problems[0]?.field).toBe('slug');
  });

  it('rejects unknown categories and tags without saving', async () => {
    const error = await errorOf(
      service.createEntry({ actor: ada }, 'x-entry', { ...input, category: 'nope', tags: ['nada'] }),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['category', 'tags']);
    await expect(service.getEntry('x-entry')).rejects.toThrow(/No entry/);
  });

  it('refuses an answer linking to a key the site does not define, naming the key, and saves nothing', async () => {
    const linked = {
      ...input,
      answer: 'See [our policy](link:disclosure-policy) and [the old one](link:no-such-link).',
    };
    const refused = await errorOf(service.createEntry({ actor: ada }, 'linked-entry', linked));
    expect(refused.code).toBe('invalid_input');
    expect(refused.problems).toEqual([
      {
        source: 'form',
        field: 'answer',
        message: 'Unknown link key "link:no-such-link" (not among the site\'s links)',
      },
    ]);
    await expect(service.getEntry('linked-entry')).rejects.toThrow(/No entry/);
    const slug = 'mfa-for-administrative-access';
    const before = await service.getEntry(slug);
    const edit = await errorOf(service.updateEntry({ actor: ada }, slug, { ...linked, category: before.category }));
    expect(edit.problems.map((problem) => problem.message)).toEqual([
      'Unknown link key "link:no-such-link" (not among the site\'s links)',
    ]);
    expect((await service.getEntry(slug)).answer).toBe(before.answer);
    const known = await service.createEntry({ actor: ada }, 'linked-entry', {
      ...linked,
      answer: 'See [our policy](link:disclosure-policy).',
    });
    expect(known.answer).toBe('See [our policy](link:disclosure-policy).');
  });

  it('still saves other fields of an answer stored with a link key the site no longer defines', async () => {
    const answer = 'See [our policy](link:disclosure-policy).';
    await service.createEntry({ actor: ada }, 'legacy-link', { ...input, answer });
    // As a link removed before keys were checked on save: the stored answer now names an unknown key.
    await testApp.container.database.db.deleteFrom('named_link').where('key', '=', 'disclosure-policy').execute();
    const saved = await service.updateEntry({ actor: ada }, 'legacy-link', {
      ...input,
      answer,
      owner: 'dpo@example.test',
    });
    expect(saved.owner).toBe('dpo@example.test');
    const changed = await errorOf(
      service.updateEntry({ actor: ada }, 'legacy-link', { ...input, answer: `${answer} Updated.` }),
    );
    expect(changed.problems.map((problem) => problem.message)).toEqual([
      'Unknown link key "link:disclosure-policy" (not among the site\'s links)',
    ]);
  });

  it('does not let a viewer edit', async () => {
    expect((await errorOf(service.createEntry({ actor: viewer }, 'v-entry', input))).code).toBe('forbidden');
  });

  it('refuses an answer nested deeper than the renderer takes on the answer field, and saves nothing', async () => {
    const nested = { ...input, answer: '1. '.repeat(6_666) };
    const refused = await errorOf(service.createEntry({ actor: ada }, 'deeply-nested', nested));
    expect(refused.code).toBe('invalid_input');
    expect(refused.problems).toEqual([
      {
        source: 'form',
        field: 'answer',
        message: 'block quotes and lists nest 6,666 levels deep; at most 20 are allowed',
      },
    ]);
    expect(await service.listVersions('deeply-nested')).toEqual([]);
    const slug = 'mfa-for-administrative-access';
    const before = await service.getEntry(slug);
    const edit = await errorOf(service.updateEntry({ actor: ada }, slug, { ...nested, category: before.category }));
    expect(edit.problems?.[0]?.field).toBe('answer');
    expect((await service.getEntry(slug)).answer).toBe(before.answer);
  });

  it('under four-eyes, the author cannot approve their own entry and a second person publishes it', async () => {
    await testApp.container.settings.setFourEyesRequired({ actor: admin }, true);
    await service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input);
    await service.submitForReview({ actor: ada }, 'tenant-held-signing-keys');
    const own = await errorOf(service.approve({ actor: ada }, 'tenant-held-signing-keys'));
    expect(own.code).toBe('forbidden');
    expect(await publicQuestion('tenant-held-signing-keys')).toBeUndefined();

    const published = await service.approve({ actor: bo }, 'tenant-held-signing-keys');
    expect(published.status).toBe('published');
    expect(await publicQuestion('tenant-held-signing-keys')).toBe(input.question);
    const search = (await testApp.container.publicSite.getPublishedSite()).search.search('customer-managed keys');
    expect(search.hits[0]?.id).toBe('tenant-held-signing-keys');
  });

  it('under four-eyes, an edit to a published entry waits for approval and the public text stays', async () => {
    await testApp.container.settings.setFourEyesRequired({ actor: admin }, true);
    const slug = 'mfa-for-administrative-access';
    const before = await service.getEntry(slug);
    const edited = await service.updateEntry({ actor: ada }, slug, {
      ...input,
      category: before.category,
      question: 'Is MFA mandatory for admins?',
    });
    expect(edited.pendingVersion).not.toBeNull();
    expect(edited.question).toBe(before.question);
    expect(await publicQuestion(slug)).toBe(before.question);

    expect((await errorOf(service.approve({ actor: ada }, slug))).code).toBe('forbidden');
    await service.approve({ actor: bo }, slug);
    expect(await publicQuestion(slug)).toBe('Is MFA mandatory for admins?');
    expect((await service.getEntry(slug)).pendingVersion).toBeNull();
  });

  it('without four-eyes, an editor publishes directly and edits of published entries show at once', async () => {
    await service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input);
    await service.approve({ actor: ada }, 'tenant-held-signing-keys');
    expect(await publicQuestion('tenant-held-signing-keys')).toBe(input.question);
    await service.updateEntry({ actor: ada }, 'tenant-held-signing-keys', {
      ...input,
      question: 'Can we bring our own keys?',
    });
    expect(await publicQuestion('tenant-held-signing-keys')).toBe('Can we bring our own keys?');
  });

  it('keeps every save as a version, diffs any two and restores one as a new version', async () => {
    await service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input);
    await service.updateEntry({ actor: bo }, 'tenant-held-signing-keys', {
      ...input,
      answer: 'Yes. Keys can live in your own KMS.\nRotation is yours to schedule.',
    });
    const versions = await service.listVersions('tenant-held-signing-keys');
    expect(versions.map((v) => [v.version, v.savedByEmail, v.change])).toEqual([
      [2, 'bo@example.test', 'edited'],
      [1, 'ada@example.test', 'created'],
    ]);
    const diff = await service.diffVersions('tenant-held-signing-keys', 1, 2);
    const answer = diff.fields.find((field) => field.field === 'answer');
    expect(answer?.isChanged).toBe(true);
    expect(answer?.lines).toContainEqual({ kind: 'added', text: 'Rotation is yours to schedule.' });
    expect(diff.fields.find((field) => field.field === 'question')?.isChanged).toBe(false);

    const restored = await service.restoreVersion({ actor: ada }, 'tenant-held-signing-keys', 1);
    expect(restored.answer).toBe(input.answer);
    expect((await service.listVersions('tenant-held-signing-keys'))[0]).toMatchObject({
      version: 3,
      change: 'restored version 1',
    });
  });

  it('saves a short answer and a questionnaire wording, keeps them when an edit omits them, diffs and restores them', async () => {
    const slug = 'tenant-held-signing-keys';
    await service.createEntry({ actor: ada }, slug, input);
    expect(await service.getEntry(slug)).toMatchObject({ shortAnswer: null, questionnaireWording: null });
    const wording = 'Yes. Keys can live in your own KMS;\r\nsee the [key guide](/documents/key-guide).';
    const saved = await service.updateEntry({ actor: bo }, slug, {
      ...input,
      shortAnswer: 'yes',
      questionnaireWording: `  ${wording}\n`,
    });
    // Trimmed, with the CRLF a browser posts read as LF.
    expect(saved).toMatchObject({ shortAnswer: 'yes', questionnaireWording: wording.replace('\r\n', '\n') });
    // A caller that knows nothing of the two fields (a phrasing learned from a questionnaire) leaves them be.
    const { shortAnswer: _short, questionnaireWording: _wording, ...rest } = { ...input, shortAnswer: null };
    const kept = await service.updateEntry({ actor: bo }, slug, { ...rest, owner: 'keys@testvik.example' });
    expect(kept).toMatchObject({ shortAnswer: 'yes', questionnaireWording: wording.replace('\r\n', '\n') });
    const cleared = await service.updateEntry({ actor: ada }, slug, {
      ...input,
      shortAnswer: 'partial',
      questionnaireWording: ' \n ',
    });
    expect(cleared).toMatchObject({ shortAnswer: 'partial', questionnaireWording: null });

    const diff = await service.diffVersions(slug, 1, 2);
    expect(diff.fields.filter((field) => field.isChanged).map((field) => field.field)).toEqual([
      'short answer',
      'questionnaire wording',
    ]);
    const history = await audit.list({ targetId: slug }, 10, 0);
    expect(history.items.map((event) => event.summary)).toContain('changed short answer, questionnaire wording');
    const restored = await service.restoreVersion({ actor: ada }, slug, 2);
    expect(restored).toMatchObject({ shortAnswer: 'yes', questionnaireWording: wording.replace('\r\n', '\n') });
  });

  it('reads a version saved before entries had a short answer or questionnaire wording as having neither', async () => {
    const slug = 'tenant-held-signing-keys';
    await service.createEntry({ actor: ada }, slug, { ...input, shortAnswer: 'no' });
    const { db } = testApp.container.database;
    const [stored] = await db
      .selectFrom('entry_version')
      .select(['id', 'snapshot'])
      .where('entry_slug', '=', slug)
      .execute();
    if (stored === undefined) throw new Error('the entry has a version');
    const { shortAnswer: _short, questionnaireWording: _wording, ...older } = JSON.parse(stored.snapshot);
    await db
      .updateTable('entry_version')
      .set({ snapshot: JSON.stringify(older) })
      .where('id', '=', stored.id)
      .execute();
    const [version] = await service.listVersions(slug);
    expect(version?.entry).toMatchObject({ shortAnswer: null, questionnaireWording: null });
    expect((await service.restoreVersion({ actor: ada }, slug, 1)).shortAnswer).toBeNull();
  });

  it('keeps the text an entry was loaded with as version 1 on its first edit, so that edit can be undone', async () => {
    const slug = 'encryption-at-rest';
    const loaded = await service.getEntry(slug);
    expect(await service.listVersions(slug)).toEqual([]);
    const edit = { ...input, category: loaded.category, question: loaded.question, answer: 'Shortened.' };
    await service.updateEntry({ actor: ada }, slug, edit);
    await service.updateEntry({ actor: bo }, slug, { ...edit, answer: 'Shortened again.' });
    const versions = await service.listVersions(slug);
    // One baseline only, dated when the loaded text was last updated and saved by nobody.
    expect(versions.map((v) => [v.version, v.savedByEmail, v.change])).toEqual([
      [3, 'bo@example.test', 'edited'],
      [2, 'ada@example.test', 'edited'],
      [1, null, BASELINE_VERSION_CHANGE],
    ]);
    expect(versions[2]?.savedAt).toBe(loaded.updatedAt);
    const restored = await service.restoreVersion({ actor: ada }, slug, 1);
    expect(restored.answer).toBe(loaded.answer);
  });

  it('records who marked an entry reviewed, and the public date follows', async () => {
    const slug = 'mfa-for-administrative-access';
    await service.markReviewed({ actor: bo, ip: '198.51.100.7' }, slug);
    expect((await testApp.container.publicSite.getPublishedSite()).findEntry(slug)?.lastReviewed).toBe('2026-11-27');
    const events = await audit.list({ action: 'entry.review' }, 10, 0);
    expect(events.items[0]).toMatchObject({ actorEmail: 'bo@example.test', targetId: slug, ip: '198.51.100.7' });
  });

  it('lists entries with filters, pagination and freshness from the review interval', async () => {
    const overdue = await service.listEntries({ freshness: 'overdue' }, 1, 50);
    // The minimal content's staff-screening (a 180-day category, reviewed 2026-01-01) is overdue too.
    expect(overdue.items.map((item) => item.slug).sort()).toEqual([...OVERDUE, 'staff-screening'].sort());
    for (const item of overdue.items) expect(item.dueOn < '2026-11-27').toBe(true);
    const page = await service.listEntries({ category: 'cryptography' }, 1, 3);
    expect(page.items.length).toBe(3);
    expect(page.total).toBe(5);
    expect(page.items.every((item) => item.category === 'cryptography')).toBe(true);
    const text = await service.listEntries({ text: 'MFA' }, 1, 10);
    expect(text.items.map((item) => item.slug)).toEqual(['mfa-for-administrative-access']);
    // Marking reviewed makes an overdue entry fresh.
    const first = overdue.items[0];
    if (!first) throw new Error('no overdue entry in the test content');
    await service.markReviewed({ actor: ada }, first.slug);
    const after = await service.listEntries({ freshness: 'overdue' }, 1, 50);
    expect(after.items.map((item) => item.slug)).not.toContain(first.slug);
  });

  it('lists the days a published answer changed on its public page when the setting is on', async () => {
    const slug = 'mfa-for-administrative-access';
    const before = await service.getEntry(slug);
    await service.updateEntry({ actor: ada }, slug, {
      ...input,
      category: before.category,
      question: 'Is MFA required for admins?',
    });
    expect((await testApp.container.publicSite.getPublishedSite()).findEntry(slug)?.changeDays).toEqual([]);
    await testApp.container.settings.setChangeHistoryShown({ actor: admin }, true);
    // The container's own entry service reads the same setting.
    expect((await testApp.container.publicSite.getPublishedSite()).findEntry(slug)?.changeDays).toEqual(['2026-11-27']);
    const html = await (await testApp.app.request(`/faq/${slug}`)).text();
    expect(html).toContain('This answer changed on');
    expect(html).toContain('<time datetime="2026-11-27">');
  });

  it('audits every action', async () => {
    await service.createEntry({ actor: ada }, 'tenant-held-signing-keys', input);
    await service.submitForReview({ actor: ada }, 'tenant-held-signing-keys');
    await service.reject({ actor: bo }, 'tenant-held-signing-keys');
    const actions = (await audit.list({ targetId: 'tenant-held-signing-keys' }, 10, 0)).items.map(
      (item) => item.action,
    );
    expect(actions).toEqual(['entry.reject', 'entry.submit', 'entry.create']);
  });
});

describe('the rules of an entry, enforced by the service whoever calls it', () => {
  const tooMany = (count: number, make: (index: number) => string) => Array.from({ length: count }, (_, i) => make(i));
  const refusals: [string, Partial<EntryInput>, string, RegExp][] = [
    ['an owner of 253 characters', { owner: 'o'.repeat(253) }, 'owner', /253 characters; at most 200/],
    ['an owner of 320 characters', { owner: `${'o'.repeat(308)}@example.se` }, 'owner', /at most 200/],
    ['a blank owner', { owner: '   ' }, 'owner', /must not be empty/],
    ['a question of 2,001 characters', { question: 'q'.repeat(2_001) }, 'question', /at most 2000/],
    ['a blank question', { question: ' \n ' }, 'question', /must not be empty/],
    ['an answer of 20,001 characters', { answer: 'a'.repeat(20_001) }, 'answer', /at most 20000/],
    ['21 tags', { tags: tooMany(21, (i) => `tag-${i}`) }, 'tags', /21 tags; at most 20/],
    ['a tag given twice', { tags: ['encryption', 'encryption'] }, 'tags', /given twice/],
    ['a review interval of 0 days', { reviewIntervalDays: 0 }, 'reviewIntervalDays', /from 1 to 3650/],
    ['a review interval of 3,651 days', { reviewIntervalDays: 3651 }, 'reviewIntervalDays', /from 1 to 3650/],
    ['a review interval of 1.5 days', { reviewIntervalDays: 1.5 }, 'reviewIntervalDays', /whole number/],
    ['51 phrasings', { alternativePhrasings: tooMany(51, (i) => `P ${i}`) }, 'alternativePhrasings', /at most 50/],
    [
      'a phrasing of 2,001 characters',
      { alternativePhrasings: ['p'.repeat(2_001)] },
      'alternativePhrasings',
      /at most 2000/,
    ],
    ['an empty phrasing', { alternativePhrasings: ['ok', ' '] }, 'alternativePhrasings', /empty/],
    ['31 controls', { controls: tooMany(31, (i) => `A.5.${i + 1}`) }, 'controls', /31 controls; at most 30/],
    ['a control outside Annex A', { controls: ['A.9.1'] }, 'controls', /"A\.9\.1" is not/],
    [
      'a questionnaire wording of 20,001 characters',
      { questionnaireWording: 'w'.repeat(20_001) },
      'questionnaireWording',
      /at most 20000/,
    ],
    [
      'a short answer outside the four',
      { shortAnswer: 'maybe' as unknown as 'yes' },
      'shortAnswer',
      /yes, no, partial, not applicable or none/,
    ],
    [
      'a questionnaire wording linking to a key the site lacks',
      { questionnaireWording: 'See [the policy](link:no-such-link).' },
      'questionnaireWording',
      /Unknown link key "link:no-such-link"/,
    ],
  ];

  it.each(refusals)(
    'refuses %s on that field when creating or editing, and saves nothing',
    async (_, change, field, message) => {
      const created = await errorOf(service.createEntry({ actor: ada }, 'ruled-entry', { ...input, ...change }));
      expect(created.code).toBe('invalid_input');
      expect(created.problems.find((problem) => problem.field === field)?.message).toMatch(message);
      await expect(service.getEntry('ruled-entry')).rejects.toThrow(/No entry/);

      const slug = 'mfa-for-administrative-access';
      const before = await service.getEntry(slug);
      const edited = await errorOf(service.updateEntry({ actor: ada }, slug, { ...input, ...change }));
      expect(edited.code).toBe('invalid_input');
      expect(edited.problems.find((problem) => problem.field === field)?.message).toMatch(message);
      expect(await service.getEntry(slug)).toEqual(before);
    },
  );

  it.each([
    ['an upper-case slug', 'Bad-Slug'],
    ['a double hyphen', 'bad--slug'],
    ['81 characters', `a${'-b'.repeat(40)}`],
    ['an empty slug', ''],
  ])('refuses a new entry with %s on the slug field', async (_, slug) => {
    const refused = await errorOf(service.createEntry({ actor: ada }, slug, input));
    expect(refused.code).toBe('invalid_input');
    expect(refused.problems.map((problem) => problem.field)).toContain('slug');
    expect(await service.listVersions(slug)).toEqual([]);
  });

  it('accepts every field at its limit, stored trimmed as content import would read it back', async () => {
    const atLimits: EntryInput = {
      ...input,
      question: ` ${'å'.repeat(500)} `,
      answer: `\n${'ä'.repeat(20_000)}\n`,
      owner: ` ${'ö'.repeat(200)}`,
      reviewIntervalDays: 3650,
      alternativePhrasings: Array.from({ length: 50 }, (_, i) => `${i} ${'p'.repeat(500 - String(i).length - 1)}`),
      controls: Array.from({ length: 30 }, (_, i) => `A.8.${i + 1}`),
    };
    const slug = `a${'-9'.repeat(39)}z`;
    expect(slug).toHaveLength(80);
    const saved = await service.createEntry({ actor: ada }, slug, atLimits);
    expect(saved).toMatchObject({
      question: 'å'.repeat(500),
      answer: 'ä'.repeat(20_000),
      owner: 'ö'.repeat(200),
      alternativePhrasings: atLimits.alternativePhrasings,
      controls: atLimits.controls,
      reviewIntervalDays: 3650,
    });
  });
});
