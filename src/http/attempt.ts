import { AppError } from '../domain/errors.js';

/**
 * Runs a service call and hands back an expected AppError as a value, so a page can show it next to
 * the form instead of the generic error page. Anything else is still thrown to the error handler.
 */
export async function attempt<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}
