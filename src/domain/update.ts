/**
 * Updates (a changelog staff post for visitors) and the e-mail subscriptions to them. The rules are
 * defined once here; the update and subscription services, the public pages and the staff pages apply them.
 */
import type { InputProblem } from './errors.js';
import type { Translations, UpdateTranslation } from './translation.js';

/** The fixed list of update categories. */
export const UPDATE_CATEGORIES = ['security', 'compliance', 'subprocessors', 'service', 'other'] as const;

/** An update's category. */
export type UpdateCategory = (typeof UPDATE_CATEGORIES)[number];

/** Where an update is: only published ones are public. */
export const UPDATE_STATUSES = ['draft', 'published'] as const;

/** An update's status. */
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** Length limits of an update's fields, in characters after trimming. */
export const UPDATE_LIMITS = { title: 200, body: 20_000, slug: 100 } as const;

/** Updates per public page. */
export const UPDATES_PAGE_SIZE = 20;

/** Entries in the Atom feed (the newest). */
export const FEED_ENTRY_COUNT = 50;

/** A posted update. */
export interface UpdateRecord {
  id: number;
  slug: string;
  title: string;
  /** Markdown. */
  body: string;
  category: UpdateCategory;
  status: UpdateStatus;
  /** The date the update is about (ISO date), shown and sorted by. */
  date: string;
  createdAt: string;
  updatedAt: string;
  /** When it was first published; null for a draft never published. */
  publishedAt: string | null;
  translations?: Translations<UpdateTranslation>;
}

/**
 * An update as a content folder holds it (`updates/<slug>.md`, its Swedish in `translations/sv/updates/<slug>.md`):
 * what `tillit export` writes and `tillit import` reads. Ids and the created and updated times stay in the database.
 */
export type UpdateContent = Pick<
  UpdateRecord,
  'slug' | 'title' | 'body' | 'category' | 'status' | 'date' | 'publishedAt' | 'translations'
>;

/** What staff type into the update form, after trimming; empty Swedish fields mean not translated. */
export interface UpdateInput {
  title: string;
  body: string;
  category: string;
  date: string;
  titleSv: string;
  bodySv: string;
}

/** Whether a value is one of the categories. */
export function isUpdateCategory(value: string): value is UpdateCategory {
  return (UPDATE_CATEGORIES as readonly string[]).includes(value);
}

// Control characters other than line breaks and tabs: none belong in a title or a Markdown body.
function hasControlCharacter(value: string, allowLineBreaks: boolean): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (allowLineBreaks && (code === 0x0a || code === 0x0d || code === 0x09)) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

/** Whether a value is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Problems with an update form, each naming its field; empty when it can be saved. */
export function findUpdateProblems(input: UpdateInput): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (field: string, message: string) => problems.push({ source: 'form', field, message });
  const title = (field: string, label: string, value: string, isRequired: boolean) => {
    if (value === '') {
      if (isRequired) add(field, `${label} is required`);
    } else if (hasControlCharacter(value, false)) add(field, `${label} must be one line without control characters`);
    else if (value.length > UPDATE_LIMITS.title)
      add(field, `${label} must be at most ${UPDATE_LIMITS.title} characters`);
  };
  const body = (field: string, label: string, value: string, isRequired: boolean) => {
    if (value === '') {
      if (isRequired) add(field, `${label} is required`);
    } else if (hasControlCharacter(value, true)) add(field, `${label} must not contain control characters`);
    else if (value.length > UPDATE_LIMITS.body) add(field, `${label} must be at most ${UPDATE_LIMITS.body} characters`);
  };
  title('title', 'Title', input.title, true);
  body('body', 'Text', input.body, true);
  if (!isUpdateCategory(input.category)) add('category', `Category must be one of ${UPDATE_CATEGORIES.join(', ')}`);
  if (!isIsoDate(input.date)) add('date', 'Date must be a date written YYYY-MM-DD');
  title('titleSv', 'Swedish title', input.titleSv, input.bodySv !== '');
  body('bodySv', 'Swedish text', input.bodySv, input.titleSv !== '');
  return problems;
}

/** A slug made from a title and date: lower-case words joined by hyphens, `2026-12-05-new-data-centre`. */
export function slugifyUpdate(date: string, title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const slug = `${date}-${words}`.slice(0, UPDATE_LIMITS.slug).replace(/-+$/, '');
  return slug;
}

/**
 * What a subscriber hears about: every update, subprocessor changes (the Art. 28 notices and updates in that
 * category), or the updates of one other category.
 */
export const SUBSCRIPTION_TOPICS = ['all', 'subprocessors', 'security', 'compliance', 'service', 'other'] as const;

/** A subscription's topic. */
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];

/** Whether a value is one of the topics. */
export function isSubscriptionTopic(value: string): value is SubscriptionTopic {
  return (SUBSCRIPTION_TOPICS as readonly string[]).includes(value);
}

/** The topics whose subscribers hear of a published update in a category. */
export function topicsForCategory(category: UpdateCategory): SubscriptionTopic[] {
  return ['all', category];
}

/** The topics whose subscribers receive a GDPR Art. 28 notice of a subprocessor change. */
export const NOTICE_TOPICS: readonly SubscriptionTopic[] = ['subprocessors'];

/** How long a confirmation link works; an unconfirmed subscription is forgotten after it. */
export const SUBSCRIPTION_CONFIRMATION_HOURS = 24;

/** At most one mail to an address per this many minutes from the subscribe form. */
export const SUBSCRIBE_MAIL_WINDOW_MINUTES = 60;

/** Default days between an Art. 28 notice and the change it announces. */
export const DEFAULT_NOTICE_LEAD_DAYS = 30;

/** The longest lead time an operator can set, in days. */
export const MAX_NOTICE_LEAD_DAYS = 365;

/** A subscription's state. */
export type SubscriptionStatus = 'unconfirmed' | 'confirmed';

/** Subscribers per topic, for staff. */
export interface SubscriberCount {
  topic: SubscriptionTopic;
  confirmed: number;
  unconfirmed: number;
}

/** A recorded Art. 28 notice to one subscriber: who, what, when. The address is gone once erased. */
export interface NoticeRecord {
  id: number;
  /** SHA-256 of the lower-cased address: it outlives erasure, so a notice can still be shown to have been sent. */
  emailSha256: string;
  /** The address, or '' once the subscriber was erased. */
  email: string;
  changeKind: string;
  subprocessorSlug: string;
  subprocessorName: string;
  effectiveOn: string;
  summary: string;
  /** When the notice was queued in the outbox. */
  sentAt: string;
  /** Whether it went out later than the lead time before the effective date. */
  isLate: boolean;
  /** The lead time in force when it was sent, in days. */
  leadDays: number;
  mailId: number | null;
}
