import { AppError, type InputProblem } from './errors.js';

/** Languages a mail is written in: the visitor's (or the admin's choice for a test mail). */
export const MAIL_LANGUAGES = ['en', 'sv'] as const;

/** A mail's language. */
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** What a mail is for; one name per kind of mail the product sends (later features add theirs). */
export const MAIL_KINDS = [
  'test',
  'access_confirm',
  'access_received',
  'access_granted',
  'access_denied',
  'access_info',
  'access_reminder',
  'subscription_confirm',
  'update_published',
  'subprocessor_notice',
] as const;

/** A kind of mail. */
export type MailKind = (typeof MAIL_KINDS)[number];

/** Where a mail is in the outbox. */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

/** A mail's outbox status. */
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** A mail to send, as a feature hands it to the outbox. */
export interface OutgoingMail {
  /** One address, without a display name. */
  to: string;
  subject: string;
  /** The plain-text body; every mail has one. */
  text: string;
  /** An HTML alternative of the same text. */
  html?: string;
  language: MailLanguage;
  kind: MailKind;
  /** Extra headers such as List-Unsubscribe; never one the outbox sets itself (From, To, Subject…). */
  headers?: Record<string, string>;
}

/** A mail as the outbox keeps it. */
export interface MailRecord {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  language: MailLanguage;
  /** Stored as text, so a kind added by a newer build still reads. */
  kind: string;
  status: MailStatus;
  /** Delivery attempts started so far. */
  attempts: number;
  nextAttemptAt: string;
  /** Why the last attempt failed (an SMTP code and a short reason); never a secret. */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A row of the outbox list: a mail without its bodies. */
export type MailSummary = Omit<MailRecord, 'text' | 'html' | 'headers'>;

/** Longest address accepted (RFC 5321's path limit less the angle brackets). */
export const MAIL_ADDRESS_MAX_LENGTH = 254;
/** Longest local part (before the @) accepted. */
export const MAIL_LOCAL_PART_MAX_LENGTH = 64;
/** Longest subject accepted, in characters. */
export const MAIL_SUBJECT_MAX_LENGTH = 250;
/** Longest text or HTML body accepted, in characters. */
export const MAIL_BODY_MAX_LENGTH = 200_000;
/** Most extra headers on one mail. */
export const MAIL_MAX_EXTRA_HEADERS = 10;
/** Longest extra header value, in characters (one SMTP line is at most 998). */
export const MAIL_HEADER_VALUE_MAX_LENGTH = 900;
/** Delivery attempts before a mail is marked failed. */
export const MAIL_MAX_ATTEMPTS = 10;
/** Wait before the second attempt; it doubles after each failure. */
export const MAIL_FIRST_RETRY_MS = 60_000;
/** Longest wait between two attempts. */
export const MAIL_MAX_RETRY_MS = 60 * 60_000;

// Headers the outbox or the mail library writes: a feature setting one could redirect or forge a mail.
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'sender',
  'reply-to',
  'return-path',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

// Control characters (C0 including CR, LF and tab, DEL, C1) and the Unicode line and paragraph
// separators: any of them in a header could end it and start another.
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,75}$/;
// name@example.com with letters of any script (åsa@exempel.se): the atom characters of RFC 5322
// before the @, dot-separated, and host-name labels after it. No quotes, brackets, spaces or commas.
// Letters may carry combining marks (an "å" typed as "a" and a ring), as some keyboards and systems send them.
const LOCAL_PART = String.raw`[\p{L}\p{M}\p{N}!#$%&'*+/=?^_\x60{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_\x60{|}~-]+)*`;
const DOMAIN_LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?`;
const ADDRESS = new RegExp(`^${LOCAL_PART}@(?:${DOMAIN_LABEL}\\.)+(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})$`, 'iu');

/** Whether an address is one plain mailbox, in any script (åsa.öberg@företag.se); see findAddressProblem. */
export function isMailAddress(address: string): boolean {
  return findAddressProblem(address) === undefined;
}

/** Why an address is not one plain mailbox, or undefined when it is. */
export function findAddressProblem(address: string): string | undefined {
  if (address === '') return 'is required';
  if (hasControlCharacter(address)) return 'must not contain line breaks or other control characters';
  if (address.length > MAIL_ADDRESS_MAX_LENGTH) return `must be at most ${MAIL_ADDRESS_MAX_LENGTH} characters`;
  const at = address.lastIndexOf('@');
  if (at > MAIL_LOCAL_PART_MAX_LENGTH) return `must have at most ${MAIL_LOCAL_PART_MAX_LENGTH} characters before the @`;
  if (!ADDRESS.test(address)) return 'must be one address in the form name@example.com';
  return undefined;
}

/**
 * Checks a mail against the outbox rules and returns it; throws AppError('invalid_input') naming
 * every field at fault, so nothing is stored and nothing sent.
 */
export function validateOutgoingMail(mail: OutgoingMail): OutgoingMail {
  const problems: InputProblem[] = [];
  const add = (field: string, message: string) => problems.push({ source: 'mail', field, message });
  const addressProblem = findAddressProblem(mail.to);
  if (addressProblem) add('to', addressProblem);
  if (mail.subject.trim() === '') add('subject', 'is required');
  else if (hasControlCharacter(mail.subject))
    add('subject', 'must not contain line breaks or other control characters');
  else if (mail.subject.length > MAIL_SUBJECT_MAX_LENGTH)
    add('subject', `must be at most ${MAIL_SUBJECT_MAX_LENGTH} characters`);
  if (mail.text.trim() === '') add('text', 'is required');
  else if (mail.text.length > MAIL_BODY_MAX_LENGTH) add('text', `must be at most ${MAIL_BODY_MAX_LENGTH} characters`);
  if (mail.html !== undefined && mail.html.length > MAIL_BODY_MAX_LENGTH)
    add('html', `must be at most ${MAIL_BODY_MAX_LENGTH} characters`);
  if (!MAIL_LANGUAGES.includes(mail.language)) add('language', `must be one of ${MAIL_LANGUAGES.join(', ')}`);
  if (!MAIL_KINDS.includes(mail.kind)) add('kind', `must be one of ${MAIL_KINDS.join(', ')}`);
  const headers = Object.entries(mail.headers ?? {});
  if (headers.length > MAIL_MAX_EXTRA_HEADERS) add('headers', `must be at most ${MAIL_MAX_EXTRA_HEADERS}`);
  for (const [name, value] of headers) {
    if (!HEADER_NAME.test(name)) {
      add(`headers.${JSON.stringify(name)}`, 'must be a header name of letters, digits and hyphens');
    } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
      add(`headers.${name}`, 'is set by the outbox and cannot be given');
    } else if (hasControlCharacter(value)) {
      add(`headers.${name}`, 'must not contain line breaks or other control characters');
    } else if (value.length > MAIL_HEADER_VALUE_MAX_LENGTH) {
      add(`headers.${name}`, `must be at most ${MAIL_HEADER_VALUE_MAX_LENGTH} characters`);
    }
  }
  if (problems.length > 0) {
    const list = problems.map((problem) => `${problem.field} ${problem.message}`).join('; ');
    throw new AppError('invalid_input', `The mail was not queued: ${list}.`, problems);
  }
  return mail;
}

/** How long to wait after the given number of failed attempts: 1 minute, doubling, at most an hour. */
export function getRetryDelayMs(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(MAIL_MAX_RETRY_MS, MAIL_FIRST_RETRY_MS * 2 ** Math.min(exponent, 30));
}

/**
 * Why a From value (a bare address, or `Display Name <address>`) is unusable, or undefined. The
 * name may not hold quotes, angle brackets, commas or control characters, so it needs no quoting.
 */
export function findFromProblem(value: string): string | undefined {
  const named = /^([^"<>,;\\]{1,100}?) <([^<>]*)>$/.exec(value);
  if (named?.[1] !== undefined && named[2] !== undefined) {
    if (hasControlCharacter(named[1])) return 'must not contain line breaks or other control characters';
    return findAddressProblem(named[2]);
  }
  return findAddressProblem(value);
}

/** The From address used when none is configured: tillit@ the public host, or tillit@localhost. */
export function getDefaultFrom(publicUrl: string | undefined): string {
  if (publicUrl === undefined) return 'tillit@localhost';
  const host = new URL(publicUrl).hostname;
  // An IP address is no mail domain.
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) ? `tillit@${host}` : 'tillit@localhost';
}
