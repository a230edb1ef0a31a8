import { AppError } from '../domain/errors.js';
import type { SuggestedEntry } from '../domain/questionnaire.js';
import type { Actor } from '../domain/staff.js';
import { toCsv } from '../questionnaire/csv.js';
import { parseQuestionnaire } from '../questionnaire/index.js';
import { type SheetAnswerColumn, writeAnswersToWorkbook } from '../questionnaire/xlsx-write.js';
import type { QuestionnaireRecord, QuestionnaireRepository } from '../storage/questionnaire.repository.js';
import type { AnsweredFile, QuestionnaireService } from './questionnaire.service.js';

/** One accepted answer as exported. */
export interface ExportedAnswer {
  reference: string;
  sheet: string;
  row: number;
  question: string;
  answer: string;
  entry: string | null;
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
    const questionnaire = await this.questionnaires.get(actor, id);
    const answers = await this.listAcceptedAnswers(actor, id);
    return `${JSON.stringify({ file: questionnaire.fileName, answers }, null, 2)}\n`;
  }

  /**
   * The uploaded workbook with the accepted answers written as text into the answer column; every other part of the
   * file is kept as it was. A CSV upload is a conflict: its answers are exported as CSV or JSON.
   */
  async exportXlsx(actor: Actor, id: number): Promise<{ fileName: string; bytes: Uint8Array }> {
    const questionnaire = await this.questionnaires.get(actor, id);
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
}
