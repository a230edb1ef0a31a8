// What a watermark is for and how it fails, apart from the stamping itself: the server's main thread needs these
// (the pool, its errors) but never pdf-lib, which only the worker loads.
import { AppError, type AppErrorCode } from '../domain/errors.js';
import type { Language } from '../i18n/index.js';

/** Who a watermarked copy was issued to, and when. */
export interface WatermarkStamp {
  name: string;
  company: string;
  email: string;
  issuedAt: Date;
  /** Shown in the footer after the recipient, when given. */
  documentTitle?: string;
  /** Language of the footer's words (the recipient's); English when not given. */
  language?: Language;
}

/** Why a PDF could not be watermarked; callers show `watermarkFailed(reason)` from src/i18n in the reader's language. */
export type WatermarkFailure = 'encrypted' | 'unreadable' | 'busy' | 'timeout' | 'closed';

const CODE_BY_FAILURE: Record<WatermarkFailure, AppErrorCode> = {
  encrypted: 'invalid_input',
  unreadable: 'invalid_input',
  busy: 'unavailable',
  timeout: 'unavailable',
  closed: 'unavailable',
};

const MESSAGE_BY_FAILURE: Record<WatermarkFailure, string> = {
  encrypted: 'the PDF is encrypted or password-protected, so it cannot be watermarked; upload an unprotected copy',
  unreadable: 'the file is not a PDF that can be read; it is damaged or not a PDF',
  busy: 'the server is busy watermarking other documents; try again in a minute',
  timeout: 'watermarking the PDF took too long and was stopped',
  closed: 'the watermarking service has been shut down',
};

/** A PDF could not be watermarked; `reason` says why (never the PDF library's own words). */
export class WatermarkError extends AppError {
  readonly reason: WatermarkFailure;

  constructor(reason: WatermarkFailure, errorOptions: { cause?: unknown } = {}) {
    super(CODE_BY_FAILURE[reason], MESSAGE_BY_FAILURE[reason], [
      { source: 'document', message: MESSAGE_BY_FAILURE[reason] },
    ]);
    this.name = 'WatermarkError';
    this.reason = reason;
    if (errorOptions.cause !== undefined) this.cause = errorOptions.cause;
  }
}
