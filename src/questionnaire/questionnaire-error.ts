import { AppError } from '../domain/errors.js';

/** What a user is told when the spreadsheet library itself fails on a file; its own words are never shown. */
export const UNREADABLE_WORKBOOK =
  'the workbook could not be read: it is damaged or not a workbook this reader understands; open it in Excel and save it again as .xlsx';

/** An uploaded questionnaire could not be read; `problem` says what and `location` where. */
export class QuestionnaireError extends AppError {
  readonly problem: string;
  readonly location?: string;

  constructor(
    problem: string,
    options: { source?: string; location?: string; line?: number } = {},
    /** The internal failure behind it, for logs and debugging; never part of the message. */
    errorOptions: { cause?: unknown } = {},
  ) {
    const source = options.source ?? 'questionnaire';
    const where = options.location ?? (options.line === undefined ? undefined : `line ${options.line}`);
    // The message carries the place too, so a log line or a flash message is useful on its own.
    super('invalid_input', where === undefined ? `${source}: ${problem}` : `${source} (${where}): ${problem}`, [
      {
        source,
        ...(options.line === undefined ? {} : { line: options.line }),
        ...(options.location === undefined ? {} : { field: options.location }),
        message: problem,
      },
    ]);
    this.name = 'QuestionnaireError';
    if (errorOptions.cause !== undefined) this.cause = errorOptions.cause;
    this.problem = problem;
    if (where !== undefined) this.location = where;
  }
}
