import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { measureLongestStall } from '../../test/event-loop.js';
import { createQuestionnaireServices } from '../../test/questionnaire-services.js';
import type { Actor } from '../domain/staff.js';
import { createMatcher } from '../questionnaire/matcher.js';
import { suggestAnswers } from '../questionnaire/matching-session.js';
import { withDraftTexts } from '../questionnaire/questionnaire-text.js';
import { QuestionnaireRepository } from '../storage/questionnaire.repository.js';
import type { ContentService } from './content.service.js';
import { buildPublishedSite } from './public-site.service.js';
import type { QuestionnaireService } from './questionnaire.service.js';
import {
  CANDIDATES_PER_QUESTION,
  matchingLibrary,
  type QuestionnaireMatchingOptions,
  type QuestionnaireMatchingService,
} from './questionnaire-matching.service.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let matchings: QuestionnaireMatchingService[] = [];

beforeEach(async () => {
  // The example folder on purpose: the matching job's stall and suggestions are measured against a
  // real-sized knowledge base, as staff upload questionnaires against one.
  testApp = await createTestApp({ content: 'example' });
});
afterEach(async () => {
  for (const matching of matchings) await matching.whenIdle();
  matchings = [];
  await testApp.close();
});

function createService(
  options: QuestionnaireMatchingOptions = {},
  content?: Pick<ContentService, 'getContent'>,
): QuestionnaireService {
  const { questionnaires, matching } = createQuestionnaireServices(testApp.container, options, content);
  matchings.push(matching);
  return questionnaires;
}

/** The published entries as a matching session sees them, drafts rendered with the site's links. */
async function loadMatchableEntries() {
  const published = buildPublishedSite(await testApp.container.content.getContent(), 0);
  const links = Object.fromEntries(published.links.map((link) => [link.key, link.url]));
  return withDraftTexts(matchingLibrary(published, 'en', new Date().toISOString().slice(0, 10)), { links });
}

const editor: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const context = { actor: editor, ip: '127.0.0.1' };

const TOPICS = [
  'multi-factor authentication for administrators',
  'encryption of customer data at rest',
  'restore tests of backups',
  'retention of security logs',
  'vulnerability scanning of production systems',
  'security awareness training for staff',
  'incident response and breach notification',
  'access reviews of privileged accounts',
];
const FORMS = [
  (topic: string) => `Do you have a documented process for ${topic}?`,
  (topic: string) => `Describe how you ensure ${topic} across every environment and supplier you use.`,
  (topic: string) => `Is ${topic} reviewed at least once a year by an independent party?`,
];

/** A CSV of `count` questions, all under one section (as when one header cell became every row's section). */
function buildCsv(count: number): string {
  const rows = ['Section,Question,Answer'];
  for (let index = 0; index < count; index++) {
    const topic = TOPICS[index % TOPICS.length] ?? '';
    const form = FORMS[Math.floor(index / TOPICS.length) % FORMS.length] ?? FORMS[0];
    rows.push(`Security,"${form?.(topic) ?? topic} (${index})",`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

async function waitForMatching(service: QuestionnaireService, id: number) {
  for (;;) {
    const questionnaire = await service.get(editor, id);
    if (questionnaire.status !== 'processing') return questionnaire;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('matching a questionnaire off the main thread', () => {
  it('keeps the event loop free while 3,000 questions under one heading are matched', async () => {
    const service = createService();
    // The first job of a test process loads modules on this thread once (vitest's module runner; a plain Node
    // process shows no such pause), which is not what is measured here.
    const warmUp = await service.upload(context, {
      fileName: 'warm.csv',
      bytes: new TextEncoder().encode(buildCsv(5)),
    });
    expect((await waitForMatching(service, warmUp.id)).status).toBe('ready');
    const uploaded = await service.upload(context, {
      fileName: 'large.csv',
      bytes: new TextEncoder().encode(buildCsv(3_000)),
    });
    // A timer on the main loop: matching on this thread would hold it for seconds.
    const { result: done, longestStallMs } = await measureLongestStall(() => waitForMatching(service, uploaded.id), 10);
    expect(done.status).toBe('ready');
    expect(done.processedCount).toBe(3_000);
    const { questions } = await service.review(editor, uploaded.id);
    expect(questions.filter((question) => question.candidates.length === 0)).toEqual([]);
    // The baseline, in the same run: the same questions matched on this thread, as one section is matched together.
    const texts = await new QuestionnaireRepository(testApp.container.database.db).listQuestionTexts(uploaded.id);
    const entries = await loadMatchableEntries();
    const here = await measureLongestStall(async () =>
      suggestAnswers(createMatcher(entries), new Map(), texts, CANDIDATES_PER_QUESTION),
    );
    // A ratio, not a number of milliseconds: a busy machine slows both the same way.
    expect(longestStallMs).toBeLessThan(here.longestStallMs / 4);
  }, 120_000);

  it('stores the same suggestions as the matcher gives on this thread', async () => {
    const service = createService();
    const csv =
      'Ref,Question,Answer\r\nBackup and recovery,,\r\nB1,Frequency,\r\nB2,Retention period,\r\nB3,Restores are tested,\r\n' +
      '4,Do you require multi-factor authentication for administrative access to production systems?,\r\n' +
      '5,Is customer data encrypted at rest?,\r\n';
    const uploaded = await service.upload(context, { fileName: 'small.csv', bytes: new TextEncoder().encode(csv) });
    expect((await waitForMatching(service, uploaded.id)).status).toBe('ready');
    const { questions } = await service.review(editor, uploaded.id);
    const entries = await loadMatchableEntries();
    const expected = suggestAnswers(
      createMatcher(entries),
      new Map(entries.map((entry) => [entry.slug, entry.question])),
      questions,
      CANDIDATES_PER_QUESTION,
    );
    expect(questions.map((question) => question.candidates)).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThan(5);
  });

  it('answers a file without storing it: the suggestions an upload gets, and no questionnaire or audit event', async () => {
    const service = createService();
    const csv =
      'Ref,Question,Answer\r\nBackup and recovery,,\r\nB1,Frequency,\r\nB2,Retention period,\r\n' +
      '4,Do you require multi-factor authentication for administrative access to production systems?,\r\n';
    const auditBefore = (await testApp.container.audit.list({}, 1, 100)).total;
    const answered = await service.answerFile({ fileName: 'small.csv', bytes: new TextEncoder().encode(csv), top: 2 });
    expect(answered.format).toBe('csv');
    expect(answered.answerColumns).toEqual([{ sheet: 'small.csv', column: 'C' }]);
    expect(answered.questions.map(({ question }) => [question.reference, question.section])).toEqual([
      ['small.csv!B3', 'Backup and recovery'],
      ['small.csv!B4', 'Backup and recovery'],
      ['small.csv!B5', 'Backup and recovery'],
    ]);
    const entries = await loadMatchableEntries();
    const expected = suggestAnswers(
      createMatcher(entries),
      new Map(entries.map((entry) => [entry.slug, entry.question])),
      answered.questions.map(({ question }) => question),
      2,
    );
    expect(answered.questions.map(({ candidates }) => candidates)).toEqual(expected);
    expect(expected.every((candidates) => candidates.length <= 2)).toBe(true);
    expect(await new QuestionnaireRepository(testApp.container.database.db).list()).toEqual([]);
    expect((await testApp.container.audit.list({}, 1, 100)).total).toBe(auditBefore);
  });

  it('drafts from the questionnaire wording (else the answer) with absolute links, and carries the short answer', async () => {
    const stored = await testApp.container.content.getContent();
    const published = stored.entries.filter((entry) => entry.status === 'published');
    const [worded, plain] = published;
    if (worded === undefined || plain === undefined) throw new Error('the example content has published entries');
    const link = stored.links[0];
    if (link === undefined) throw new Error('the example content has named links');
    const content = {
      getContent: async () => ({
        ...stored,
        entries: stored.entries.map((entry) =>
          entry.slug === worded.slug
            ? {
                ...entry,
                shortAnswer: 'partial' as const,
                questionnaireWording: `Partly: **see** the [IR summary](document:ir-summary) and [${link.title}](link:${link.key}).`,
              }
            : entry.slug === plain.slug
              ? { ...entry, answer: 'Yes, as the [security page](/security) says.', shortAnswer: null }
              : entry,
        ),
      }),
    };
    const service = createService({ publicUrl: 'https://trust.example' }, content);
    const csv = `Question,Answer\r\n"${worded.question}",\r\n"${plain.question}",\r\n`;
    const answered = await service.answerFile({ fileName: 'q.csv', bytes: new TextEncoder().encode(csv), top: 1 });
    const [first, second] = answered.questions.map(({ candidates }) => candidates[0]);
    const linkUrl = link.url.startsWith('/') ? `https://trust.example${link.url}` : link.url;
    expect(first).toMatchObject({
      slug: worded.slug,
      shortAnswer: 'partial',
      draftAnswer: `Partly: see the IR summary (https://trust.example/documents/ir-summary) and ${link.title} (${linkUrl}).`,
    });
    expect(second).toMatchObject({ slug: plain.slug });
    // Led by "Yes." or not as the question asks (see draftAnswer); the link is absolute either way.
    expect(second?.draftAnswer).toMatch(/the security page \(https:\/\/trust\.example\/security\) says\.$/);
    expect(second).not.toHaveProperty('shortAnswer');
  });

  it('stops with a clear error, not a crash, when the worker runs out of memory', async () => {
    const service = createService({ matchingMemoryMb: 4 });
    const uploaded = await service.upload(context, {
      fileName: 'memory.csv',
      bytes: new TextEncoder().encode(buildCsv(20)),
    });
    const done = await waitForMatching(service, uploaded.id);
    expect(done.status).toBe('failed');
    expect(done.failure).toBe('matching needed more than the 4 MB of memory it may use');
  }, 60_000);

  it('tells the reviewer an unexpected failure in its own words and hands the real error to the log', async () => {
    const reported: unknown[] = [];
    const service = createService(
      { onMatchingError: (_id, error) => reported.push(error) },
      {
        // The matching run's read of the library fails as a storage bug would.
        getContent: () => {
          throw new TypeError("Cannot set properties of undefined (setting 'slug')");
        },
      },
    );
    const uploaded = await service.upload(context, { fileName: 'x.csv', bytes: new TextEncoder().encode(buildCsv(3)) });
    const done = await waitForMatching(service, uploaded.id);
    expect(done.status).toBe('failed');
    expect(done.failure).toBe('an unexpected error; the server log has the details');
    expect(String(reported[0])).toContain('Cannot set properties of undefined');
  });
});

describe('storing a large questionnaire a batch at a time', () => {
  it('stores every question of a 1,234-question file in file order', async () => {
    const service = createService();
    const uploaded = await service.upload(context, {
      fileName: 'many.csv',
      bytes: new TextEncoder().encode(buildCsv(1_234)),
    });
    const texts = await new QuestionnaireRepository(testApp.container.database.db).listQuestionTexts(uploaded.id);
    expect(texts).toHaveLength(1_234);
    expect(texts[0]?.text).toMatch(/\(0\)$/);
    expect(texts[1_233]?.text).toMatch(/\(1233\)$/);
    await waitForMatching(service, uploaded.id);
  });

  it('leaves no questionnaire behind when a later batch cannot be stored', async () => {
    const repository = new QuestionnaireRepository(testApp.container.database.db);
    const questions = Array.from({ length: 250 }, (_, index) => ({
      sheet: 'Sheet1',
      row: index + 2,
      reference: `Q${index + 1}`,
      // A question without text breaks the table's NOT NULL rule in the third batch, as a failing disk would.
      text: index === 230 ? (null as unknown as string) : `Question ${index + 1}?`,
      section: null,
    }));
    await expect(
      repository.create({
        fileName: 'broken.csv',
        format: 'csv',
        uploadedById: 1,
        uploadedAt: new Date().toISOString(),
        sheet: 'Sheet1',
        questionColumn: 'A',
        answerColumn: null,
        original: new Uint8Array([1]),
        questions,
      }),
    ).rejects.toThrow();
    expect(await repository.list()).toEqual([]);
  });

  it('fails a questionnaire whose questions were not all stored (the process died while storing them)', async () => {
    const service = createService();
    const uploaded = await service.upload(context, {
      fileName: 'cut.csv',
      bytes: new TextEncoder().encode(buildCsv(300)),
    });
    await waitForMatching(service, uploaded.id);
    // As a process that died after the first batches would leave it: fewer rows than the file has questions.
    const db = testApp.container.database.db;
    await db
      .deleteFrom('questionnaire_question')
      .where('questionnaire_id', '=', uploaded.id)
      .where('position', '>', 200)
      .execute();
    await db
      .updateTable('questionnaire')
      .set({ status: 'processing', processed_count: 0, progressed_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', uploaded.id)
      .execute();
    const { matching } = createQuestionnaireServices(testApp.container, {});
    matchings.push(matching);
    await matching.start(uploaded.id);
    const failed = await service.get(editor, uploaded.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('only 200 of the file');
    expect(failed.failure).toContain('300 questions');
  });
});
