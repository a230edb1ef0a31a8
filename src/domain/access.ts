/**
 * Access to gated documents: a visitor's request, the rules that decide it first, the grants that
 * follow, and the links a requester downloads through. Each rule is defined once here; the public
 * form, the access service and the staff pages all apply these.
 */
import type { AccessLevel } from './document.js';
import { isSlug } from './entry-rules.js';
import type { InputProblem } from './errors.js';

/** Where a request is: waiting for its e-mail address to be confirmed, with staff, or decided. */
export const REQUEST_STATUSES = [
  'unconfirmed',
  'pending',
  'info_requested',
  'approved',
  'partially_approved',
  'denied',
] as const;

/** A request's status. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What happened to one document of a request. */
export const DOCUMENT_OUTCOMES = ['pending', 'granted', 'denied'] as const;

/** One document's outcome. */
export type DocumentOutcome = (typeof DOCUMENT_OUTCOMES)[number];

/** Length limits of what a visitor types, in characters after trimming. */
export const REQUEST_LIMITS = {
  name: 120,
  company: 160,
  reason: 2000,
  /** A staff note: a denial's reason, a question for the requester, a reply. */
  note: 2000,
  /** Documents in one request. */
  documents: 50,
} as const;

/** How long a confirmation link works; an unconfirmed request is deleted, with its personal data, after it. */
export const CONFIRMATION_HOURS = 24;

/** How long a download link works once made from the requester's page; it works once. */
export const DOWNLOAD_LINK_MINUTES = 10;

/** Days before a grant lapses at which the one reminder goes out. */
export const REMINDER_DAYS_BEFORE = 7;

/** Default length of a grant, in days (ACCESS_GRANT_DAYS overrides it). */
export const DEFAULT_GRANT_DAYS = 90;

/** What a domain rule does to a request from an address in its domain. */
export const DOMAIN_RULE_ACTIONS = ['approve', 'deny'] as const;

/** A domain rule's action. */
export type DomainRuleAction = (typeof DOMAIN_RULE_ACTIONS)[number];

/** A rule as staff keep it: `example.se` (that domain) or `*.example.se` (its subdomains, and it). */
export interface DomainRule {
  id: number;
  pattern: string;
  action: DomainRuleAction;
  /** For `approve`: the highest level approved without staff (`nda`, or `request` for both). */
  maxLevel: Exclude<AccessLevel, 'public'> | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Free-mail providers: a ready-made deny list the operator can switch on, since an address there says
 * nothing about the company it claims. Kept short and common; operators add their own as rules.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.se',
  'hotmail.co.uk',
  'live.com',
  'live.se',
  'msn.com',
  'yahoo.com',
  'yahoo.se',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'tutanota.com',
  'tuta.io',
  'fastmail.com',
  'hey.com',
  'mail.ru',
  'qq.com',
  '163.com',
];

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The domain of a rule, lower-cased, or a problem. A wildcard is allowed only as a whole first label
 * (`*.example.se`); `exa*mple.se`, `*example.se`, `example.*`, `*.*.se`, a bare `*` or a top-level
 * domain alone are refused, because each would match far more than the operator meant.
 */
export function parseDomainPattern(raw: string): { pattern: string } | { problem: string } {
  const pattern = raw.trim().toLowerCase().replace(/^@/, '');
  if (pattern === '') return { problem: 'is required' };
  if (pattern.length > 253) return { problem: 'must be at most 253 characters' };
  const labels = pattern.split('.');
  const isWildcard = labels[0] === '*';
  const named = isWildcard ? labels.slice(1) : labels;
  if (named.some((label) => label.includes('*'))) {
    return { problem: 'may hold a wildcard only as its whole first part, as in *.example.se' };
  }
  if (named.length < 2) return { problem: 'must name a domain with at least two parts, such as example.se' };
  if (!named.every((label) => LABEL.test(label))) {
    return { problem: 'must be a domain of letters, digits and hyphens, such as example.se or *.example.se' };
  }
  return { pattern };
}

/** Whether an address's domain falls under a rule's pattern. */
export function matchesDomainPattern(pattern: string, domain: string): boolean {
  if (!pattern.startsWith('*.')) return domain === pattern;
  const base = pattern.slice(2);
  return domain === base || domain.endsWith(`.${base}`);
}

/** The domain part of a normalised address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** What the rules say about a request before staff see it. */
export type RuleDecision =
  | { kind: 'deny'; because: string }
  | { kind: 'approve'; maxLevel: Exclude<AccessLevel, 'public'>; because: string }
  | { kind: 'triage' };

/**
 * Applies the rules to an address's domain: a deny rule (or the free-mail list, when on) wins over an
 * approve rule; of several approve rules the most specific pattern (longest) decides.
 */
export function decideByRules(domain: string, rules: readonly DomainRule[], isFreeMailDenied: boolean): RuleDecision {
  const deny = rules.find((rule) => rule.action === 'deny' && matchesDomainPattern(rule.pattern, domain));
  if (deny) return { kind: 'deny', because: `rule ${deny.pattern}` };
  if (isFreeMailDenied && FREE_MAIL_DOMAINS.includes(domain)) return { kind: 'deny', because: 'free-mail list' };
  const approvals = rules
    .filter((rule) => rule.action === 'approve' && matchesDomainPattern(rule.pattern, domain))
    .sort((left, right) => right.pattern.length - left.pattern.length);
  const approve = approvals[0];
  if (approve) return { kind: 'approve', maxLevel: approve.maxLevel ?? 'nda', because: `rule ${approve.pattern}` };
  return { kind: 'triage' };
}

/** Whether a level is covered by an approval up to `maxLevel` (`request` covers `nda` too). */
export function isLevelCovered(level: AccessLevel, maxLevel: Exclude<AccessLevel, 'public'>): boolean {
  if (level === 'public') return true;
  return maxLevel === 'request' || level === 'nda';
}

/** What a visitor fills in on the request form, after trimming. */
export interface AccessRequestInput {
  name: string;
  email: string;
  company: string;
  reason: string;
  documentSlugs: string[];
  language: 'en' | 'sv';
  /** Whether the visitor ticked "I accept the NDA" (required when an NDA document is asked for). */
  acceptsNda: boolean;
}

// Characters that could end a mail header or a line of a mail we write: a name goes into mail text.
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

/** Problems with the typed fields of a request (the e-mail address is checked by the mail rules). */
export function findRequestProblems(input: AccessRequestInput): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (field: string, message: string) => problems.push({ source: 'form', field, message });
  const oneLine = (field: 'name' | 'company', label: string) => {
    const value = input[field];
    if (value === '') add(field, `${label} is required`);
    else if (hasControlCharacter(value)) add(field, `${label} must be one line without control characters`);
    else if (value.length > REQUEST_LIMITS[field])
      add(field, `${label} must be at most ${REQUEST_LIMITS[field]} characters`);
  };
  oneLine('name', 'Name');
  oneLine('company', 'Company');
  if (input.reason.length > REQUEST_LIMITS.reason) {
    add('reason', `Reason must be at most ${REQUEST_LIMITS.reason} characters`);
  } else if (hasControlCharacter(input.reason.replace(/[\n\r\t]/g, ' '))) {
    add('reason', 'Reason must not contain control characters');
  }
  if (input.documentSlugs.length === 0) add('documents', 'Choose at least one document');
  else if (input.documentSlugs.length > REQUEST_LIMITS.documents) {
    add('documents', `Choose at most ${REQUEST_LIMITS.documents} documents`);
  } else if (!input.documentSlugs.every(isSlug)) {
    // Found by fuzzing on PostgreSQL: a NUL in a forged slug reached the query and PostgreSQL refused the text.
    add('documents', 'A chosen document does not exist');
  }
  return problems;
}

/** A request as staff see it in the triage list and on its page. */
export interface AccessRequestRecord {
  id: number;
  requesterId: number;
  name: string;
  email: string;
  company: string;
  reason: string;
  status: RequestStatus;
  language: 'en' | 'sv';
  createdAt: string;
  confirmedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** The reason given with a denial, or the question staff asked. */
  decisionNote: string | null;
  /** Whether the requester was erased: the fact of the request stays, the person does not. */
  isErased: boolean;
  documents: { documentId: number; slug: string; title: string; level: AccessLevel; outcome: DocumentOutcome }[];
  messages: { from: 'staff' | 'requester'; body: string; at: string }[];
}

/** A grant: one requester may download one document until it expires or is revoked. */
export interface AccessGrantRecord {
  id: number;
  requestId: number;
  requesterId: number;
  documentId: number;
  documentSlug: string;
  documentTitle: string;
  level: AccessLevel;
  grantedAt: string;
  /** Who decided: a staff member's e-mail, `rule <pattern>` or `NDA accepted`. */
  grantedBy: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  reminderSentAt: string | null;
  downloads: number;
}

/** Whether a grant lets its holder download now. */
export function isGrantActive(grant: Pick<AccessGrantRecord, 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return grant.revokedAt === null && grant.expiresAt > now.toISOString();
}

/** One row of the staff overview: what a person (or a whole company) asked for, got and downloaded. */
export interface AccessSummaryRow {
  key: string;
  label: string;
  requests: number;
  documentsRequested: number;
  grantsActive: number;
  grantsTotal: number;
  downloads: number;
  lastActivityAt: string;
}
