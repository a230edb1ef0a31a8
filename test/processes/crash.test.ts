import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Container, createContainer, prepareDatabase } from '../../src/container.js';
import type { Actor } from '../../src/domain/staff.js';
import {
  type QuestionnaireQuestionRecord,
  QuestionnaireRepository,
} from '../../src/storage/questionnaire.repository.js';
import { type AppProcess, startAppProcess } from '../app-process.js';
import { CookieClient, readHiddenField } from '../create-admin-test-app.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

/**
 * Crash safety: the server is killed with SIGKILL in the middle of a burst of staff writes, again and again, and
 * started again each time exactly as an operator would (no repair step). The burst mixes entry creations, edits and
 * submissions, answer-library imports (the staff upload at /admin/library) and decisions on a questionnaire's
 * questions (accept a suggestion's draft, accept an edited answer, mark as needing an answer). No write the server
 * acknowledged (answered with its redirect) may be lost, an import is all or nothing with its audit event, every
 * questionnaire stays readable and exportable after each restart, and the database passes its own integrity checks.
 * `npm test` runs a few rounds; `npm run crash` runs 20 (TILLIT_CRASH_ROUNDS), and on PostgreSQL with
 * TILLIT_TEST_DATABASE=postgres.
 */
const ROUNDS = Number(process.env.TILLIT_CRASH_ROUNDS ?? '3');
const EMAIL = 'crash-admin@example.test';
const PASSWORD = 'crash-test-password-1234';
/** Reads the questionnaires as an admin, who sees every one. */
const INSPECTOR: Actor = { userId: 0, email: 'inspector@example.test', name: 'Inspector', role: 'admin' };
/** Rows in each imported library: a batch is present with all of them or with none. */
const IMPORT_ROWS = 4;
/** Questions the example content answers, so that most get suggestions to accept. */
const QUESTIONS = [
  'Do you require multi-factor authentication for administrative access?',
  'Is customer data encrypted at rest?',
  'Is data encrypted in transit with TLS?',
  'How often are backups taken and restored in a test?',
  'Do you have a documented incident response plan?',
  'Are penetration tests performed by an independent party?',
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A CookieClient speaking to a real server over HTTP. */
function httpClient(baseUrl: string, cookies?: Map<string, string>): CookieClient {
  const client = new CookieClient(
    { request: (input: string, init?: RequestInit) => fetch(input, { ...init, redirect: 'manual' }) },
    baseUrl,
  );
  for (const [name, value] of cookies ?? []) client.cookies.set(name, value);
  return client;
}

function entryForm(slug: string, version: number, csrf: string): Record<string, string> {
  return {
    _csrf: csrf,
    slug,
    question: `Is ${slug} kept safe through a crash?`,
    answer: `Version ${version} of this answer.`,
    category: 'asset-management',
    owner: 'security@example.test',
    reviewIntervalDays: '',
    alternativePhrasings: '',
    controls: 'A.5.9',
  };
}

/** POSTs a multipart form with one file, as a browser's upload form does. */
async function postFile(
  client: CookieClient,
  path: string,
  fields: Record<string, string>,
  file: { name: string; content: string | Uint8Array<ArrayBuffer> },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new File([file.content], file.name));
  const response = await client.request(path, { method: 'POST', body: form });
  return { response, text: await response.text() };
}

/** The question text of row `row` of import batch `file`; the batch's rows are counted by it after the crashes. */
function importQuestion(file: string, row: number): string {
  return `Crash import ${file} row ${row}: is every row of this batch kept together?`;
}

function importCsv(file: string): string {
  const rows = Array.from(
    { length: IMPORT_ROWS },
    (_, index) => `"${importQuestion(file, index + 1)}","Row ${index + 1} of ${file}.",,`,
  );
  return `${['Question,Answer,Category,Tags', ...rows].join('\r\n')}\r\n`;
}

/** A decision on one questionnaire question, as the review page sends it and as it must then be stored. */
interface Decision {
  status: 'accepted' | 'needs_answer';
  slug: string | null;
  answer: string | null;
}

/** What was sent about one question: its last acknowledged decision, the one sent last, and the counts acknowledged. */
interface DecisionTrack {
  questionnaireId: number;
  reference: string;
  acknowledged?: Decision;
  attempted?: Decision;
  accepts: number;
  needsAnswers: number;
}

/** What the server acknowledged, per kind of write. */
interface Acknowledged {
  created: Set<string>;
  versions: Map<string, number>;
  submitted: Set<string>;
  /** Import batches by file name: true when the import was acknowledged, false when it was only sent. */
  imports: Map<string, boolean>;
  decisions: Map<number, DecisionTrack>;
  questionnaires: { id: number; fileName: string }[];
}

/**
 * The decision the reviewer makes on `question` at `step` of its `cycle` through the questions: accept the draft,
 * accept an edited answer, or mark as needing an answer, changing from one cycle to the next.
 */
function chooseDecision(question: QuestionnaireQuestionRecord, step: number, cycle: number, round: number): Decision {
  const candidate = question.candidates[0];
  const kind = (cycle + question.position) % 3;
  if (candidate === undefined || kind === 2) return { status: 'needs_answer', slug: null, answer: null };
  const draft = candidate.draftAnswer.replace(/\r\n?/g, '\n').trim();
  if (kind === 0 && draft !== '') return { status: 'accepted', slug: candidate.slug, answer: draft };
  return {
    status: 'accepted',
    slug: candidate.slug,
    answer: `Edited in round ${round}, step ${step}, for ${question.reference}.`,
  };
}

/**
 * Sends creates, edits and submissions of entries, library imports and questionnaire decisions from several
 * clients at once until `killAfter` writes, at least one import and a few decisions were acknowledged, and then
 * 0–3 more writes (by round, so that the kill finds different writes in flight), then kills the server with SIGKILL
 * while more are in flight. The reviewer decides on `questions`, whose matching has finished.
 */
async function burstAndKill(
  server: AppProcess,
  client: CookieClient,
  csrf: string,
  round: number,
  questions: QuestionnaireQuestionRecord[],
  acknowledged: Acknowledged,
) {
  const killAfter = 12;
  let count = 0;
  let imports = 0;
  let decisions = 0;
  let killAt: number | undefined;
  let isKilled = false;
  const note = () => {
    count += 1;
    if (killAt === undefined && count >= killAfter && imports >= 1 && decisions >= 3) killAt = count + (round % 4);
    if (killAt !== undefined && count >= killAt && !isKilled) {
      isKilled = true;
      server.child.kill('SIGKILL');
    }
  };
  // A request cut off by the kill is not acknowledged; anything else is a failure of the test.
  const untilKilled = async (lane: (step: number) => Promise<void>) => {
    for (let step = 0; !isKilled; step += 1) {
      try {
        await lane(step);
      } catch (error) {
        if (isKilled) return;
        throw error;
      }
    }
  };
  const entryWriter = (lane: number) =>
    untilKilled(async (step) => {
      const slug = `crash-r${round}-l${lane}-s${step}`;
      const created = await client.post('/admin/entries', entryForm(slug, 1, csrf));
      if (created.response.status !== 303) throw new Error(`create answered ${created.response.status}`);
      acknowledged.created.add(slug);
      acknowledged.versions.set(slug, 1);
      note();
      const edited = await client.post(`/admin/entries/${slug}`, entryForm(slug, 2, csrf));
      if (edited.response.status !== 303) throw new Error(`edit answered ${edited.response.status}`);
      acknowledged.versions.set(slug, 2);
      note();
      const submitted = await client.post(`/admin/entries/${slug}/submit`, { _csrf: csrf });
      if (submitted.response.status !== 303) throw new Error(`submit answered ${submitted.response.status}`);
      acknowledged.submitted.add(slug);
      note();
    });
  const importer = () =>
    untilKilled(async (step) => {
      const file = `crash-r${round}-b${step}.csv`;
      acknowledged.imports.set(file, false);
      const fields = { _csrf: csrf, intent: 'import', status: 'draft', owner: '' };
      const imported = await postFile(client, '/admin/library', fields, { name: file, content: importCsv(file) });
      const location = imported.response.headers.get('location') ?? '';
      if (imported.response.status !== 303 || !location.includes(`added=${IMPORT_ROWS}&`)) {
        throw new Error(`import answered ${imported.response.status} ${location}: ${imported.text.slice(0, 500)}`);
      }
      acknowledged.imports.set(file, true);
      imports += 1;
      note();
    });
  const reviewer = () =>
    untilKilled(async (step) => {
      const question = questions[step % questions.length];
      if (question === undefined) throw new Error('the questionnaire has no questions');
      const track = acknowledged.decisions.get(question.id) ?? {
        questionnaireId: question.questionnaireId,
        reference: question.reference,
        accepts: 0,
        needsAnswers: 0,
      };
      acknowledged.decisions.set(question.id, track);
      const decision = chooseDecision(question, step, Math.floor(step / questions.length), round);
      track.attempted = decision;
      const path = `/admin/questionnaires/questions/${question.id}`;
      const answered =
        decision.status === 'accepted'
          ? await client.post(`${path}/accept`, {
              _csrf: csrf,
              slug: decision.slug ?? '',
              answer: decision.answer ?? '',
              shown: decision.slug ?? '',
            })
          : await client.post(`${path}/needs-answer`, { _csrf: csrf });
      if (answered.response.status !== 303) {
        throw new Error(`decision answered ${answered.response.status}: ${answered.text.slice(0, 500)}`);
      }
      track.acknowledged = decision;
      if (decision.status === 'accepted') track.accepts += 1;
      else track.needsAnswers += 1;
      decisions += 1;
      note();
    });
  await Promise.all([0, 1, 2, 3].map(entryWriter).concat([importer(), reviewer()]));
  await new Promise<void>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) resolve();
    else server.child.once('exit', () => resolve());
  });
  expect(server.child.signalCode).toBe('SIGKILL');
}

/** A small questionnaire workbook: one sheet of IDs, questions and an empty answer column. */
async function questionnaireWorkbook(): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Security');
  sheet.addRow(['ID', 'Question', 'Answer']);
  QUESTIONS.forEach((question, index) => {
    sheet.addRow([index + 1, question, '']);
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Uploads this round's questionnaire; answers its id once the upload is acknowledged. */
async function uploadQuestionnaire(client: CookieClient, csrf: string, fileName: string): Promise<number> {
  const content = await questionnaireWorkbook();
  const uploaded = await postFile(client, '/admin/questionnaires', { _csrf: csrf }, { name: fileName, content });
  expect(uploaded.response.status).toBe(303);
  return Number(/\/admin\/questionnaires\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
}

/** Waits for the matching of questionnaire `id` to finish; answers its questions with their suggestions. */
async function whenMatched(observer: Container, id: number): Promise<QuestionnaireQuestionRecord[]> {
  for (;;) {
    const { status } = await observer.questionnaires.get(INSPECTOR, id);
    if (status !== 'processing') {
      expect(status).toBe('ready');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const questions = await new QuestionnaireRepository(observer.database.db).listQuestions(id);
  expect(questions).toHaveLength(QUESTIONS.length);
  return questions;
}

/** The exported workbook reads back, with each accepted answer the database holds written beside its question. */
async function checkExport(bytes: ArrayBuffer | Uint8Array, questions: QuestionnaireQuestionRecord[]) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as ArrayBuffer);
  const sheet = workbook.getWorksheet('Security');
  expect(sheet?.getCell('B2').text).toBe(QUESTIONS[0]);
  for (const question of questions) {
    expect(sheet?.getCell(`C${question.row}`).text).toBe(question.status === 'accepted' ? question.answer : '');
  }
}

/** After a restart: every questionnaire so far still opens for review, and its export route answers a workbook. */
async function checkQuestionnairesReadable(
  client: CookieClient,
  observer: Container,
  questionnaires: Acknowledged['questionnaires'],
) {
  const repository = new QuestionnaireRepository(observer.database.db);
  for (const { id, fileName } of questionnaires) {
    const review = await client.get(`/admin/questionnaires/${id}`);
    expect(review.response.status).toBe(200);
    expect(review.text).toContain(fileName);
    const exported = await client.request(`/admin/questionnaires/${id}/export.xlsx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    await checkExport(await exported.arrayBuffer(), await repository.listQuestions(id));
  }
}

describe('crash safety', () => {
  it(
    `loses no acknowledged staff write when the server is killed ${ROUNDS} times mid-burst, and starts again each time`,
    async () => {
      const database: TestDatabase = await createTestDatabase();
      cleanups.push(() => database.remove());
      const setup = createContainer({ databaseUrl: database.url, listenForChanges: false });
      await prepareDatabase(setup, EXAMPLE_CONTENT);
      await setup.staff.createAccount(
        { email: EMAIL, name: 'Crash Admin', role: 'admin', password: PASSWORD },
        undefined,
      );
      await setup.close();
      // Reads alongside the servers (the state of a questionnaire's matching), and checks everything at the end.
      const observer = createContainer({
        databaseUrl: database.url,
        listenForChanges: false,
        mail: { from: 'tillit@localhost', isDelivering: false },
        access: { maintenanceIntervalMs: 0 },
      });
      cleanups.push(() => observer.close());

      const acknowledged: Acknowledged = {
        created: new Set(),
        versions: new Map(),
        submitted: new Set(),
        imports: new Map(),
        decisions: new Map(),
        questionnaires: [],
      };
      let cookies: Map<string, string> | undefined;
      const startAndSignIn = async () => {
        const server = await startAppProcess({ DATABASE_URL: database.url });
        cleanups.push(() => server.stop());
        const client = httpClient(server.baseUrl, cookies);
        if (cookies === undefined) {
          const signIn = await client.signIn(EMAIL, PASSWORD);
          expect(signIn.response.status).toBe(303);
          cookies = client.cookies;
        }
        // The session survives the crashes: it lives in the database.
        const csrf = readHiddenField((await client.get('/admin')).text, '_csrf');
        return { server, client, csrf };
      };
      for (let round = 1; round <= ROUNDS; round += 1) {
        const { server, client, csrf } = await startAndSignIn();
        await checkQuestionnairesReadable(client, observer, acknowledged.questionnaires);
        const fileName = `crash-r${round}.xlsx`;
        const id = await uploadQuestionnaire(client, csrf, fileName);
        acknowledged.questionnaires.push({ id, fileName });
        // Matching runs in the server's worker thread; the burst starts once the suggestions are stored.
        const questions = await whenMatched(observer, id);
        await burstAndKill(server, client, csrf, round, questions, acknowledged);
      }
      // The last round's questionnaire, which no restart checked over HTTP, exports with what was decided.
      const lastQuestionnaire = acknowledged.questionnaires.at(-1)?.id ?? 0;
      await checkExport(
        (await observer.questionnaireExports.exportXlsx(INSPECTOR, lastQuestionnaire)).bytes,
        await new QuestionnaireRepository(observer.database.db).listQuestions(lastQuestionnaire),
      );

      const check = observer;
      const { db } = check.database;
      if (database.dialect === 'sqlite') {
        const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
        expect(integrity.rows.map((row) => row.integrity_check)).toEqual(['ok']);
        const foreignKeys = await sql`pragma foreign_key_check`.execute(db);
        expect(foreignKeys.rows).toEqual([]);
      }
      expect(acknowledged.created.size).toBeGreaterThanOrEqual(ROUNDS * 4);
      const lost: string[] = [];

      // Entries: each acknowledged creation, edit and submission is there.
      for (const slug of acknowledged.created) {
        const entry = await check.entries.getEntry(slug).catch(() => undefined);
        if (entry === undefined) {
          lost.push(`${slug}: missing`);
          continue;
        }
        const version = Number(/Version (\d+)/.exec(entry.answer)?.[1] ?? 0);
        if (version < (acknowledged.versions.get(slug) ?? 0)) lost.push(`${slug}: version ${version}`);
        if (acknowledged.submitted.has(slug) && entry.status !== 'in_review') lost.push(`${slug}: ${entry.status}`);
      }
      // The audit log kept up: every acknowledged creation has its event (written in the same transaction).
      const created = await check.audit.list({ actionPrefix: 'entry.create' }, 1, 100_000);
      const audited = new Set(created.items.map((event) => event.targetId));
      for (const slug of acknowledged.created) if (!audited.has(slug)) lost.push(`${slug}: no audit event`);

      // Imports: every batch is all there or not there at all, with its audit event exactly when it is there.
      const importedRows = await db
        .selectFrom('entry')
        .select('question')
        .where('question', 'like', 'Crash import %')
        .execute();
      const rowsByBatch = new Map<string, number>();
      for (const { question } of importedRows) {
        const file = /^Crash import (\S+) row \d+:/.exec(question)?.[1] ?? '?';
        rowsByBatch.set(file, (rowsByBatch.get(file) ?? 0) + 1);
      }
      const importEvents = await check.audit.list({ actionPrefix: 'content.library_import' }, 1, 100_000);
      const importAudited = new Set(importEvents.items.map((event) => event.targetId));
      let unacknowledgedPresent = 0;
      for (const [file, isAcknowledged] of acknowledged.imports) {
        const rows = rowsByBatch.get(file) ?? 0;
        if (rows !== 0 && rows !== IMPORT_ROWS) lost.push(`${file}: half imported, ${rows} of ${IMPORT_ROWS} rows`);
        if (isAcknowledged && rows !== IMPORT_ROWS) lost.push(`${file}: acknowledged, ${rows} rows`);
        if ((rows === IMPORT_ROWS) !== importAudited.has(file)) lost.push(`${file}: ${rows} rows, audit event wrong`);
        if (!isAcknowledged && rows === IMPORT_ROWS) unacknowledgedPresent += 1;
      }
      for (const file of rowsByBatch.keys()) if (!acknowledged.imports.has(file)) lost.push(`${file}: never sent`);

      // Decisions: each question holds its last acknowledged decision (or the one in flight at the kill), and every
      // acknowledged decision has its audit event.
      const repository = new QuestionnaireRepository(db);
      const decisionEvents = await check.audit.list({ actionPrefix: 'questionnaire.' }, 1, 100_000);
      const same = (stored: QuestionnaireQuestionRecord, decision: Decision | undefined) =>
        decision !== undefined &&
        stored.status === decision.status &&
        stored.chosenSlug === decision.slug &&
        stored.answer === decision.answer;
      for (const [questionId, track] of acknowledged.decisions) {
        const stored = await repository.findQuestion(questionId);
        if (stored === undefined) {
          lost.push(`question ${questionId}: missing`);
          continue;
        }
        if (track.acknowledged !== undefined && !same(stored, track.acknowledged) && !same(stored, track.attempted)) {
          lost.push(
            `question ${questionId}: ${stored.status} "${stored.answer}", acknowledged ${track.acknowledged.answer}`,
          );
        }
        // "accepted "<slug>" for <reference>", "marked <reference> as needing an answer"
        const events = decisionEvents.items.filter(
          (event) =>
            event.targetId === String(track.questionnaireId) &&
            (event.summary.endsWith(` for ${track.reference}`) ||
              event.summary === `marked ${track.reference} as needing an answer`),
        );
        const accepts = events.filter((event) => event.action === 'questionnaire.accept').length;
        const needsAnswers = events.filter((event) => event.action === 'questionnaire.needs_answer').length;
        if (accepts < track.accepts) lost.push(`question ${questionId}: ${accepts} accept events of ${track.accepts}`);
        if (needsAnswers < track.needsAnswers) {
          lost.push(`question ${questionId}: ${needsAnswers} needs-answer events of ${track.needsAnswers}`);
        }
        if (stored.status !== 'suggested' && events.length === 0)
          lost.push(`question ${questionId}: decided, no event`);
      }
      expect(lost).toEqual([]);

      const importsAcknowledged = [...acknowledged.imports.values()].filter(Boolean).length;
      const decisionsAcknowledged = [...acknowledged.decisions.values()].reduce(
        (sum, track) => sum + track.accepts + track.needsAnswers,
        0,
      );
      expect(importsAcknowledged).toBeGreaterThanOrEqual(ROUNDS);
      expect(decisionsAcknowledged).toBeGreaterThanOrEqual(ROUNDS * 3);
      if (process.env.TILLIT_CRASH_ROUNDS !== undefined) {
        process.stdout.write(
          `crash: ${ROUNDS} kills on ${database.dialect}; acknowledged ${acknowledged.created.size} creations, ` +
            `${[...acknowledged.versions.values()].filter((version) => version === 2).length} edits, ` +
            `${acknowledged.submitted.size} submissions, ${importsAcknowledged} imports of ${IMPORT_ROWS} rows ` +
            `(${acknowledged.imports.size - importsAcknowledged} cut off by a kill: ${unacknowledgedPresent} all there, ` +
            `the rest not at all), ${decisionsAcknowledged} questionnaire decisions; lost 0; no half import; ` +
            `${database.dialect === 'sqlite' ? 'integrity_check and foreign_key_check ok' : 'every count consistent'}\n`,
        );
      }
    },
    60_000 + ROUNDS * 45_000,
  );
});
