import { AppError } from '../domain/errors.js';

/** An uploaded questionnaire could not be read; `problem` says what and `location` where. */
export class QuestionnaireError extends AppError {
  readonly problem: string;
  readonly location?: string;

  constructor(problem: string, options: { source?: string; location?: string; line?: number } = {}) {
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
    this.problem = problem;
    if (where !== undefined) this.location = where;
  }
}
