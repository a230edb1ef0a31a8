import { AppError } from '../domain/errors.js';
import type { SheetLayout, SuggestedEntry } from '../domain/questionnaire.js';
import { type ShortAnswer, shortAnswerFor, shortAnswerWord, wordInList } from '../domain/short-answer.js';
import type { Actor } from '../domain/staff.js';
import { toCsv } from '../questionnaire/csv.js';
import { parseQuestionnaire } from '../questionnaire/index.js';
import { detectQuestionnaireLanguage } from '../questionnaire/language.js';
import { type SheetAnswerColumn, type WorkbookAnswer, writeWorkbookAnswers } from '../questionnaire/xlsx-write.js';
import type { QuestionnaireRecord, QuestionnaireRepository } from '../storage/questionnaire.repository.js';
import type { AnsweredFile, QuestionnaireService } from './questionnaire.service.js';

/** One accepted answer as exported. */
export interface ExportedAnswer {
  reference: string;
  sheet: string;
  row: number;
  question: string;
  answer: string;
  /** The short answer (yes / no / partial / not_applicable) accepted with it, or null. */
  shortAnswer: ShortAnswer | null;
  entry: string | null;
}

/** An answer to place in a workbook: its text and short answer, and where its question is. */
interface AnswerToPlace {
  sheet: string;
  row: number;
  text: string;
  shortAnswer: ShortAnswer | null;
}

/** What goes into a workbook: the cells to write and what could not be written, in words for staff. */
export interface WorkbookPlan {
  cells: WorkbookAnswer[];
  warnings: string[];
}

/** Warnings listed one by one; the rest are counted. */
const MAX_LISTED_WARNINGS = 20;

const SHORT_ANSWER_NAMES: Record<ShortAnswer, string> = {
  yes: 'yes',
  no: 'no',
  partial: 'partial',
  not_applicable: 'not applicable',
};

/**
 * Places each answer by its sheet's layout: the text in the free-text column, the short answer in the choice column
 * as the word that column's list offers. A sheet without a layout entry takes `fallback` (its answer column, the
 * text only, as before choice columns). A choice column without a list or words in its heading ("Compliant?",
 * "Uppfylls?") gets the words of `language`, the questionnaire's. What cannot be placed is said in `warnings`: a
 * choice list without a word for the short answer, a sheet whose only answer column is a choice column, a sheet
 * without any answer column.
 */
export function planWorkbookAnswers(
  answers: readonly AnswerToPlace[],
  layouts: readonly SheetLayout[],
  fallback: string | SheetAnswerColumn[] = [],
  language: 'en' | 'sv' = 'en',
): WorkbookPlan {
  const cells: WorkbookAnswer[] = [];
  const warnings: string[] = [];
  const bySheet = new Map(layouts.map((layout) => [layout.name, layout]));
  const textLeftOut = new Map<string, number>();
  const withoutShortAnswer = new Map<string, number>();
  for (const answer of answers) {
    const layout = bySheet.get(answer.sheet);
    if (layout === undefined) {
      const column =
        typeof fallback === 'string' ? fallback : fallback.find((choice) => choice.sheet === answer.sheet)?.column;
      if (column === undefined) textLeftOut.set(answer.sheet, (textLeftOut.get(answer.sheet) ?? 0) + 1);
      else if (answer.text !== '') cells.push({ sheet: answer.sheet, row: answer.row, text: answer.text, column });
      continue;
    }
    if (layout.answerColumn !== null && answer.text !== '') {
      cells.push({ sheet: answer.sheet, row: answer.row, text: answer.text, column: layout.answerColumn });
    } else if (layout.answerColumn === null && answer.text !== '') {
      textLeftOut.set(answer.sheet, (textLeftOut.get(answer.sheet) ?? 0) + 1);
    }
    if (layout.choiceColumn === null) continue;
    if (answer.shortAnswer === null) {
      withoutShortAnswer.set(answer.sheet, (withoutShortAnswer.get(answer.sheet) ?? 0) + 1);
      continue;
    }
    const word =
      layout.choiceWords === null
        ? shortAnswerWord(answer.shortAnswer, language)
        : wordInList(answer.shortAnswer, layout.choiceWords);
    if (word === null) {
      warnings.push(
        `${answer.sheet}!${layout.choiceColumn}${answer.row}: the list (${layout.choiceWords?.join(', ') ?? ''}) has no word for "${SHORT_ANSWER_NAMES[answer.shortAnswer]}", so the cell is left empty`,
      );
      continue;
    }
    cells.push({
      sheet: answer.sheet,
      row: answer.row,
      text: word,
      column: layout.choiceColumn,
      ...(layout.choiceWords === null ? {} : { listWords: layout.choiceWords }),
    });
  }
  const summaries: string[] = [];
  for (const [sheet, count] of textLeftOut) {
    const choiceColumn = bySheet.get(sheet)?.choiceColumn ?? null;
    summaries.push(
      choiceColumn === null
        ? `sheet "${sheet}" has no answer column, so ${count} ${count === 1 ? 'answer was' : 'answers were'} not written`
        : `sheet "${sheet}" has no column for the text of an answer, only the choice column ${choiceColumn}: the text of ${count} ${count === 1 ? 'answer was' : 'answers were'} not written`,
    );
  }
  for (const [sheet, count] of withoutShortAnswer) {
    const column = bySheet.get(sheet)?.choiceColumn ?? '';
    summaries.push(
      `${count} ${count === 1 ? 'answer' : 'answers'} on sheet "${sheet}" ${count === 1 ? 'has' : 'have'} no short answer, so ${count === 1 ? 'its cell' : 'their cells'} in column ${column} ${count === 1 ? 'is' : 'are'} left empty`,
    );
  }
  return { cells, warnings: [...summaries, ...limitWarnings(warnings)] };
}

function limitWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_LISTED_WARNINGS) return warnings;
  return [
    ...warnings.slice(0, MAX_LISTED_WARNINGS - 1),
    `and ${warnings.length - MAX_LISTED_WARNINGS + 1} more cells were left empty for the same reason`,
  ];
}

/** Whether a question's best suggestion is sure enough to be drafted into a file without a person reading it. */
export function isConfidentSuggestion(candidates: readonly SuggestedEntry[]): boolean {
  const confidence = candidates[0]?.confidence;
  return confidence === 'high' || confidence === 'medium';
}

/** Writing answers out: a questionnaire's accepted answers as CSV, JSON or its own workbook, and drafts into a file. */
export class QuestionnaireExportService {
  constructor(
    private readonly repository: QuestionnaireRepository,
    // Who may see a questionnaire is decided in one place: the use cases' `get`.
    private readonly questionnaires: Pick<QuestionnaireService, 'get'>,
  ) {}

  /** The accepted answers in file order. */
  async listAcceptedAnswers(actor: Actor, id: number): Promise<ExportedAnswer[]> {
    await this.questionnaires.get(actor, id);
    const questions = await this.repository.listQuestions(id);
    return questions
      .filter((question) => question.status === 'accepted')
      .map((question) => ({
        reference: question.reference,
        sheet: question.sheet,
        row: question.row,
        question: question.text,
        answer: question.answer ?? '',
        shortAnswer: question.shortAnswer,
        entry: question.chosenSlug,
      }));
  }

  /** The accepted answers as CSV (formula-safe cells). */
  async exportCsv(actor: Actor, id: number): Promise<string> {
    const answers = await this.listAcceptedAnswers(actor, id);
    return toCsv(
      ['reference', 'sheet', 'row', 'question', 'short answer', 'answer', 'entry'],
      answers.map((answer) => [
        answer.reference,
        answer.sheet,
        answer.row,
        answer.question,
        answer.shortAnswer === null ? '' : shortAnswerWord(answer.shortAnswer),
        answer.answer,
        answer.entry,
      ]),
    );
  }

  /** The accepted answers as JSON. */
  async exportJson(actor: Actor, id: number): Promise<string> {
    const questionnaire = await this.questionnaires.get(actor, id);
    const answers = await this.listAcceptedAnswers(actor, id);
    return `${JSON.stringify({ file: questionnaire.fileName, answers }, null, 2)}\n`;
  }

  /**
   * The uploaded workbook with the accepted answers written in: the text into each sheet's free-text column, the
   * short answer into its choice column as the word the column's list offers; every other part of the file is kept as
   * it was. `warnings` says what could not be written and why (nothing is written that a cell's validation refuses).
   * A CSV upload is a conflict: its answers are exported as CSV or JSON.
   */
  async exportXlsx(actor: Actor, id: number): Promise<{ fileName: string; bytes: Uint8Array; warnings: string[] }> {
    const questionnaire = await this.questionnaires.get(actor, id);
    if (questionnaire.format !== 'xlsx') {
      throw new AppError(
        'conflict',
        `${questionnaire.fileName} was uploaded as CSV, so there is no workbook to fill in; download the accepted answers as CSV or JSON instead`,
      );
    }
    const original = await this.repository.findOriginal(id);
    if (original === undefined) throw new AppError('not_found', `No questionnaire ${id}`);
    const plan = await this.planExport(actor, questionnaire, async () => original);
    const written = await writeWorkbookAnswers(original, plan.cells, []);
    const stem = questionnaire.fileName.replace(/\.[^.]*$/u, '') || 'questionnaire';
    return {
      fileName: `${stem}-answered.xlsx`,
      bytes: written.bytes,
      warnings: [
        ...plan.warnings,
        ...limitWarnings(written.unwritten.map((cell) => `${cell.sheet}!${cell.cell}: not written, ${cell.reason}`)),
      ],
    };
  }

  /**
   * What the Excel download would leave out, for the review page: the same placement as exportXlsx without writing
   * the file (a cell's own validation, checked only while writing, can add to it). Empty for a CSV upload.
   */
  async listXlsxWarnings(actor: Actor, id: number): Promise<string[]> {
    const questionnaire = await this.questionnaires.get(actor, id);
    if (questionnaire.format !== 'xlsx' || questionnaire.acceptedCount === 0) return [];
    const usedSheets = new Set(questionnaire.sheet.split(', '));
    const layout = questionnaire.layout?.filter((sheet) => usedSheets.has(sheet.name)) ?? [];
    // Only a choice column or a sheet without an answer column can leave something out: otherwise nothing is read.
    const canLeaveOut = layout.some((sheet) => sheet.choiceColumn !== null || sheet.answerColumn === null);
    if (!canLeaveOut) return [];
    return (await this.planExport(actor, questionnaire, async () => undefined)).warnings;
  }

  /** Places the accepted answers by the stored layout; `original` is read only for an upload without one. */
  private async planExport(
    actor: Actor,
    questionnaire: QuestionnaireRecord,
    original: () => Promise<Uint8Array | undefined>,
  ): Promise<WorkbookPlan> {
    const answers = await this.listAcceptedAnswers(actor, questionnaire.id);
    const toPlace = answers.map((answer) => ({
      sheet: answer.sheet,
      row: answer.row,
      text: answer.answer,
      shortAnswer: answer.shortAnswer,
    }));
    const usedSheets = new Set(questionnaire.sheet.split(', '));
    const layout = questionnaire.layout?.filter((sheet) => usedSheets.has(sheet.name)) ?? [];
    const language = detectQuestionnaireLanguage(answers.map((answer) => answer.question));
    if (layout.length > 0) return planWorkbookAnswers(toPlace, layout, [], language);
    const bytes = await original();
    if (bytes === undefined) return planWorkbookAnswers(toPlace, []);
    return planWorkbookAnswers(toPlace, [], await this.answerColumns(questionnaire, bytes));
  }

  /**
   * For an upload stored before layouts were kept: one answer column for every sheet, or (when sheets differ) each
   * sheet's column found again in the file.
   */
  private async answerColumns(
    questionnaire: QuestionnaireRecord,
    original: Uint8Array,
  ): Promise<string | SheetAnswerColumn[]> {
    const stored = questionnaire.answerColumn;
    if (stored !== null && !stored.includes(',')) return stored;
    const questionColumn = questionnaire.questionColumn;
    const parsed = await parseQuestionnaire(original, questionnaire.fileName, {
      ...(questionColumn === null || questionColumn.includes(',') ? {} : { column: questionColumn }),
    });
    return parsed.sheets.flatMap((sheet) =>
      sheet.answerColumn === null ? [] : [{ sheet: sheet.name, column: sheet.answerColumn }],
    );
  }

  /**
   * A copy of an answered workbook with the confident drafts written in (text into the free-text columns, short
   * answers into the choice columns); the other answers stay blank for a person to write. Returns the bytes, how many
   * drafts went in and what could not be written.
   */
  async writeConfidentDrafts(
    original: Uint8Array,
    answered: AnsweredFile,
  ): Promise<{ bytes: Uint8Array; drafted: number; warnings: string[] }> {
    const drafts = answered.questions.flatMap(({ question, candidates }) => {
      const best = candidates[0];
      return best !== undefined && isConfidentSuggestion(candidates)
        ? [
            {
              sheet: question.sheet,
              row: question.row,
              text: best.draftAnswer,
              shortAnswer: shortAnswerFor(question.text, best.shortAnswer),
            },
          ]
        : [];
    });
    const usedSheets = new Set(answered.questions.map(({ question }) => question.sheet));
    const plan = planWorkbookAnswers(
      drafts,
      answered.sheets.filter((sheet) => usedSheets.has(sheet.name)),
      [],
      detectQuestionnaireLanguage(answered.questions.map(({ question }) => question.text)),
    );
    const written = await writeWorkbookAnswers(original, plan.cells, []);
    return {
      bytes: written.bytes,
      drafted: drafts.length,
      warnings: [
        ...plan.warnings,
        ...limitWarnings(written.unwritten.map((cell) => `${cell.sheet}!${cell.cell}: not written, ${cell.reason}`)),
      ],
    };
  }
}
