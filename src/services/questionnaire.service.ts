import { ENTRY_LIMITS, findEntryProblems, trimEntryFields } from '../domain/entry-rules.js';
import { AppError } from '../domain/errors.js';
import {
  CONFIDENCE_LEVELS,
  canChangeQuestionnaireVisibility,
  canSeeQuestionnaire,
  type QuestionnaireVisibility,
  type QuestionStatus,
  type ReviewPage,
  type SheetLayout,
  type SuggestedEntry,
} from '../domain/questionnaire.js';
import { type Actor, hasPermission } from '../domain/staff.js';
import { toCsv } from '../questionnaire/csv.js';
import {
  type DetectedSheet,
  type ParsedQuestionnaire,
  parseQuestionnaire,
  type QuestionRow,
} from '../questionnaire/index.js';
import { type Confidence, type QuestionInContext, toMatchableEntry } from '../questionnaire/matcher.js';
import { MatchingError, type MatchingSession, startMatchingSession } from '../questionnaire/matching-session.js';
import { type SheetAnswerColumn, writeAnswersToWorkbook } from '../questionnaire/xlsx-write.js';
import type {
  QuestionnaireQuestionRecord,
  QuestionnaireRecord,
  QuestionnaireRepository,
} from '../storage/questionnaire.repository.js';
import type { AuditService } from './audit.service.js';
import type { ContentService } from './content.service.js';
import type { ActionContext, EntryInput, EntryService } from './entry.service.js';
import { buildPublishedSite } from './public-site.service.js';
import type { SettingService } from './setting.service.js';

/** Suggestions kept per question. */
export const CANDIDATES_PER_QUESTION = 5;
/** Questions the matching worker is given at a time; each slice is stored as it comes back, showing progress. */
export const MATCHING_SLICE_SIZE = 50;
/** A section longer than this many slices is cut anyway: one heading over a whole file must not make one slice of it. */
export const MAX_SLICES_PER_SECTION = 2;
/** A run still 'processing' that has not stored a slice for this long is taken to have died with its process. */
export const STALE_MATCHING_MS = 5 * 60 * 1000;

/** Tuning for the background matching (tests hold it at a known point through `afterSlice`). */
export interface QuestionnaireServiceOptions {
  /** Questions per slice; MATCHING_SLICE_SIZE by default. */
  sliceSize?: number;
  /** Awaited after each slice has been stored, before the next one starts. */
  afterSlice?: (progress: { id: number; processed: number; total: number }) => Promise<void> | void;
  /** Told about a run that failed (its message is also stored and shown on the review page). */
  onMatchingError?: (id: number, error: unknown) => void;
  /** Heap limit of the matching worker in MB (MATCHING_WORKER_MEMORY_MB by default). */
  matchingMemoryMb?: number;
}

/** What staff choose when uploading, besides the file. */
export interface UploadInput {
  fileName: string;
  bytes: Uint8Array;
  sheet?: string;
  column?: string;
  answerColumn?: string;
  /** Who may see it besides the uploader and admins; 'team' when left out. */
  visibility?: QuestionnaireVisibility;
}

/** What staff choose when re-reading a stored file; a field left out is detected again. */
export interface LayoutChoice {
  /** A sheet of the workbook by its exact name; without it every sheet that looks like a questionnaire is read. */
  sheet?: string;
  /** 1-based row of the column headings. */
  headerRow?: number;
  /** Question column letter, e.g. `C`. */
  column?: string;
  /** Answer column letter, e.g. `D`. */
  answerColumn?: string;
}

/** A file to answer without storing it (`tillit answer`); a choice left out is detected. */
export interface FileToAnswer {
  fileName: string;
  bytes: Uint8Array;
  sheet?: string;
  column?: string;
  answerColumn?: string;
  headerRow?: number;
  /** Suggestions kept per question. */
  top: number;
}

/** Every question of a file with its ranked suggestions, and where its answers would go. */
export interface AnsweredFile {
  format: 'xlsx' | 'csv';
  questions: { question: QuestionRow; candidates: SuggestedEntry[] }[];
  /** The answer column of each sheet that has one. */
  answerColumns: SheetAnswerColumn[];
}

/** Whether a question's best suggestion is sure enough to be drafted into a file without a person reading it. */
export function isConfidentSuggestion(candidates: readonly SuggestedEntry[]): boolean {
  const confidence = candidates[0]?.confidence;
  return confidence === 'high' || confidence === 'medium';
}

/** What re-reading changed: decisions on unchanged rows kept, decisions on rows that changed dropped. */
export interface RereadResult {
  questionnaire: QuestionnaireRecord;
  keptDecisions: number;
  discardedDecisions: number;
}

/** A questionnaire with the questions shown (after the filter) and counts over all questions. */
export interface QuestionnaireReview {
  questionnaire: QuestionnaireRecord;
  /** Matching is 'processing' but nothing was stored for STALE_MATCHING_MS: its process likely died. */
  isStalled: boolean;
  questions: QuestionnaireQuestionRecord[];
  counts: {
    total: number;
    accepted: number;
    needsAnswer: number;
    byConfidence: Record<Confidence, number>;
    /** Undecided questions whose first suggestion has this confidence: what "accept all" would take. */
    undecidedByConfidence: Record<Confidence, number>;
  };
  /** Where `questions` sit among the questions the filters let through. */
  page: ReviewPage;
}

/** Questions shown on one review page: a 20,000-question file is read a page at a time, never whole. */
export const REVIEW_PAGE_SIZE = 100;

/** How confident a suggestion must be for "accept all": high only, or high and medium. */
export type BulkAcceptLevel = 'high' | 'medium';

/** One accepted answer as exported. */
export interface ExportedAnswer {
  reference: string;
  sheet: string;
  row: number;
  question: string;
  answer: string;
  entry: string | null;
}

/** The confidence of a question's best suggestion ('none' without one). */
export function topConfidence(question: QuestionnaireQuestionRecord): Confidence {
  return question.candidates[0]?.confidence ?? 'none';
}

function requireEdit(context: ActionContext): void {
  if (!hasPermission(context.actor, 'edit')) throw new AppError('forbidden', 'Your role cannot edit');
}

const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

const COLUMN_LETTERS = /^[A-Z]{1,3}$/;

/** The layout kept with a questionnaire: every sheet as detection found it, without the row counts. */
function toLayout(sheets: DetectedSheet[]): SheetLayout[] {
  return sheets.map((sheet) => ({
    name: sheet.name,
    isHidden: sheet.isHidden,
    headerRow: sheet.headerRow,
    questionColumn: sheet.questionColumn,
    answerColumn: sheet.answerColumn,
    questionCount: sheet.questionCount,
    headerCells: sheet.headerCells,
  }));
}

/** The sheets questions were read from, and their question and answer columns (comma-joined when sheets differ). */
function describeUse(parsed: ParsedQuestionnaire): {
  sheet: string;
  questionColumn: string | null;
  answerColumn: string | null;
} {
  const usedSheets = new Set(parsed.questions.map((question) => question.sheet));
  const detected = parsed.sheets.filter((sheet) => usedSheets.has(sheet.name));
  const distinct = (values: (string | null)[]) => {
    const unique = [...new Set(values.filter((value): value is string => value !== null))];
    return unique.length === 0 ? null : unique.join(', ');
  };
  return {
    sheet: [...usedSheets].join(', '),
    questionColumn: distinct(detected.map((sheet) => sheet.questionColumn)),
    answerColumn: distinct(detected.map((sheet) => sheet.answerColumn)),
  };
}

/**
 * The layout of an upload from before layouts were kept, read from its stored file (not stored: re-reading
 * stores the layout it uses). A file that cannot be read again has none.
 */
async function readLayout(fileName: string, original: Uint8Array): Promise<SheetLayout[]> {
  try {
    return toLayout((await parseQuestionnaire(original, fileName)).sheets);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return [];
  }
}

/** Identifies a question across two readings of a file: same sheet, same row, same text. */
function decisionKey(question: { sheet: string; row: number; text: string }): string {
  return `${question.sheet}\u0000${question.row}\u0000${normalise(question.text)}`;
}

function invalidChoice(field: string, message: string): AppError {
  return new AppError('invalid_input', message, [{ source: 'form', field, message }]);
}

/** Uploading questionnaires, reviewing the suggested answers, and exporting the accepted ones. */
export class QuestionnaireService {
  constructor(
    private readonly repository: QuestionnaireRepository,
    private readonly entries: EntryService,
    private readonly settings: Pick<SettingService, 'isPhrasingLearningOn'>,
    private readonly content: Pick<ContentService, 'getContent'>,
    private readonly audit: AuditService,
    private readonly now: () => Date,
    private readonly options: QuestionnaireServiceOptions = {},
  ) {}

  /** Matching runs of this process by questionnaire id. */
  private readonly running = new Map<number, Promise<void>>();

  /**
   * Reads the file and stores it with its questions (status 'processing'), then matches the questions in the
   * background: the caller gets the record at once. A file that cannot be read throws the parser's error (with
   * its problems) and stores nothing.
   */
  async upload(context: ActionContext, input: UploadInput): Promise<QuestionnaireRecord> {
    requireEdit(context);
    const parsed = await parseQuestionnaire(input.bytes, input.fileName, {
      ...(input.sheet === undefined ? {} : { sheet: input.sheet }),
      ...(input.column === undefined ? {} : { column: input.column }),
      ...(input.answerColumn === undefined ? {} : { answerColumn: input.answerColumn }),
    });
    if (parsed.questions.length === 0) {
      throw new AppError('invalid_input', `${input.fileName}: no questions were found`, [
        { source: input.fileName, message: 'no questions were found' },
      ]);
    }
    const questions = parsed.questions.map((question) => ({
      sheet: question.sheet,
      row: question.row,
      reference: question.reference,
      text: question.text,
      section: question.section ?? null,
    }));
    const id = await this.repository.create({
      fileName: input.fileName,
      format: parsed.format,
      uploadedById: context.actor.userId,
      uploadedAt: this.now().toISOString(),
      ...describeUse(parsed),
      original: input.bytes,
      layout: toLayout(parsed.sheets),
      visibility: input.visibility ?? 'team',
      questions,
    });
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.upload',
      targetType: 'questionnaire',
      targetId: String(id),
      ip: context.ip,
      summary: `uploaded "${input.fileName}" with ${questions.length} questions, visible to ${input.visibility === 'private' ? 'the uploader and admins' : 'the team'}`,
    });
    const questionnaire = await this.load(id);
    void this.startMatching(id);
    return questionnaire;
  }

  /** Resolves when every matching run of this process has finished (before closing the database). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Starts (or joins) the background matching of one questionnaire; the promise never rejects. */
  private startMatching(id: number): Promise<void> {
    const existing = this.running.get(id);
    if (existing) return existing;
    return this.track(id, this.match(id));
  }

  /**
   * Starts a new matching run after the file was re-read. A run of this process still going sees that its run
   * number is no longer current and stops at its next slice; the new one starts after it.
   */
  private restartMatching(id: number): Promise<void> {
    const previous = this.running.get(id) ?? Promise.resolve();
    return this.track(
      id,
      previous.then(() => this.match(id)),
    );
  }

  /** Keeps `run` in the map of running matches until it ends (unless a newer run took its place). */
  private track(id: number, work: Promise<void>): Promise<void> {
    const run: Promise<void> = work.finally(() => {
      if (this.running.get(id) === run) this.running.delete(id);
    });
    this.running.set(id, run);
    return run;
  }

  /** Whether a run is 'processing' with no slice stored for STALE_MATCHING_MS and none of it running here. */
  private isStalled(questionnaire: QuestionnaireRecord): boolean {
    if (questionnaire.status !== 'processing' || this.running.has(questionnaire.id)) return false;
    const staleBefore = this.now().getTime() - STALE_MATCHING_MS;
    return questionnaire.progressedAt === null || Date.parse(questionnaire.progressedAt) < staleBefore;
  }

  /**
   * Restarts a run left 'processing' by a process that died (nothing stored for STALE_MATCHING_MS). A run that
   * moved recently is a conflict: another process may still be working on it.
   */
  async restartStalledMatching(context: ActionContext, id: number): Promise<QuestionnaireRecord> {
    requireEdit(context);
    const questionnaire = await this.get(context.actor, id);
    const now = this.now();
    const staleBefore = new Date(now.getTime() - STALE_MATCHING_MS).toISOString();
    // The conditional update is the claim: of two staff restarting at once, one restarts and one is told no.
    const isClaimed =
      !this.running.has(id) && (await this.repository.claimStaleMatching(id, staleBefore, now.toISOString()));
    if (!isClaimed) {
      throw new AppError('conflict', 'Matching is not stalled: it has finished or is still storing suggestions');
    }
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.restart_matching',
      targetType: 'questionnaire',
      targetId: String(id),
      ip: context.ip,
      summary: `restarted the stalled matching of "${questionnaire.fileName}"`,
    });
    void this.startMatching(id);
    return this.load(id);
  }

  /** Matches the questions not matched yet in the matching worker, a slice at a time, storing each slice as it comes back. */
  private async match(id: number): Promise<void> {
    let run: number | undefined;
    let session: MatchingSession | undefined;
    try {
      const questionnaire = await this.load(id);
      run = questionnaire.matchingRun;
      const questions = await this.repository.listQuestionTexts(id);
      const sliceSize = this.sliceSize();
      // The worker gets the library once; the questions follow a slice at a time, each stored as it comes back.
      session = await this.startSession(CANDIDATES_PER_QUESTION);
      // A slice holds whole sections where it can, because a section's questions are matched together.
      for (const slice of sectionSlices(questions, questionnaire.processedCount, sliceSize)) {
        const start = slice.start;
        const sliceQuestions = questions.slice(slice.start, slice.end);
        const suggestions = await session.match(sliceQuestions);
        const matches = sliceQuestions.map((question, index) => ({
          questionId: question.id,
          candidates: suggestions[index] ?? [],
        }));
        const processed = start + matches.length;
        const isCurrent = await this.repository.storeMatches(id, run, matches, processed, this.now().toISOString());
        // The file was re-read meanwhile: a newer run matches the new questions.
        if (!isCurrent) return;
        await this.options.afterSlice?.({ id, processed, total: questions.length });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await this.repository.finishMatching(id, run, { status: 'ready' }, this.now().toISOString());
    } catch (error) {
      try {
        this.options.onMatchingError?.(id, error);
      } catch {
        // A failing reporter must not keep the failure from being stored.
      }
      // Our own reasons are written for the reviewer; anything else is internal text, kept for the log only.
      const failure =
        error instanceof MatchingError || error instanceof AppError
          ? error.message
          : 'an unexpected error; the server log has the details';
      // Without a run number the questionnaire could not be read at all: there is nothing to record it on.
      if (run === undefined) return;
      // The database may be gone (shutting down): nothing more can be recorded, and nobody awaits this run.
      await this.repository
        .finishMatching(id, run, { status: 'failed', failure }, this.now().toISOString())
        .catch(() => undefined);
    } finally {
      await session?.close();
    }
  }

  /** A matching session over the published library as it is now. */
  private async startSession(top: number): Promise<MatchingSession> {
    const published = buildPublishedSite(await this.content.getContent(), 0).entries;
    return startMatchingSession(published.map(toMatchableEntry), {
      top,
      ...(this.options.matchingMemoryMb === undefined ? {} : { memoryMb: this.options.matchingMemoryMb }),
    });
  }

  private sliceSize(): number {
    return Math.max(1, this.options.sliceSize ?? MATCHING_SLICE_SIZE);
  }

  /**
   * Reads a file and suggests entries for each of its questions the way an upload is matched (in the matching
   * worker, a slice at a time), storing nothing: for the operator's `tillit answer`, which shows only published
   * answers. A file that cannot be read throws the parser's error.
   */
  async answerFile(input: FileToAnswer): Promise<AnsweredFile> {
    const parsed = await parseQuestionnaire(input.bytes, input.fileName, {
      ...(input.sheet === undefined ? {} : { sheet: input.sheet }),
      ...(input.column === undefined ? {} : { column: input.column }),
      ...(input.answerColumn === undefined ? {} : { answerColumn: input.answerColumn }),
      ...(input.headerRow === undefined ? {} : { headerRow: input.headerRow }),
    });
    const suggestions: SuggestedEntry[][] = [];
    if (parsed.questions.length > 0) {
      const session = await this.startSession(input.top);
      try {
        for (const slice of sectionSlices(parsed.questions, 0, this.sliceSize())) {
          suggestions.push(...(await session.match(parsed.questions.slice(slice.start, slice.end))));
        }
      } finally {
        await session.close();
      }
    }
    return {
      format: parsed.format,
      questions: parsed.questions.map((question, index) => ({ question, candidates: suggestions[index] ?? [] })),
      answerColumns: parsed.sheets.flatMap((sheet) =>
        sheet.answerColumn === null ? [] : [{ sheet: sheet.name, column: sheet.answerColumn }],
      ),
    };
  }

  /**
   * A copy of an answered workbook with the confident drafts written as text into the answer columns; the other
   * answers stay blank for a person to write. Returns the bytes and how many drafts went in.
   */
  async writeConfidentDrafts(
    original: Uint8Array,
    answered: AnsweredFile,
  ): Promise<{ bytes: Uint8Array; drafted: number }> {
    const drafts = answered.questions.flatMap(({ question, candidates }) => {
      const best = candidates[0];
      return best !== undefined && isConfidentSuggestion(candidates)
        ? [{ sheet: question.sheet, row: question.row, text: best.draftAnswer }]
        : [];
    });
    return { bytes: await writeAnswersToWorkbook(original, drafts, answered.answerColumns), drafted: drafts.length };
  }

  /** Every questionnaire `actor` may see, newest first. */
  async list(actor: Actor): Promise<QuestionnaireRecord[]> {
    return (await this.repository.list()).filter((questionnaire) => canSeeQuestionnaire(actor, questionnaire));
  }

  /** One questionnaire; not_found when missing or when `actor` may not see it (so its existence stays hidden). */
  async get(actor: Actor, id: number): Promise<QuestionnaireRecord> {
    const questionnaire = await this.repository.find(id);
    if (!questionnaire || !canSeeQuestionnaire(actor, questionnaire)) {
      throw new AppError('not_found', `No questionnaire ${id}`);
    }
    return questionnaire;
  }

  /** One questionnaire whoever asks, for the service's own background work; not_found when missing. */
  private async load(id: number): Promise<QuestionnaireRecord> {
    const questionnaire = await this.repository.find(id);
    if (!questionnaire) throw new AppError('not_found', `No questionnaire ${id}`);
    return questionnaire;
  }

  /** Makes a questionnaire visible to the team or only to its owner and admins; only they may change it. */
  async setVisibility(
    context: ActionContext,
    id: number,
    visibility: QuestionnaireVisibility,
  ): Promise<QuestionnaireRecord> {
    const questionnaire = await this.get(context.actor, id);
    if (!canChangeQuestionnaireVisibility(context.actor, questionnaire)) {
      throw new AppError('forbidden', 'Only the owner of the questionnaire or an admin can change who sees it');
    }
    if (questionnaire.visibility === visibility) return questionnaire;
    await this.repository.setVisibility(id, visibility);
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.visibility',
      targetType: 'questionnaire',
      targetId: String(id),
      ip: context.ip,
      summary: `made "${questionnaire.fileName}" visible to ${visibility === 'private' ? 'its owner and admins' : 'the team'}`,
    });
    return this.load(id);
  }

  /**
   * A questionnaire's questions, only those whose best suggestion has `confidence` and whose decision is
   * `status`, when given. Only reads: a stalled run is reported (`isStalled`), never restarted here.
   */
  async review(
    actor: Actor,
    id: number,
    confidence?: Confidence,
    status?: QuestionStatus,
    pageNumber = 1,
  ): Promise<QuestionnaireReview> {
    const questionnaire = await this.get(actor, id);
    const byConfidence: Record<Confidence, number> = { high: 0, medium: 0, low: 0, none: 0 };
    const undecidedByConfidence: Record<Confidence, number> = { high: 0, medium: 0, low: 0, none: 0 };
    const byStatus = new Map<string, number>();
    let total = 0;
    let matching = 0;
    for (const group of await this.repository.countQuestions(id)) {
      const level = CONFIDENCE_LEVELS.find((candidate) => candidate === group.topConfidence) ?? 'none';
      total += group.count;
      byConfidence[level] += group.count;
      if (group.status === 'suggested') undecidedByConfidence[level] += group.count;
      byStatus.set(group.status, (byStatus.get(group.status) ?? 0) + group.count);
      const isShown =
        (confidence === undefined || level === confidence) && (status === undefined || group.status === status);
      if (isShown) matching += group.count;
    }
    const count = Math.max(1, Math.ceil(matching / REVIEW_PAGE_SIZE));
    const number = Math.min(Math.max(1, Math.trunc(pageNumber)), count);
    // While matching runs the page shows progress only; the questions are read once they are ready.
    const questions =
      questionnaire.status === 'ready'
        ? await this.repository.listQuestionPage(id, {
            ...(status === undefined ? {} : { status }),
            ...(confidence === undefined ? {} : { topConfidence: confidence }),
            offset: (number - 1) * REVIEW_PAGE_SIZE,
            limit: REVIEW_PAGE_SIZE,
          })
        : [];
    return {
      questionnaire,
      isStalled: this.isStalled(questionnaire),
      questions,
      counts: {
        total,
        accepted: byStatus.get('accepted') ?? 0,
        needsAnswer: byStatus.get('needs_answer') ?? 0,
        byConfidence,
        undecidedByConfidence,
      },
      page: { number, count, size: REVIEW_PAGE_SIZE, matching },
    };
  }

  /**
   * Reads the stored file again with the sheet, header row and columns staff chose, replaces the questions and
   * restarts matching. Decisions (accepted, needs answer) on questions whose sheet, row and text are unchanged
   * are kept; the others are dropped. A choice that yields no questions throws and changes nothing.
   */
  async reread(context: ActionContext, id: number, choice: LayoutChoice): Promise<RereadResult> {
    requireEdit(context);
    const questionnaire = await this.get(context.actor, id);
    const original = await this.repository.findOriginal(id);
    if (original === undefined) throw new AppError('not_found', `No questionnaire ${id}`);
    const layout = questionnaire.layout ?? (await readLayout(questionnaire.fileName, original));
    this.checkChoice(questionnaire.fileName, layout, choice);
    const parsed = await parseQuestionnaire(original, questionnaire.fileName, {
      ...(choice.sheet === undefined ? {} : { sheet: choice.sheet }),
      ...(choice.headerRow === undefined ? {} : { headerRow: choice.headerRow }),
      ...(choice.column === undefined ? {} : { column: choice.column }),
      ...(choice.answerColumn === undefined ? {} : { answerColumn: choice.answerColumn }),
    });
    const decisions = new Map(
      (await this.repository.listQuestions(id))
        .filter((question) => question.status !== 'suggested')
        .map((question) => [decisionKey(question), question]),
    );
    let keptDecisions = 0;
    const questions = parsed.questions.map((question) => {
      const decided = decisions.get(decisionKey(question));
      if (decided !== undefined) keptDecisions += 1;
      return {
        sheet: question.sheet,
        row: question.row,
        reference: question.reference,
        text: question.text,
        section: question.section ?? null,
        status: decided?.status ?? 'suggested',
        answer: decided?.answer ?? null,
        chosenSlug: decided?.chosenSlug ?? null,
      };
    });
    const use = describeUse(parsed);
    await this.repository.replaceQuestions(id, {
      ...use,
      layout: toLayout(parsed.sheets),
      questions,
      at: this.now().toISOString(),
    });
    const discardedDecisions = decisions.size - keptDecisions;
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.reread',
      targetType: 'questionnaire',
      targetId: String(id),
      ip: context.ip,
      summary: `re-read "${questionnaire.fileName}" from sheet "${use.sheet}", question column ${use.questionColumn ?? '-'}, answer column ${use.answerColumn ?? '-'}: ${questions.length} questions, ${keptDecisions} decisions kept, ${discardedDecisions} dropped`,
    });
    void this.restartMatching(id);
    return { questionnaire: await this.load(id), keptDecisions, discardedDecisions };
  }

  /** Refuses a sheet the workbook does not have and column choices that are not letters or clash. */
  private checkChoice(fileName: string, layout: SheetLayout[], choice: LayoutChoice): void {
    if (choice.sheet !== undefined && !layout.some((sheet) => sheet.name === choice.sheet)) {
      const names = layout.map((sheet) => `"${sheet.name}"`).join(', ');
      throw invalidChoice('sheet', `${fileName} has no sheet "${choice.sheet}"; its sheets are ${names || '(none)'}`);
    }
    for (const [field, value] of [
      ['column', choice.column],
      ['answerColumn', choice.answerColumn],
    ] as const) {
      if (value !== undefined && !COLUMN_LETTERS.test(value)) {
        throw invalidChoice(field, `"${value}" is not a column letter; choose a column such as B`);
      }
    }
    if (choice.column !== undefined && choice.column === choice.answerColumn) {
      throw invalidChoice(
        'answerColumn',
        `the answer column cannot be the question column (${choice.column}); answers would overwrite the questions`,
      );
    }
  }

  /** One question; not_found when missing or when `actor` may not see its questionnaire. */
  async getQuestion(actor: Actor, questionId: number): Promise<QuestionnaireQuestionRecord> {
    const question = await this.repository.findQuestion(questionId);
    const questionnaire = question && (await this.repository.find(question.questionnaireId));
    if (!question || !questionnaire || !canSeeQuestionnaire(actor, questionnaire)) {
      throw new AppError('not_found', `No questionnaire question ${questionId}`);
    }
    return question;
  }

  /**
   * Accepts an answer drawn from one of the question's suggested entries. The question becomes an
   * alternative phrasing of that entry (a new version and an audit event) unless it already is one,
   * the entry is archived, or the entry has no room for it.
   */
  async accept(
    context: ActionContext,
    questionId: number,
    slug: string,
    answer: string,
    shownSuggestion?: string,
  ): Promise<{ question: QuestionnaireQuestionRecord; isPhrasingAdded: boolean }> {
    requireEdit(context);
    const question = await this.getQuestion(context.actor, questionId);
    const chosen = question.candidates.find((candidate) => candidate.slug === slug);
    // Without JavaScript the text box keeps the first suggestion's draft when another entry is picked;
    // an unedited draft therefore means "use the chosen entry's draft".
    const isUnedited = shownSuggestion !== undefined && normalise(answer) === normalise(shownSuggestion);
    const text = (isUnedited && chosen ? chosen.draftAnswer : answer).trim();
    if (text === '') {
      throw new AppError('invalid_input', 'Write an answer before accepting it', [
        { source: 'form', field: 'answer', message: 'Write an answer before accepting it' },
      ]);
    }
    if (text.length > ENTRY_LIMITS.answer) {
      throw new AppError('invalid_input', `Answers may be at most ${ENTRY_LIMITS.answer} characters`);
    }
    if (!chosen) {
      throw new AppError('invalid_input', `"${slug}" is not one of the suggestions for ${question.reference}`);
    }
    const isPhrasingAdded =
      (await this.settings.isPhrasingLearningOn()) &&
      (await this.addPhrasing(context, slug, phrasingOf(question.text, question.section)));
    await this.repository.updateQuestion(question.id, { status: 'accepted', answer: text, chosenSlug: slug });
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.accept',
      targetType: 'questionnaire',
      targetId: String(question.questionnaireId),
      ip: context.ip,
      summary: `accepted "${slug}" for ${question.reference}`,
    });
    return { question: await this.getQuestion(context.actor, questionId), isPhrasingAdded };
  }

  /**
   * Accepts the first suggestion's draft for every question nobody has decided on yet whose first
   * suggestion is confident enough: `high`, or `medium` for high and medium. Unlike accepting one by
   * one, this records no question as a phrasing of its entry, since nobody read them one by one.
   * One audit event; returns how many questions were accepted.
   */
  async acceptConfident(context: ActionContext, id: number, level: BulkAcceptLevel): Promise<number> {
    requireEdit(context);
    const questionnaire = await this.get(context.actor, id);
    if (questionnaire.status !== 'ready') {
      throw new AppError('conflict', 'Suggestions are still being matched; accept them once matching has finished');
    }
    const levels: readonly Confidence[] = level === 'high' ? ['high'] : ['high', 'medium'];
    const answers = (await this.repository.listQuestions(id)).flatMap((question) => {
      const first = question.candidates[0];
      const answer = first?.draftAnswer.trim() ?? '';
      if (question.status !== 'suggested' || !first || !levels.includes(first.confidence) || answer === '') return [];
      return [{ id: question.id, answer: answer.slice(0, ENTRY_LIMITS.answer), chosenSlug: first.slug }];
    });
    const accepted = await this.repository.acceptUndecided(answers);
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.accept_confident',
      targetType: 'questionnaire',
      targetId: String(id),
      ip: context.ip,
      summary: `accepted the first suggestion of ${accepted} undecided questions with ${levels.join(' or ')} confidence`,
    });
    return accepted;
  }

  /** Marks a question as one the knowledge base cannot answer yet. */
  async markNeedsAnswer(context: ActionContext, questionId: number): Promise<QuestionnaireQuestionRecord> {
    requireEdit(context);
    const question = await this.getQuestion(context.actor, questionId);
    await this.repository.updateQuestion(question.id, { status: 'needs_answer', answer: null, chosenSlug: null });
    await this.audit.record({
      actor: context.actor,
      action: 'questionnaire.needs_answer',
      targetType: 'questionnaire',
      targetId: String(question.questionnaireId),
      ip: context.ip,
      summary: `marked ${question.reference} as needing an answer`,
    });
    return this.getQuestion(context.actor, questionId);
  }

  /** The accepted answers in file order. */
  async listAcceptedAnswers(actor: Actor, id: number): Promise<ExportedAnswer[]> {
    await this.get(actor, id);
    const questions = await this.repository.listQuestions(id);
    return questions
      .filter((question) => question.status === 'accepted')
      .map((question) => ({
        reference: question.reference,
        sheet: question.sheet,
        row: question.row,
        question: question.text,
        answer: question.answer ?? '',
        entry: question.chosenSlug,
      }));
  }

  /** The accepted answers as CSV (formula-safe cells). */
  async exportCsv(actor: Actor, id: number): Promise<string> {
    const answers = await this.listAcceptedAnswers(actor, id);
    return toCsv(
      ['reference', 'sheet', 'row', 'question', 'answer', 'entry'],
      answers.map((answer) => [
        answer.reference,
        answer.sheet,
        answer.row,
        answer.question,
        answer.answer,
        answer.entry,
      ]),
    );
  }

  /** The accepted answers as JSON. */
  async exportJson(actor: Actor, id: number): Promise<string> {
    const questionnaire = await this.get(actor, id);
    const answers = await this.listAcceptedAnswers(actor, id);
    return `${JSON.stringify({ file: questionnaire.fileName, answers }, null, 2)}\n`;
  }

  /**
   * The uploaded workbook with the accepted answers written as text into the answer column; every other part of the
   * file is kept as it was. A CSV upload is a conflict: its answers are exported as CSV or JSON.
   */
  async exportXlsx(actor: Actor, id: number): Promise<{ fileName: string; bytes: Uint8Array }> {
    const questionnaire = await this.get(actor, id);
    if (questionnaire.format !== 'xlsx') {
      throw new AppError(
        'conflict',
        `${questionnaire.fileName} was uploaded as CSV, so there is no workbook to fill in; download the accepted answers as CSV or JSON instead`,
      );
    }
    const original = await this.repository.findOriginal(id);
    if (original === undefined) throw new AppError('not_found', `No questionnaire ${id}`);
    const answers = await this.listAcceptedAnswers(actor, id);
    const columns = await this.answerColumns(questionnaire, original);
    const bytes = await writeAnswersToWorkbook(
      original,
      answers.map((answer) => ({ sheet: answer.sheet, row: answer.row, text: answer.answer })),
      columns,
    );
    const stem = questionnaire.fileName.replace(/\.[^.]*$/u, '') || 'questionnaire';
    return { fileName: `${stem}-answered.xlsx`, bytes };
  }

  /** One answer column for every sheet, or (when sheets differ) each sheet's column found again in the file. */
  private async answerColumns(
    questionnaire: QuestionnaireRecord,
    original: Uint8Array,
  ): Promise<string | SheetAnswerColumn[]> {
    const stored = questionnaire.answerColumn;
    if (stored !== null && !stored.includes(',')) return stored;
    const usedSheets = new Set(questionnaire.sheet.split(', '));
    const layout = questionnaire.layout?.filter((sheet) => usedSheets.has(sheet.name));
    if (layout !== undefined && layout.length > 0) {
      return layout.flatMap((sheet) =>
        sheet.answerColumn === null ? [] : [{ sheet: sheet.name, column: sheet.answerColumn }],
      );
    }
    const questionColumn = questionnaire.questionColumn;
    const parsed = await parseQuestionnaire(original, questionnaire.fileName, {
      ...(questionColumn === null || questionColumn.includes(',') ? {} : { column: questionColumn }),
    });
    return parsed.sheets.flatMap((sheet) =>
      sheet.answerColumn === null ? [] : [{ sheet: sheet.name, column: sheet.answerColumn }],
    );
  }

  private async addPhrasing(context: ActionContext, slug: string, questionText: string): Promise<boolean> {
    // A phrasing joins a change waiting for approval rather than replacing it.
    const entry = await this.entries.getLatestText(slug);
    if (entry.status === 'archived') return false;
    const phrasing = questionText.trim().replace(/\s+/g, ' ');
    const wanted = normalise(phrasing);
    const isKnown =
      normalise(entry.question) === wanted || entry.alternativePhrasings.some((known) => normalise(known) === wanted);
    if (isKnown) return false;
    const input: EntryInput = {
      question: entry.question,
      answer: entry.answer,
      category: entry.category,
      tags: entry.tags,
      owner: entry.owner,
      reviewIntervalDays: entry.reviewIntervalDays,
      alternativePhrasings: [...entry.alternativePhrasings, phrasing],
      controls: entry.controls,
    };
    // A phrasing too long, one too many, or an entry stored before a rule it breaks: the acceptance stands
    // without the phrasing rather than failing on a field the reviewer never touched.
    if (findEntryProblems(trimEntryFields(input)).length > 0) return false;
    await this.entries.updateEntry(context, slug, input, 'added a phrasing from a questionnaire');
    return true;
  }
}

/**
 * Consecutive ranges of questions from `from` on, each about `size` long without splitting a run of questions
 * under one section heading (questions without a heading may be split anywhere), unless the run is longer than
 * MAX_SLICES_PER_SECTION slices: then it is cut too, so every slice stays bounded.
 */
export function sectionSlices(
  questions: readonly QuestionInContext[],
  from: number,
  size: number,
): { start: number; end: number }[] {
  const slices: { start: number; end: number }[] = [];
  const sectionAt = (index: number) => questions[index]?.section?.trim() ?? '';
  let start = from;
  for (let end = from + 1; end < questions.length; end++) {
    const splitsSection = sectionAt(end) !== '' && sectionAt(end) === sectionAt(end - 1);
    if (end - start >= size && (!splitsSection || end - start >= size * MAX_SLICES_PER_SECTION)) {
      slices.push({ start, end });
      start = end;
    }
  }
  if (start < questions.length) slices.push({ start, end: questions.length });
  return slices;
}

/**
 * The wording an accepted question leaves on its entry: the question as the matcher read it, under its
 * section heading ("Backups: Frequency"), when that fits an alternative phrasing; else the question alone.
 */
export function phrasingOf(text: string, section: string | null | undefined): string {
  const question = text.trim().replace(/\s+/g, ' ');
  const heading = section?.trim().replace(/\s+/g, ' ');
  if (!heading) return question;
  const withHeading = `${heading}: ${question}`;
  return withHeading.length <= ENTRY_LIMITS.phrasingLength ? withHeading : question;
}
