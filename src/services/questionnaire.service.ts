import { isCertificationSuggestion } from '../domain/certification-answer.js';
import { ENTRY_LIMITS, findEntryProblems, trimEntryFields } from '../domain/entry-rules.js';
import { AppError } from '../domain/errors.js';
import { countPages } from '../domain/page.js';
import {
  type BulkAcceptItem,
  CONFIDENCE_LEVELS,
  canChangeQuestionnaireContext,
  canChangeQuestionnaireVisibility,
  canSeeQuestionnaire,
  type QuestionnaireContext,
  type QuestionnaireVisibility,
  type QuestionStatus,
  type ReviewPage,
  type SheetLayout,
  type SuggestedEntry,
} from '../domain/questionnaire.js';
import { type ShortAnswer, shortAnswerFor } from '../domain/short-answer.js';
import { type Actor, hasPermission } from '../domain/staff.js';
import type { ContentLanguage } from '../domain/translation.js';
import {
  type DetectedSheet,
  type ParsedQuestionnaire,
  type ParseOptions,
  parseQuestionnaire,
  type QuestionRow,
} from '../questionnaire/index.js';
import { detectQuestionnaireLanguage, LANGUAGE_SAMPLE_QUESTIONS } from '../questionnaire/language.js';
import type { Confidence } from '../questionnaire/matcher.js';
import type { SheetAnswerColumn } from '../questionnaire/xlsx-write.js';
import type {
  QuestionnaireQuestionRecord,
  QuestionnaireRecord,
  QuestionnaireRepository,
} from '../storage/questionnaire.repository.js';
import { toAuditEvent } from './audit.service.js';
import type { ActionContext, EntryInput, EntryService } from './entry.service.js';
import type { QuestionnaireMatchingService } from './questionnaire-matching.service.js';
import type { SettingService } from './setting.service.js';

/** What staff choose when re-reading a stored file; a field left out is detected again. */
export interface LayoutChoice {
  /** A sheet of the workbook by its exact name; without it every sheet that looks like a questionnaire is read. */
  sheet?: string;
  /** Several sheets by their exact names, read together (with `sheet`, if given). */
  sheets?: string[];
  /** Short-answer (Yes/No) column letter, e.g. `C`. */
  choiceColumn?: string;
  /** 1-based row of the column headings. */
  headerRow?: number;
  /** Question column letter, e.g. `C`. */
  column?: string;
  /** Answer column letter, e.g. `D`. */
  answerColumn?: string;
}

/** What staff choose when uploading: the file, its layout (the header row is always detected) and who it is for. */
export interface UploadInput extends Omit<LayoutChoice, 'headerRow'> {
  fileName: string;
  bytes: Uint8Array;
  /** Who may see it besides the uploader and admins; 'team' when left out. */
  visibility?: QuestionnaireVisibility;
  /** Who sent it, when it is due and who owns it (a staff member's id; the uploader when left out). */
  customer?: string;
  dueDate?: string;
  ownerId?: number;
}

/** A file to answer without storing it (`tillit answer`); a choice left out is detected. */
export interface FileToAnswer extends LayoutChoice {
  fileName: string;
  bytes: Uint8Array;
  /** Suggestions kept per question. */
  top: number;
}

/** Every question of a file with its ranked suggestions, and where its answers would go. */
export interface AnsweredFile {
  format: 'xlsx' | 'csv';
  questions: { question: QuestionRow; candidates: SuggestedEntry[] }[];
  /** The answer column of each sheet that has one. */
  answerColumns: SheetAnswerColumn[];
  /** Every sheet as detection found it: its choice column and list words, and why a sheet was skipped. */
  sheets: SheetLayout[];
  /** Sheets left out as copies of another sheet, with why. */
  skippedSheets: { name: string; reason: string }[];
  /** What reading changed (a question cut to 4,000 characters), naming sheet and cell. */
  warnings: string[];
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
  /** The first undecided question in file order, with the (unfiltered) review page it is on. */
  firstUndecided: UndecidedQuestion | undefined;
  /** The language the questions are written in, whose texts of the entries matching used. */
  language: ContentLanguage;
}

/** An undecided question and the unfiltered review page that shows it. */
export interface UndecidedQuestion {
  id: number;
  page: number;
}

/**
 * Questions shown on one review page: a 20,000-question file is read a page at a time, never whole. 50 undecided
 * questions, each with its suggestions and draft, come to about 150 KB of HTML (bench/review.bench.ts).
 */
export const REVIEW_PAGE_SIZE = 50;

/** How confident a suggestion must be for "accept all": high only, or high and medium. */
export type BulkAcceptLevel = 'high' | 'medium';

/** What "accept all" would accept, shown for confirmation before anything is written. */
export interface BulkAcceptPreview {
  questionnaire: QuestionnaireRecord;
  level: BulkAcceptLevel;
  items: BulkAcceptItem[];
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
    choiceColumn: sheet.choiceColumn,
    choiceWords: sheet.choiceWords,
    skipped: sheet.skipped,
    warnings: sheet.warnings,
    questionCount: sheet.questionCount,
    headerCells: sheet.headerCells,
  }));
}

/** The sheets a choice names: `sheets` and `sheet` together, each once; undefined when none is named. */
function chosenSheets(choice: { sheet?: string; sheets?: string[] }): string[] | undefined {
  const names = [...new Set([...(choice.sheet === undefined ? [] : [choice.sheet]), ...(choice.sheets ?? [])])];
  return names.length === 0 ? undefined : names;
}

/** What the parser is told of a layout choice: the sheets named and each column or row chosen; the rest it detects. */
function toParseOptions(choice: LayoutChoice): ParseOptions {
  const sheets = chosenSheets(choice);
  return {
    ...(sheets === undefined ? {} : { sheets }),
    ...(choice.headerRow === undefined ? {} : { headerRow: choice.headerRow }),
    ...(choice.column === undefined ? {} : { column: choice.column }),
    ...(choice.answerColumn === undefined ? {} : { answerColumn: choice.answerColumn }),
    ...(choice.choiceColumn === undefined ? {} : { choiceColumn: choice.choiceColumn }),
  };
}

/** The sheets questions were read from, and their question and answer columns (comma-joined when sheets differ). */
function describeUse(parsed: ParsedQuestionnaire): {
  sheet: string;
  questionColumn: string | null;
  answerColumn: string | null;
  choiceColumn: string | null;
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
    choiceColumn: distinct(detected.map((sheet) => sheet.choiceColumn)),
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

/** Refuses a choice column that is also the question or the answer column (letters or headings, any case). */
function checkColumnClash(choice: { column?: string; answerColumn?: string; choiceColumn?: string }): void {
  const same = (left: string | undefined, right: string | undefined) =>
    left !== undefined && right !== undefined && left.trim().toLowerCase() === right.trim().toLowerCase();
  if (same(choice.choiceColumn, choice.column)) {
    throw invalidChoice(
      'choiceColumn',
      `the choice column cannot be the question column (${choice.column}); short answers would overwrite the questions`,
    );
  }
  if (same(choice.choiceColumn, choice.answerColumn)) {
    throw invalidChoice(
      'choiceColumn',
      `the choice column and the answer column are both ${choice.choiceColumn}; the short answer and the text need a column each`,
    );
  }
}

function invalidChoice(field: string, message: string): AppError {
  return new AppError('invalid_input', message, [{ source: 'form', field, message }]);
}

/**
 * The use cases staff call on questionnaires: upload, review, accept, mark as needing an answer, accept the
 * confident ones, re-read, change who sees one, restart a stalled run. Matching runs in
 * QuestionnaireMatchingService; exports are QuestionnaireExportService's.
 */
export class QuestionnaireService {
  constructor(
    private readonly repository: QuestionnaireRepository,
    private readonly matching: QuestionnaireMatchingService,
    private readonly entries: EntryService,
    private readonly settings: Pick<SettingService, 'isPhrasingLearningOn'>,
    private readonly now: () => Date,
  ) {}

  /**
   * Reads the file and stores it with its questions (status 'processing'), then matches the questions in the
   * background: the caller gets the record at once. A file that cannot be read throws the parser's error (with
   * its problems) and stores nothing.
   */
  async upload(context: ActionContext, input: UploadInput): Promise<QuestionnaireRecord> {
    requireEdit(context);
    checkColumnClash(input);
    const parsed = await parseQuestionnaire(input.bytes, input.fileName, toParseOptions(input));
    if (input.ownerId !== undefined) await this.requireOwner(input.ownerId);
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
    const id = await this.repository.create(
      {
        fileName: input.fileName,
        format: parsed.format,
        uploadedById: context.actor.userId,
        uploadedAt: this.now().toISOString(),
        ...describeUse(parsed),
        original: input.bytes,
        layout: toLayout(parsed.sheets),
        visibility: input.visibility ?? 'team',
        customer: input.customer ?? null,
        dueDate: input.dueDate ?? null,
        ownerId: input.ownerId ?? context.actor.userId,
        questions,
      },
      (id) =>
        toAuditEvent(
          {
            actor: context.actor,
            action: 'questionnaire.upload',
            targetType: 'questionnaire',
            targetId: String(id),
            ip: context.ip,
            summary: `uploaded "${input.fileName}" with ${questions.length} questions, visible to ${input.visibility === 'private' ? 'the uploader and admins' : 'the team'}`,
          },
          this.now(),
        ),
    );
    const questionnaire = await this.load(id);
    void this.matching.start(id);
    return questionnaire;
  }

  /**
   * Restarts a run left 'processing' by a process that died (nothing stored for STALE_MATCHING_MS). A run that
   * moved recently is a conflict: another process may still be working on it.
   */
  async restartStalledMatching(context: ActionContext, id: number): Promise<QuestionnaireRecord> {
    requireEdit(context);
    const questionnaire = await this.get(context.actor, id);
    const audit = toAuditEvent(
      {
        actor: context.actor,
        action: 'questionnaire.restart_matching',
        targetType: 'questionnaire',
        targetId: String(id),
        ip: context.ip,
        summary: `restarted the stalled matching of "${questionnaire.fileName}"`,
      },
      this.now(),
    );
    if (!(await this.matching.claimStalled(id, audit))) {
      throw new AppError('conflict', 'Matching is not stalled: it has finished or is still storing suggestions');
    }
    void this.matching.start(id);
    return this.load(id);
  }

  /**
   * Reads a file and suggests entries for each of its questions the way an upload is matched (in the matching
   * worker, a slice at a time), storing nothing: for the operator's `tillit answer`, which shows only published
   * answers. A file that cannot be read throws the parser's error.
   */
  async answerFile(input: FileToAnswer): Promise<AnsweredFile> {
    const parsed = await parseQuestionnaire(input.bytes, input.fileName, toParseOptions(input));
    const suggestions = await this.matching.suggest(parsed.questions, input.top);
    return {
      format: parsed.format,
      questions: parsed.questions.map((question, index) => ({ question, candidates: suggestions[index] ?? [] })),
      answerColumns: parsed.sheets.flatMap((sheet) =>
        sheet.answerColumn === null ? [] : [{ sheet: sheet.name, column: sheet.answerColumn }],
      ),
      sheets: toLayout(parsed.sheets),
      skippedSheets: parsed.skippedSheets,
      warnings: parsed.warnings,
    };
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
    await this.repository.setVisibility(
      id,
      visibility,
      toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.visibility',
          targetType: 'questionnaire',
          targetId: String(id),
          ip: context.ip,
          summary: `made "${questionnaire.fileName}" visible to ${visibility === 'private' ? 'its owner and admins' : 'the team'}`,
        },
        this.now(),
      ),
    );
    return this.load(id);
  }

  /** Staff members who can own a questionnaire, by name. */
  async listOwners(): Promise<{ id: number; name: string; email: string }[]> {
    return this.repository.listOwners();
  }

  /** Today as YYYY-MM-DD (UTC), for due dates. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  private async requireOwner(ownerId: number): Promise<void> {
    if (!(await this.repository.listOwners()).some((owner) => owner.id === ownerId)) {
      throw new AppError('invalid_input', 'The owner must be a staff member whose account is active', [
        { source: 'form', field: 'owner', message: 'The owner must be a staff member whose account is active' },
      ]);
    }
  }

  /**
   * Sets who sent a questionnaire, when it is due, who owns the work and where it stands. Editors and its owner may;
   * the owner must be an active staff member. One audit event naming what changed; nothing changed records nothing.
   */
  async setContext(context: ActionContext, id: number, change: QuestionnaireContext): Promise<QuestionnaireRecord> {
    const questionnaire = await this.get(context.actor, id);
    if (!canChangeQuestionnaireContext(context.actor, questionnaire)) {
      throw new AppError('forbidden', 'Only an editor or the owner of the questionnaire can change its details');
    }
    if (change.ownerId !== null && change.ownerId !== questionnaire.ownerId) await this.requireOwner(change.ownerId);
    const changes = [
      questionnaire.customer !== change.customer ? `customer "${change.customer ?? ''}"` : '',
      questionnaire.dueDate !== change.dueDate ? `due ${change.dueDate ?? 'never'}` : '',
      questionnaire.ownerId !== change.ownerId ? `owner #${change.ownerId ?? '-'}` : '',
      questionnaire.workStatus !== change.workStatus ? `status ${change.workStatus}` : '',
    ].filter((part) => part !== '');
    if (changes.length === 0) return questionnaire;
    await this.repository.setContext(
      id,
      change,
      toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.context',
          targetType: 'questionnaire',
          targetId: String(id),
          ip: context.ip,
          summary: `changed the details of "${questionnaire.fileName}": ${changes.join(', ')}`,
        },
        this.now(),
      ),
    );
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
    const count = countPages(matching, REVIEW_PAGE_SIZE);
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
      isStalled: this.matching.isStalled(questionnaire),
      questions,
      counts: {
        total,
        accepted: byStatus.get('accepted') ?? 0,
        needsAnswer: byStatus.get('needs_answer') ?? 0,
        byConfidence,
        undecidedByConfidence,
      },
      page: { number, count, size: REVIEW_PAGE_SIZE, matching },
      firstUndecided: questionnaire.status === 'ready' ? await this.findNextUndecided(id) : undefined,
      // Detected from the same first questions as matching detects it from.
      language: detectQuestionnaireLanguage(
        await this.repository.listFirstQuestionTexts(id, LANGUAGE_SAMPLE_QUESTIONS),
      ),
    };
  }

  /**
   * The next undecided question after position `afterPosition` (wrapping to the start), with the unfiltered review
   * page it is on; undefined when every question is decided. The caller has already checked who may see it.
   */
  async findNextUndecided(questionnaireId: number, afterPosition = 0): Promise<UndecidedQuestion | undefined> {
    const next = await this.repository.findNextUndecided(questionnaireId, afterPosition);
    return next && { id: next.id, page: Math.ceil(next.position / REVIEW_PAGE_SIZE) };
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
    const parsed = await parseQuestionnaire(original, questionnaire.fileName, toParseOptions(choice));
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
        shortAnswer: decided?.shortAnswer ?? null,
      };
    });
    const use = describeUse(parsed);
    const discardedDecisions = decisions.size - keptDecisions;
    const at = this.now();
    // The new questions and the audit event are one write: a process that dies in between leaves neither.
    await this.repository.replaceQuestions(
      id,
      { ...use, layout: toLayout(parsed.sheets), questions, at: at.toISOString() },
      toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.reread',
          targetType: 'questionnaire',
          targetId: String(id),
          ip: context.ip,
          summary: `re-read "${questionnaire.fileName}" from sheet "${use.sheet}", question column ${use.questionColumn ?? '-'}, answer column ${use.answerColumn ?? '-'}, choice column ${use.choiceColumn ?? '-'}: ${questions.length} questions, ${keptDecisions} decisions kept, ${discardedDecisions} dropped`,
        },
        at,
      ),
    );
    void this.matching.restart(id);
    return { questionnaire: await this.load(id), keptDecisions, discardedDecisions };
  }

  /** Refuses a sheet the workbook does not have and column choices that are not letters or clash. */
  private checkChoice(fileName: string, layout: SheetLayout[], choice: LayoutChoice): void {
    for (const name of chosenSheets(choice) ?? []) {
      if (!layout.some((sheet) => sheet.name === name)) {
        const names = layout.map((sheet) => `"${sheet.name}"`).join(', ');
        throw invalidChoice('sheet', `${fileName} has no sheet "${name}"; its sheets are ${names || '(none)'}`);
      }
    }
    for (const [field, value] of [
      ['column', choice.column],
      ['answerColumn', choice.answerColumn],
      ['choiceColumn', choice.choiceColumn],
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
    checkColumnClash(choice);
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
    shown?: { text: string } | { slug: string },
    /** The short answer the reviewer saw beside the text; left out, the chosen entry's is saved. */
    choice: { shortAnswer?: ShortAnswer | null } = {},
  ): Promise<{ question: QuestionnaireQuestionRecord; isPhrasingAdded: boolean }> {
    requireEdit(context);
    const question = await this.getQuestion(context.actor, questionId);
    const chosen = question.candidates.find((candidate) => candidate.slug === slug);
    // The form names the entry whose draft it put in the box ('' for the saved answer), or sends the text itself.
    const shownText =
      shown === undefined
        ? undefined
        : 'text' in shown
          ? shown.text
          : (question.candidates.find((candidate) => candidate.slug === shown.slug)?.draftAnswer ??
            question.answer ??
            undefined);
    const isUnedited = shownText !== undefined && normalise(answer) === normalise(shownText);
    // What the reviewer saw is what is saved. A box still holding another entry's draft, unedited, while this entry
    // is chosen (a radio changed without the draft following it) is refused: neither text was clearly meant.
    if (chosen && isUnedited && isAnotherDraft(question.candidates, slug, answer)) {
      throw new AppError(
        'conflict',
        `You chose "${slug}" for ${question.reference}, but the box showed the draft of another entry. The draft of "${slug}" is shown now: read it, then accept again.`,
        [{ source: 'form', field: 'answer', message: 'the box showed the draft of another entry' }],
      );
    }
    const text = answer.replace(/\r\n?/g, '\n').trim();
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
    // A certification is not an entry: there is no text of it to learn a phrasing into.
    const isPhrasingAdded =
      !isCertificationSuggestion(slug) &&
      (await this.settings.isPhrasingLearningOn()) &&
      (await this.addPhrasing(context, slug, phrasingOf(question.text, question.section)));
    // The decision and its audit event are one write: a process that dies between them leaves neither.
    await this.repository.updateQuestion(
      question.id,
      {
        status: 'accepted',
        answer: text,
        chosenSlug: slug,
        shortAnswer:
          choice.shortAnswer !== undefined ? choice.shortAnswer : shortAnswerFor(question.text, chosen.shortAnswer),
      },
      toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.accept',
          targetType: 'questionnaire',
          targetId: String(question.questionnaireId),
          ip: context.ip,
          summary: `accepted "${slug}" for ${question.reference}`,
        },
        this.now(),
      ),
    );
    return { question: await this.getQuestion(context.actor, questionId), isPhrasingAdded };
  }

  /**
   * What "accept all" at `level` would accept: every undecided question whose first suggestion is confident enough
   * (`high`, or `medium` for high and medium) and has a draft, in file order. An item is `isCrowded` when its entry
   * is also the first suggestion of a neighbouring question, or of two more in its section: one entry answering
   * several different questions is often a sign the matcher leaned on shared words, so the reviewer checks them.
   */
  async previewConfident(actor: Actor, id: number, level: BulkAcceptLevel): Promise<BulkAcceptPreview> {
    if (!hasPermission(actor, 'edit')) throw new AppError('forbidden', 'Your role cannot edit');
    const questionnaire = await this.get(actor, id);
    if (questionnaire.status !== 'ready') {
      throw new AppError('conflict', 'Suggestions are still being matched; accept them once matching has finished');
    }
    const levels: readonly Confidence[] = level === 'high' ? ['high'] : ['high', 'medium'];
    const questions = await this.repository.listQuestions(id);
    const bySection = new Map<string, number>();
    for (const question of questions) {
      const slug = question.candidates[0]?.slug;
      if (slug !== undefined && question.section !== null) {
        const key = `${question.section}\u0000${slug}`;
        bySection.set(key, (bySection.get(key) ?? 0) + 1);
      }
    }
    const items: BulkAcceptItem[] = [];
    questions.forEach((question, index) => {
      const first = question.candidates[0];
      if (question.status !== 'suggested' || !first || !levels.includes(first.confidence)) return;
      if (first.draftAnswer.trim() === '') return;
      const isNeighbour = (other: QuestionnaireQuestionRecord | undefined) => other?.candidates[0]?.slug === first.slug;
      const inSection = question.section === null ? 0 : (bySection.get(`${question.section}\u0000${first.slug}`) ?? 0);
      items.push({
        id: question.id,
        reference: question.reference,
        text: question.text,
        section: question.section,
        slug: first.slug,
        entryQuestion: first.question,
        confidence: first.confidence,
        isCrowded: isNeighbour(questions[index - 1]) || isNeighbour(questions[index + 1]) || inSection >= 3,
      });
    });
    return { questionnaire, level, items };
  }

  /**
   * Accepts the first suggestion's draft of the questions the reviewer confirmed on the preview, each given with the
   * entry the preview showed for it. A question decided meanwhile, whose first suggestion is no longer that entry or
   * no longer confident enough, or that is not this questionnaire's, is skipped: nothing is accepted that the
   * preview did not show. Unlike accepting one by one, no question becomes a phrasing of its entry (nobody read them
   * one by one). One audit event; returns how many were accepted and skipped.
   */
  async acceptConfident(
    context: ActionContext,
    id: number,
    level: BulkAcceptLevel,
    confirmed: readonly { id: number; slug: string }[],
  ): Promise<{ accepted: number; skipped: number }> {
    requireEdit(context);
    const questionnaire = await this.get(context.actor, id);
    if (questionnaire.status !== 'ready') {
      throw new AppError('conflict', 'Suggestions are still being matched; accept them once matching has finished');
    }
    const levels: readonly Confidence[] = level === 'high' ? ['high'] : ['high', 'medium'];
    const shown = new Map(confirmed.map((item) => [item.id, item.slug]));
    const answers = (await this.repository.listQuestions(id)).flatMap((question) => {
      const first = question.candidates[0];
      const answer = first?.draftAnswer.trim() ?? '';
      if (question.status !== 'suggested' || !first || !levels.includes(first.confidence) || answer === '') return [];
      if (shown.get(question.id) !== first.slug) return [];
      return [
        {
          id: question.id,
          answer: answer.slice(0, ENTRY_LIMITS.answer),
          chosenSlug: first.slug,
          shortAnswer: shortAnswerFor(question.text, first.shortAnswer),
        },
      ];
    });
    const at = this.now();
    const accepted = await this.repository.acceptUndecided(answers, (count) => {
      const skipped = confirmed.length - count;
      return toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.accept_confident',
          targetType: 'questionnaire',
          targetId: String(id),
          ip: context.ip,
          summary: `accepted the first suggestion of ${count} undecided questions with ${levels.join(' or ')} confidence, confirmed on a preview${skipped > 0 ? `; ${skipped} skipped as decided or changed since` : ''}`,
        },
        at,
      );
    });
    return { accepted, skipped: confirmed.length - accepted };
  }

  /** Marks a question as one the knowledge base cannot answer yet. */
  async markNeedsAnswer(context: ActionContext, questionId: number): Promise<QuestionnaireQuestionRecord> {
    requireEdit(context);
    const question = await this.getQuestion(context.actor, questionId);
    await this.repository.updateQuestion(
      question.id,
      { status: 'needs_answer', answer: null, chosenSlug: null, shortAnswer: null },
      toAuditEvent(
        {
          actor: context.actor,
          action: 'questionnaire.needs_answer',
          targetType: 'questionnaire',
          targetId: String(question.questionnaireId),
          ip: context.ip,
          summary: `marked ${question.reference} as needing an answer`,
        },
        this.now(),
      ),
    );
    return this.getQuestion(context.actor, questionId);
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
    const input: Required<EntryInput> = {
      question: entry.question,
      answer: entry.answer,
      category: entry.category,
      tags: entry.tags,
      owner: entry.owner,
      reviewIntervalDays: entry.reviewIntervalDays,
      alternativePhrasings: [...entry.alternativePhrasings, phrasing],
      controls: entry.controls,
      shortAnswer: entry.shortAnswer,
      questionnaireWording: entry.questionnaireWording,
      // The pending change's translation, which a phrasing leaves as it is.
      translations: entry.translations ?? {},
    };
    // A phrasing too long, one too many, or an entry stored before a rule it breaks: the acceptance stands
    // without the phrasing rather than failing on a field the reviewer never touched.
    if (findEntryProblems(trimEntryFields(input)).length > 0) return false;
    await this.entries.updateEntry(context, slug, input, 'added a phrasing from a questionnaire');
    return true;
  }
}

/** Whether `text` is the draft of a suggestion other than `slug` and not also the draft of `slug`. */
function isAnotherDraft(candidates: readonly SuggestedEntry[], slug: string, text: string): boolean {
  const shown = normalise(text);
  const isChosenDraft = candidates.some(
    (candidate) => candidate.slug === slug && normalise(candidate.draftAnswer) === shown,
  );
  return !isChosenDraft && candidates.some((candidate) => normalise(candidate.draftAnswer) === shown);
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
