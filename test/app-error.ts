import { AppError } from '../src/domain/errors.js';

/** The AppError `promise` rejects with; throws when it resolves or rejects with anything else. */
export async function catchAppError(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
