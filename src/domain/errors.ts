/** Every failure a service may report; each surface maps these codes to its own status once. */
export type AppErrorCode =
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable';

/** Problem found in a piece of input, with where it was found. */
export interface InputProblem {
  /** File, form field group or query parameter the problem is in. */
  source: string;
  /** 1-based line, when the input has lines. */
  line?: number;
  /** Field path inside the source, e.g. `controls[2]`. */
  field?: string;
  message: string;
}

/** The one error type services throw. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly problems: InputProblem[];

  constructor(code: AppErrorCode, message: string, problems: InputProblem[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }
}

/** Formats a problem as `file:line field: message` for terminals and logs. */
export function formatProblem(problem: InputProblem): string {
  const where = problem.line === undefined ? problem.source : `${problem.source}:${problem.line}`;
  const field = problem.field ? ` ${problem.field}` : '';
  return `${where}${field}: ${problem.message}`;
}
