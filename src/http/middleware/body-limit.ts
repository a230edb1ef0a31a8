import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../domain/errors.js';

/**
 * Largest request bodies each kind of request may send. Nothing on the public surface takes a body,
 * and the sign-in form is a few hundred bytes, so anonymous requests get little; staff forms hold at
 * most a few answers of 20,000 characters each, percent-encoded. Uploads have their own limit, which
 * applies only once the session and its permission are known.
 */
export const BODY_LIMITS = {
  anonymousBytes: 16 * 1024,
  formBytes: 1024 * 1024,
} as const;

/** Says how large a body may be: a byte count, or undefined when a later middleware sets the limit. */
export type BodyLimitRule = (c: Context) => number | undefined;

/** Writes a byte count the way the error messages show it (16 KB, 1 MB, 20.1 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

/**
 * Refuses a request body larger than the rule allows with 413, before anything parses it: a
 * declared Content-Length is judged unread, a chunked body is counted as it arrives and dropped at
 * the limit. The connection is closed after the answer, so the sender cannot keep streaming into it.
 */
export function limitRequestBody(rule: BodyLimitRule): MiddlewareHandler {
  return async (c, next) => {
    const maxBytes = rule(c);
    if (maxBytes === undefined || c.req.raw.body === null) return next();
    return bodyLimit({
      maxSize: maxBytes,
      onError: (context) => {
        context.header('Connection', 'close');
        throw new AppError(
          'too_large',
          `The request sent more than ${formatBytes(maxBytes)}, the most this address accepts; nothing was changed.`,
        );
      },
    })(c, next);
  };
}
