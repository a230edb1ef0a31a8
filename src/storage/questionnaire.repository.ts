import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import {
  QUESTION_STATUSES,
  QUESTIONNAIRE_VISIBILITIES,
  QUESTIONNAIRE_WORK_STATUSES,
  type QuestionnaireContext,
  type QuestionnaireVisibility,
  type QuestionnaireWorkStatus,
  type QuestionStatus,
  type SheetLayout,
  type SuggestedEntry,
  suggestedEntrySchema,
} from '../domain/questionnaire.js';
import { SHORT_ANSWERS, type ShortAnswer } from '../domain/short-answer.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import type { Database, QuestionnaireTable } from './schema.js';

export type { QuestionStatus } from '../domain/questionnaire.js';

/** Where the matching of a questionnaire's questions stands. */
export type QuestionnaireStatus = 'processing' | 'ready' | 'failed';

/** What is known of an uploaded file from the upload itself: its name and format, who sent it when, the layout chosen. */
export interface QuestionnaireUpload {
  fileName: string;
  format: 'xlsx' | 'csv';
  uploadedById: number | null;
  uploadedAt: string;
  sheet: string;
  questionColumn: string | null;
  answerColumn: string | null;
}

/** An uploaded questionnaire without its bytes. */
export interface QuestionnaireRecord extends QuestionnaireUpload {
  id: number;
  /** Column of the short answers (comma-joined when sheets differ), or null. */
  choiceColumn: string | null;
  questionCount: number;
  acceptedCount: number;
  status: QuestionnaireStatus;
  /** Questions matched so far (the first ones in file order). */
  processedCount: number;
  /** Why matching stopped, when status is 'failed'. */
  failure: string | null;
  /** When matching last stored a slice (or started). */
  progressedAt: string | null;
  /** Every sheet as detection last found it; null until the file has been read with this kept. */
  layout: SheetLayout[] | null;
  /** Which matching run is current: re-reading the file starts a new one and stops the old. */
  matchingRun: number;
  /** The owner: the staff member who uploaded it (null when unknown). */
  ownerId: number | null;
  /** Who may see it besides its owner and admins. */
  visibility: QuestionnaireVisibility;
  /** Who sent it (free text), or null. */
  customer: string | null;
  /** When it is due (YYYY-MM-DD), or null. */
  dueDate: string | null;
  workStatus: QuestionnaireWorkStatus;
}

/** One question of a questionnaire with its suggestions and review state. */
export interface QuestionnaireQuestionRecord {
  id: number;
  questionnaireId: number;
  position: number;
  sheet: string;
  row: number;
  reference: string;
  text: string;
  /** The section heading above the question, which names its topic. */
  section: string | null;
  candidates: SuggestedEntry[];
  status: QuestionStatus;
  answer: string | null;
  chosenSlug: string | null;
  /** The short answer accepted with the answer (from the chosen entry), or null. */
  shortAnswer: ShortAnswer | null;
}

/** What an upload stores. */
export interface NewQuestionnaire extends QuestionnaireUpload {
  original: Uint8Array;
  /** The context given at upload; the owner is the uploader when left out. */
  customer?: string | null;
  dueDate?: string | null;
  ownerId?: number | null;
  /** Column of the short answers (comma-joined when sheets differ); null when left out. */
  choiceColumn?: string | null;
  /** 'team' when left out. */
  visibility?: QuestionnaireVisibility;
  /** Every sheet as detection found it (optional so that a record can be made without a parse). */
  layout?: SheetLayout[];
  questions: { sheet: string; row: number; reference: string; text: string; section: string | null }[];
}

/** What re-reading a stored file replaces: the layout, the questions (with decisions carried over) and the run. */
export interface QuestionnaireReread {
  sheet: string;
  questionColumn: string | null;
  answerColumn: string | null;
  choiceColumn: string | null;
  layout: SheetLayout[];
  questions: {
    sheet: string;
    row: number;
    reference: string;
    text: string;
    section: string | null;
    status: QuestionStatus;
    answer: string | null;
    chosenSlug: string | null;
    shortAnswer: ShortAnswer | null;
  }[];
  at: string;
}

/** The suggestions found for one question. */
export interface QuestionMatch {
  questionId: number;
  candidates: SuggestedEntry[];
}

// Stored JSON is ours, but parse it anyway: a row edited by hand must not crash the review page.
const candidatesSchema = z.array(suggestedEntrySchema);
const layoutSchema = z.array(
  z.object({
    name: z.string(),
    isHidden: z.boolean(),
    headerRow: z.number().int().nullable(),
    questionColumn: z.string().nullable(),
    answerColumn: z.string().nullable(),
    // Layouts stored before choice columns and skipped sheets were kept have neither.
    choiceColumn: z.string().nullable().default(null),
    choiceWords: z.array(z.string()).nullable().default(null),
    skipped: z.string().nullable().default(null),
    warnings: z.array(z.string()).default([]),
    questionCount: z.number().int(),
    headerCells: z.array(z.object({ column: z.string(), text: z.string() })),
  }),
);

/** The stored layout, or null when there is none or it cannot be read (it is then read again from the file). */
function parseLayout(json: string | null): SheetLayout[] | null {
  if (json === null) return null;
  try {
    return layoutSchema.nullable().catch(null).parse(JSON.parse(json));
  } catch {
    return null;
  }
}

const statusSchema = z.enum(QUESTION_STATUSES).catch('suggested');
const shortAnswerSchema = z.enum(SHORT_ANSWERS).nullable().catch(null);
const formatSchema = z.enum(['xlsx', 'csv']).catch('csv');
// An unknown value is read as the stricter one.
const visibilitySchema = z.enum(QUESTIONNAIRE_VISIBILITIES).catch('private');
const workStatusSchema = z.enum(QUESTIONNAIRE_WORK_STATUSES).catch('in_progress');
const questionnaireStatusSchema = z.enum(['processing', 'ready', 'failed']).catch('failed');

type QuestionRow = Selectable<Database['questionnaire_question']>;

function toQuestion(row: QuestionRow): QuestionnaireQuestionRecord {
  let candidates: SuggestedEntry[] = [];
  try {
    candidates = candidatesSchema.catch([]).parse(JSON.parse(row.candidates));
  } catch {
    candidates = [];
  }
  return {
    id: row.id,
    questionnaireId: row.questionnaire_id,
    position: row.position,
    sheet: row.sheet,
    row: row.row,
    reference: row.reference,
    text: row.text,
    section: row.section,
    candidates,
    status: statusSchema.parse(row.status),
    answer: row.answer,
    chosenSlug: row.chosen_slug,
    shortAnswer: shortAnswerSchema.parse(row.short_answer ?? null),
  };
}

// Rows per insert statement. PostgreSQL allows 65,535 bound parameters and SQLite 32,766, but the bound here is
// time: SQLite runs each statement synchronously on the event loop, and 100 rows keep one well under 10 ms.
const INSERT_BATCH = 100;

// Questions read per query when a whole questionnaire's texts are read for matching.
const READ_PAGE = 2_000;

/** A question to insert; a new upload's questions have no decision yet. */
type QuestionToInsert = Pick<
  QuestionnaireReread['questions'][number],
  'sheet' | 'row' | 'reference' | 'text' | 'section'
> &
  Partial<Pick<QuestionnaireReread['questions'][number], 'status' | 'answer' | 'chosenSlug' | 'shortAnswer'>>;

/**
 * Inserts questions `from`..`to` of a questionnaire in file order (positions from 1), without suggestions, in
 * batches. The rows of a batch are built just before it is written and the loop yields between batches, so that
 * visitors are served between them.
 */
async function insertQuestions(
  db: Kysely<Database>,
  questionnaireId: number,
  questions: readonly QuestionToInsert[],
  from = 0,
  to = questions.length,
): Promise<void> {
  for (let start = from; start < to; start += INSERT_BATCH) {
    if (start > from) await new Promise<void>((resolve) => setImmediate(resolve));
    const rows = [];
    for (let index = start; index < Math.min(start + INSERT_BATCH, to); index++) {
      const question = questions[index];
      if (question === undefined) continue;
      rows.push({
        questionnaire_id: questionnaireId,
        position: index + 1,
        sheet: question.sheet,
        row: question.row,
        reference: question.reference,
        text: question.text,
        section: question.section,
        candidates: '[]',
        status: question.status ?? 'suggested',
        answer: question.answer ?? null,
        chosen_slug: question.chosenSlug ?? null,
        short_answer: question.shortAnswer ?? null,
      });
    }
    await db.insertInto('questionnaire_question').values(rows).execute();
  }
}

/** Questionnaires and their questions. */
export class QuestionnaireRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a questionnaire (status 'processing') and its unmatched questions; returns its id. The questionnaire and
   * its first questions are one transaction, the rest follow a batch per statement: one transaction of 20,000
   * questions held the event loop for a quarter of a second at its commit on a busy disk. Should a later batch
   * fail, the questionnaire is deleted again and the error thrown; should the process die meanwhile, matching
   * finds fewer questions than `question_count` and fails the questionnaire saying so.
   */
  async create(questionnaire: NewQuestionnaire, describe?: (id: number) => NewAuditEvent): Promise<number> {
    const id = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('questionnaire')
        .values({
          file_name: questionnaire.fileName,
          format: questionnaire.format,
          uploaded_by_id: questionnaire.uploadedById,
          uploaded_at: questionnaire.uploadedAt,
          sheet: questionnaire.sheet,
          question_column: questionnaire.questionColumn,
          answer_column: questionnaire.answerColumn,
          choice_column: questionnaire.choiceColumn ?? null,
          original: questionnaire.original,
          question_count: questionnaire.questions.length,
          status: 'processing',
          processed_count: 0,
          progressed_at: questionnaire.uploadedAt,
          layout: questionnaire.layout === undefined ? null : JSON.stringify(questionnaire.layout),
          visibility: questionnaire.visibility ?? 'team',
          customer: questionnaire.customer ?? null,
          due_date: questionnaire.dueDate ?? null,
          owner_id: questionnaire.ownerId === undefined ? questionnaire.uploadedById : questionnaire.ownerId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertQuestions(trx, inserted.id, questionnaire.questions, 0, INSERT_BATCH);
      // The upload's audit event commits with the questionnaire: neither is ever stored without the other.
      if (describe !== undefined) await insertAuditEvent(trx, describe(inserted.id));
      return inserted.id;
    });
    try {
      await insertQuestions(this.db, id, questionnaire.questions, INSERT_BATCH);
    } catch (error) {
      await this.db
        .deleteFrom('questionnaire')
        .where('id', '=', id)
        .execute()
        .catch(() => undefined);
      throw error;
    }
    return id;
  }

  /**
   * Replaces a questionnaire's questions and layout after its file was read again and starts a new matching run:
   * status 'processing', nothing matched, the run number bumped so an older run stops. The layout, the old
   * questions' removal and the first new questions are one transaction, the rest follow a batch per statement (as
   * in `create`); should a later batch fail, the run is marked failed, saying to read the file again. With `audit`,
   * that event is written in the first transaction.
   */
  async replaceQuestions(id: number, reread: QuestionnaireReread, audit?: NewAuditEvent): Promise<void> {
    const run = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('questionnaire')
        .set((eb) => ({
          sheet: reread.sheet,
          question_column: reread.questionColumn,
          answer_column: reread.answerColumn,
          choice_column: reread.choiceColumn,
          layout: JSON.stringify(reread.layout),
          question_count: reread.questions.length,
          status: 'processing',
          processed_count: 0,
          failure: null,
          progressed_at: reread.at,
          matching_run: eb('matching_run', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('questionnaire_question').where('questionnaire_id', '=', id).execute();
      await insertQuestions(trx, id, reread.questions, 0, INSERT_BATCH);
      if (audit !== undefined) await insertAuditEvent(trx, audit);
      const current = await trx
        .selectFrom('questionnaire')
        .select('matching_run')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(current.matching_run);
    });
    try {
      await insertQuestions(this.db, id, reread.questions, INSERT_BATCH);
    } catch (error) {
      await this.finishMatching(
        id,
        run,
        { status: 'failed', failure: 'the questions could not all be stored; read the file again' },
        reread.at,
      ).catch(() => undefined);
      throw error;
    }
  }

  /** Every questionnaire, newest first, with how many answers were accepted. */
  async list(): Promise<QuestionnaireRecord[]> {
    const rows = await this.selectQuestionnaires().orderBy('questionnaire.id', 'desc').execute();
    return rows.map((row) => this.toRecord(row));
  }

  /** Changes who may see a questionnaire; with `audit`, writes that event in the same transaction. */
  async setVisibility(id: number, visibility: QuestionnaireVisibility, audit?: NewAuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('questionnaire').set({ visibility }).where('id', '=', id).execute();
      if (audit !== undefined) await insertAuditEvent(trx, audit);
    });
  }

  /**
   * Sets who sent a questionnaire, when it is due, who owns it and where the work stands; with `audit`, writes that
   * event in the same transaction.
   */
  async setContext(id: number, context: QuestionnaireContext, audit?: NewAuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('questionnaire')
        .set({
          customer: context.customer,
          due_date: context.dueDate,
          owner_id: context.ownerId,
          work_status: context.workStatus,
        })
        .where('id', '=', id)
        .execute();
      if (audit !== undefined) await insertAuditEvent(trx, audit);
    });
  }

  /** Staff members who can own a questionnaire (accounts not disabled), by name. */
  async listOwners(): Promise<{ id: number; name: string; email: string }[]> {
    return this.db
      .selectFrom('staff_user')
      .select(['id', 'name', 'email'])
      .where('disabled_at', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  /** One questionnaire, or undefined. */
  async find(id: number): Promise<QuestionnaireRecord | undefined> {
    const row = await this.selectQuestionnaires().where('questionnaire.id', '=', id).executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  /** The uploaded file's bytes, or undefined when there is no such questionnaire. */
  async findOriginal(id: number): Promise<Uint8Array | undefined> {
    const row = await this.db.selectFrom('questionnaire').select('original').where('id', '=', id).executeTakeFirst();
    return row?.original;
  }

  /** The questions of a questionnaire in file order. */
  async listQuestions(questionnaireId: number): Promise<QuestionnaireQuestionRecord[]> {
    const rows = await this.db
      .selectFrom('questionnaire_question')
      .selectAll()
      .where('questionnaire_id', '=', questionnaireId)
      .orderBy('position')
      .execute();
    return rows.map(toQuestion);
  }

  /** How many questions there are by decision and by the confidence of their best suggestion. */
  async countQuestions(questionnaireId: number): Promise<{ status: string; topConfidence: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('questionnaire_question')
      .select(['status', 'top_confidence', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('questionnaire_id', '=', questionnaireId)
      .groupBy(['status', 'top_confidence'])
      .execute();
    return rows.map((row) => ({ status: row.status, topConfidence: row.top_confidence, count: Number(row.count) }));
  }

  /** One page of questions in file order, optionally only those with a decision or a best suggestion's confidence. */
  async listQuestionPage(
    questionnaireId: number,
    filter: { status?: string; topConfidence?: string; offset: number; limit: number },
  ): Promise<QuestionnaireQuestionRecord[]> {
    let query = this.db
      .selectFrom('questionnaire_question')
      .selectAll()
      .where('questionnaire_id', '=', questionnaireId)
      .orderBy('position')
      .offset(filter.offset)
      .limit(filter.limit);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.topConfidence !== undefined) query = query.where('top_confidence', '=', filter.topConfidence);
    return (await query.execute()).map(toQuestion);
  }

  /**
   * The texts of the first `limit` questions in file order, and nothing else: what the questionnaire's language is told
   * from. The review page asks on every load, and reading whole rows parsed each one's stored suggestions for nothing.
   */
  async listFirstQuestionTexts(questionnaireId: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('questionnaire_question')
      .select('text')
      .where('questionnaire_id', '=', questionnaireId)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map((row) => row.text);
  }

  /** The questions' ids, texts and sections in file order: what matching reads, without parsing stored suggestions. */
  async listQuestionTexts(questionnaireId: number): Promise<{ id: number; text: string; section: string | null }[]> {
    // Read a page at a time, yielding between pages: SQLite answers on the event loop, and one query for 20,000
    // questions held it for tens of milliseconds.
    const questions: { id: number; text: string; section: string | null }[] = [];
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('questionnaire_question')
        .select(['id', 'text', 'section', 'position'])
        .where('questionnaire_id', '=', questionnaireId)
        .where('position', '>', after)
        .orderBy('position')
        .limit(READ_PAGE)
        .execute();
      for (const row of page) questions.push({ id: row.id, text: row.text, section: row.section });
      const last = page.at(-1);
      if (last === undefined || page.length < READ_PAGE) return questions;
      after = Number(last.position);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The first undecided question after `afterPosition` in file order, or else the first undecided one before it;
   * undefined when every question is decided.
   */
  async findNextUndecided(
    questionnaireId: number,
    afterPosition = 0,
  ): Promise<{ id: number; position: number } | undefined> {
    const first = (after: number) =>
      this.db
        .selectFrom('questionnaire_question')
        .select(['id', 'position'])
        .where('questionnaire_id', '=', questionnaireId)
        .where('status', '=', 'suggested')
        .where('position', '>', after)
        .orderBy('position')
        .limit(1)
        .executeTakeFirst();
    return (await first(afterPosition)) ?? (afterPosition > 0 ? await first(0) : undefined);
  }

  /** One question, or undefined. */
  async findQuestion(id: number): Promise<QuestionnaireQuestionRecord | undefined> {
    const row = await this.db.selectFrom('questionnaire_question').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toQuestion(row) : undefined;
  }

  /**
   * Accepts the given answers in one transaction with the audit event `describe` writes of the count, each only while
   * its question is still undecided (a decision made meanwhile stands); returns how many were accepted.
   */
  async acceptUndecided(
    answers: readonly { id: number; answer: string; chosenSlug: string; shortAnswer?: ShortAnswer | null }[],
    describe: (accepted: number) => NewAuditEvent,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let accepted = 0;
      for (const answer of answers) {
        const result = await trx
          .updateTable('questionnaire_question')
          .set({
            status: 'accepted',
            answer: answer.answer,
            chosen_slug: answer.chosenSlug,
            short_answer: answer.shortAnswer ?? null,
          })
          .where('id', '=', answer.id)
          .where('status', '=', 'suggested')
          .executeTakeFirst();
        accepted += Number(result.numUpdatedRows);
      }
      await insertAuditEvent(trx, describe(accepted));
      return accepted;
    });
  }

  /**
   * Sets a question's review state; with `audit`, writes that event in the same transaction, so that a decision is
   * never stored without the event that records it (nor the event without the decision).
   */
  async updateQuestion(
    id: number,
    change: {
      status: QuestionStatus;
      answer: string | null;
      chosenSlug: string | null;
      shortAnswer?: ShortAnswer | null;
    },
    audit?: NewAuditEvent,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('questionnaire_question')
        .set({
          status: change.status,
          answer: change.answer,
          chosen_slug: change.chosenSlug,
          short_answer: change.shortAnswer ?? null,
        })
        .where('id', '=', id)
        .execute();
      if (audit !== undefined) await insertAuditEvent(trx, audit);
    });
  }

  /**
   * Stores the suggestions of one slice of questions and how many are matched now, in one transaction, when `run`
   * is still the questionnaire's current run; false (and nothing stored) when the file was re-read meanwhile.
   */
  async storeMatches(
    id: number,
    run: number,
    matches: QuestionMatch[],
    processedCount: number,
    at: string,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // The run is checked first: question ids of a replaced set may be reused by the new questions.
      const progressed = await trx
        .updateTable('questionnaire')
        .set({ processed_count: processedCount, progressed_at: at })
        .where('id', '=', id)
        .where('matching_run', '=', run)
        .executeTakeFirst();
      if (Number(progressed.numUpdatedRows) === 0) return false;
      for (const match of matches) {
        await trx
          .updateTable('questionnaire_question')
          .set({
            candidates: JSON.stringify(match.candidates),
            top_confidence: match.candidates[0]?.confidence ?? 'none',
          })
          .where('id', '=', match.questionId)
          .where('questionnaire_id', '=', id)
          .execute();
      }
      return true;
    });
  }

  /** Marks matching run `run` of a questionnaire as done ('ready') or stopped ('failed', with why), if still current. */
  async finishMatching(
    id: number,
    run: number,
    outcome: { status: 'ready' } | { status: 'failed'; failure: string },
    at: string,
  ): Promise<void> {
    await this.db
      .updateTable('questionnaire')
      .set({ status: outcome.status, failure: outcome.status === 'failed' ? outcome.failure : null, progressed_at: at })
      .where('id', '=', id)
      .where('matching_run', '=', run)
      .execute();
  }

  /**
   * Takes over a run still 'processing' that has not moved since `staleBefore`: true for exactly one caller
   * (the conditional update is the claim), so two processes never restart the same run.
   */
  async claimStaleMatching(id: number, staleBefore: string, at: string, audit?: NewAuditEvent): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('questionnaire')
        .set({ progressed_at: at })
        .where('id', '=', id)
        .where('status', '=', 'processing')
        .where((eb) => eb.or([eb('progressed_at', 'is', null), eb('progressed_at', '<', staleBefore)]))
        .executeTakeFirst();
      const claimed = Number(result.numUpdatedRows) > 0;
      if (claimed && audit !== undefined) await insertAuditEvent(trx, audit);
      return claimed;
    });
  }

  private selectQuestionnaires() {
    return this.db
      .selectFrom('questionnaire')
      .select([
        'questionnaire.id',
        'questionnaire.file_name',
        'questionnaire.format',
        'questionnaire.uploaded_by_id',
        'questionnaire.uploaded_at',
        'questionnaire.sheet',
        'questionnaire.question_column',
        'questionnaire.answer_column',
        'questionnaire.choice_column',
        'questionnaire.question_count',
        'questionnaire.status',
        'questionnaire.processed_count',
        'questionnaire.failure',
        'questionnaire.progressed_at',
        'questionnaire.layout',
        'questionnaire.matching_run',
        'questionnaire.visibility',
        'questionnaire.customer',
        'questionnaire.due_date',
        'questionnaire.owner_id',
        'questionnaire.work_status',
      ])
      .select((eb) =>
        eb
          .selectFrom('questionnaire_question')
          .select((inner) => inner.fn.countAll<number | string>().as('count'))
          .whereRef('questionnaire_question.questionnaire_id', '=', 'questionnaire.id')
          .where('questionnaire_question.status', '=', 'accepted')
          .as('accepted_count'),
      );
  }

  private toRecord(
    row: Omit<Selectable<QuestionnaireTable>, 'original'> & { accepted_count: number | string | null },
  ): QuestionnaireRecord {
    return {
      id: row.id,
      fileName: row.file_name,
      format: formatSchema.parse(row.format),
      uploadedById: row.uploaded_by_id,
      uploadedAt: row.uploaded_at,
      sheet: row.sheet,
      questionColumn: row.question_column,
      answerColumn: row.answer_column,
      choiceColumn: row.choice_column,
      questionCount: row.question_count,
      // PostgreSQL returns count() as a string (bigint).
      acceptedCount: Number(row.accepted_count ?? 0),
      status: questionnaireStatusSchema.parse(row.status),
      processedCount: row.processed_count,
      failure: row.failure,
      progressedAt: row.progressed_at,
      layout: parseLayout(row.layout),
      matchingRun: row.matching_run,
      ownerId: row.owner_id ?? row.uploaded_by_id,
      visibility: visibilitySchema.parse(row.visibility),
      customer: row.customer,
      dueDate: row.due_date,
      workStatus: workStatusSchema.parse(row.work_status),
    };
  }
}
