import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { createQuestionnaireServices } from '../../test/questionnaire-services.js';
import type { Actor } from '../domain/staff.js';
import { type QuestionnaireQuestionRecord, QuestionnaireRepository } from '../storage/questionnaire.repository.js';
import type { QuestionnaireService } from './questionnaire.service.js';
import type { QuestionnaireMatchingService } from './questionnaire-matching.service.js';

/**
 * A staff write on a questionnaire (an upload, a decision on a question, a change of who sees it or of its details)
 * and its audit event are one write: when the event cannot be written (as when the process dies between the two),
 * the change is not stored either, so no change is ever left without the event that says who made it. The audit
 * insert is made to fail with a database trigger.
 */
let testApp: Awaited<ReturnType<typeof createTestApp>>;
let questionnaires: QuestionnaireService;
let matching: QuestionnaireMatchingService;

const editor: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const context = { actor: editor, ip: '127.0.0.1' };
const QUESTION = 'Do you require multi-factor authentication for administrative access?';
// The same question four times: one for each test, each confidently matched.
const CSV = `ID,Question\r\n${[1, 2, 3, 4].map((row) => `${row},${QUESTION} (${row})`).join('\r\n')}\r\n`;

// One app for the file (the example content takes a while to load); each test uploads its own questionnaire and
// the trigger a test makes is dropped after it.
let uploaded: { id: number; questions: QuestionnaireQuestionRecord[] };
beforeAll(async () => {
  testApp = await createTestApp({ content: 'example' });
  ({ questionnaires, matching } = createQuestionnaireServices(testApp.container));
  const { id } = await questionnaires.upload(context, { fileName: 'q.csv', bytes: new TextEncoder().encode(CSV) });
  await matching.whenIdle();
  uploaded = { id, questions: await new QuestionnaireRepository(testApp.container.database.db).listQuestions(id) };
});
afterEach(async () => {
  await repairAudit();
  const { db, dialect } = testApp.container.database;
  if (dialect === 'postgres') await sql`drop function if exists refuse_audit()`.execute(db);
});

/** Drops the trigger `breakAudit` made. */
async function repairAudit() {
  const { db, dialect } = testApp.container.database;
  await sql`drop trigger if exists refuse_audit${sql.raw(dialect === 'postgres' ? ' on audit_event' : '')}`.execute(db);
}
afterAll(async () => {
  await matching.whenIdle();
  await testApp.close();
});

/** Makes every audit event with `action` fail to insert, in SQLite and PostgreSQL alike. */
async function breakAudit(action: string, isFunctionNeeded = true) {
  const { db } = testApp.container.database;
  if (testApp.container.database.dialect === 'postgres') {
    if (isFunctionNeeded)
      await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'the audit log refused the event'; end $$`.execute(
        db,
      );
    await sql
      .raw(
        `create trigger refuse_audit before insert on audit_event for each row when (new.action = '${action}') execute function refuse_audit()`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger refuse_audit before insert on audit_event when new.action = '${action}' begin select raise(abort, 'the audit log refused the event'); end`,
      )
      .execute(db);
  }
}

/** Question `index` of the questionnaire (one per test), with its first suggestion. */
function takeQuestion(index: number) {
  const question = uploaded.questions[index];
  if (question?.candidates[0] === undefined) throw new Error('the question has no suggestion');
  // Confident enough for "accept all" at medium, so that a bulk acceptance would take it.
  expect(['high', 'medium']).toContain(question.candidates[0].confidence);
  return { id: uploaded.id, question, slug: question.candidates[0].slug };
}

describe('questionnaire writes and their audit events', () => {
  it('stores no acceptance whose audit event could not be written', async () => {
    const { question, slug } = takeQuestion(0);
    await breakAudit('questionnaire.accept');
    await expect(questionnaires.accept(context, question.id, slug, 'Yes, for every administrator.')).rejects.toThrow(
      /refused the event/,
    );
    const stored = await questionnaires.getQuestion(editor, question.id);
    expect(stored).toMatchObject({ status: 'suggested', answer: null, chosenSlug: null });
  });

  it('stores no "needs an answer" whose audit event could not be written', async () => {
    const { question } = takeQuestion(1);
    await breakAudit('questionnaire.needs_answer');
    await expect(questionnaires.markNeedsAnswer(context, question.id)).rejects.toThrow(/refused the event/);
    expect((await questionnaires.getQuestion(editor, question.id)).status).toBe('suggested');
  });

  it('accepts nothing in bulk when the audit event could not be written', async () => {
    const { id, question, slug } = takeQuestion(2);
    await breakAudit('questionnaire.accept_confident');
    await expect(questionnaires.acceptConfident(context, id, 'medium', [{ id: question.id, slug }])).rejects.toThrow(
      /refused the event/,
    );
    expect((await questionnaires.getQuestion(editor, question.id)).status).toBe('suggested');
  });

  it('stores no upload whose audit event could not be written', async () => {
    const repository = new QuestionnaireRepository(testApp.container.database.db);
    const before = (await repository.list()).length;
    await breakAudit('questionnaire.upload');
    await expect(
      questionnaires.upload(context, { fileName: 'lost.csv', bytes: new TextEncoder().encode(CSV) }),
    ).rejects.toThrow(/refused the event/);
    expect((await repository.list()).length).toBe(before);
  });

  it('changes neither who sees a questionnaire nor its details when the audit event could not be written', async () => {
    await breakAudit('questionnaire.visibility');
    await expect(questionnaires.setVisibility(context, uploaded.id, 'private')).rejects.toThrow(/refused the event/);
    await repairAudit();
    await breakAudit('questionnaire.context', false);
    const details = { customer: 'Lost Ltd', dueDate: null, ownerId: editor.userId, workStatus: 'in_progress' as const };
    await expect(questionnaires.setContext(context, uploaded.id, details)).rejects.toThrow(/refused the event/);
    expect(await questionnaires.get(editor, uploaded.id)).toMatchObject({ visibility: 'team', customer: null });
  });

  it('keeps the questions and their decisions when the audit event of a re-read could not be written', async () => {
    const { id } = await questionnaires.upload(context, {
      fileName: 'reread.csv',
      bytes: new TextEncoder().encode(CSV),
    });
    await matching.whenIdle();
    const repository = new QuestionnaireRepository(testApp.container.database.db);
    const [first] = await repository.listQuestions(id);
    if (first?.candidates[0] === undefined) throw new Error('the question has no suggestion');
    await questionnaires.accept(context, first.id, first.candidates[0].slug, 'Yes, for every administrator.');
    const before = await repository.listQuestions(id);
    await breakAudit('questionnaire.reread');
    await expect(questionnaires.reread(context, id, { column: 'B' })).rejects.toThrow(/refused the event/);
    await matching.whenIdle();
    // Before, the questions were replaced (new rows, matching restarted) and only the event was missing.
    expect(await repository.listQuestions(id)).toEqual(before);
    expect((await questionnaires.get(editor, id)).status).toBe('ready');
  });

  it('leaves a stalled run stalled when the audit event of its restart could not be written', async () => {
    const { db } = testApp.container.database;
    const { id } = await questionnaires.upload(context, {
      fileName: 'stalled.csv',
      bytes: new TextEncoder().encode(CSV),
    });
    await matching.whenIdle();
    const longAgo = '2026-01-01T00:00:00.000Z';
    await db
      .updateTable('questionnaire')
      .set({ status: 'processing', progressed_at: longAgo })
      .where('id', '=', id)
      .execute();
    await breakAudit('questionnaire.restart_matching');
    await expect(questionnaires.restartStalledMatching(context, id)).rejects.toThrow(/refused the event/);
    // Before, the run was claimed (its time moved on, so nobody could restart it for another while) with no event.
    const row = await db
      .selectFrom('questionnaire')
      .select(['status', 'progressed_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'processing', progressed_at: longAgo });
    await repairAudit();
    await questionnaires.restartStalledMatching(context, id);
    await matching.whenIdle();
    expect((await questionnaires.get(editor, id)).status).toBe('ready');
    const { items } = await testApp.container.audit.list({ actionPrefix: 'questionnaire.restart' }, 1, 10);
    expect(items.filter((event) => event.targetId === String(id))).toHaveLength(1);
  });

  it('still records each decision with its event when the audit log works', async () => {
    const { id, question, slug } = takeQuestion(3);
    await questionnaires.accept(context, question.id, slug, 'Yes, for every administrator.');
    await questionnaires.markNeedsAnswer(context, question.id);
    const { items } = await testApp.container.audit.list({ actionPrefix: 'questionnaire.' }, 1, 100);
    expect(items.filter((event) => event.targetId === String(id)).map((event) => event.action)).toEqual([
      'questionnaire.needs_answer',
      'questionnaire.accept',
      'questionnaire.upload',
    ]);
    expect((await questionnaires.getQuestion(editor, question.id)).status).toBe('needs_answer');
  });
});
