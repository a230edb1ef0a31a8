import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppErrorCode } from '../domain/errors.js';

/** HTTP status of each service error code; a new code does not compile until it is mapped. */
export const STATUS_BY_CODE: Record<AppErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  too_large: 413,
  unavailable: 503,
};
