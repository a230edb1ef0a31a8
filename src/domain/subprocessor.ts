/**
 * A subprocessor: another company that processes personal data on our behalf (a network operator, a CDN,
 * a ticketing system). Its rules are defined once here; the staff form, the subprocessor service and
 * content import (`subprocessors.yaml`) all apply them.
 */
import { ENTRY_STATUSES, type EntryStatus, MAX_SLUG_LENGTH } from './content.js';
import { isCountryCode } from './country.js';
import { SLUG_PATTERN } from './entry-rules.js';
import type { SubprocessorChange } from './subprocessor-change.js';
import type { SubprocessorTranslation } from './translation.js';

/** The workflow states of a subprocessor, the same as an entry's: only published ones are public. */
export const SUBPROCESSOR_STATUSES = ENTRY_STATUSES;

/** A subprocessor's workflow state. */
export type SubprocessorStatus = EntryStatus;

/** Length and count limits of a subprocessor's fields, in UTF-16 code units after trimming. */
export const SUBPROCESSOR_LIMITS = {
  slug: MAX_SLUG_LENGTH,
  name: 120,
  legalEntity: 200,
  /** A sentence or two of plain text (no Markdown): it is shown in tables, CSV cells and notices. */
  purpose: 500,
  dataCategory: 80,
  dataCategories: 20,
  locations: 30,
  parentCompany: 200,
  nonEuLaw: 80,
  nonEuLawExplanation: 500,
} as const;

/** A law from outside the EU that can compel the subprocessor (or its parent) to hand over data. */
export interface NonEuLaw {
  /** Its name, such as "US CLOUD Act". */
  law: string;
  /** Why it reaches this subprocessor, in a sentence. */
  explanation: string;
}

/** The fields staff give a subprocessor. */
export interface SubprocessorFields {
  name: string;
  legalEntity: string;
  purpose: string;
  dataCategories: string[];
  /** Where data is processed: ISO 3166-1 alpha-2 codes, one or more. */
  locations: string[];
  /** Null: the subprocessor has no parent company. */
  parentCompany: string | null;
  /** The parent's country (ISO 3166-1 alpha-2); null exactly when there is no parent. */
  parentJurisdiction: string | null;
  /** Null: no non-EU law can reach it. */
  nonEuLaw: NonEuLaw | null;
  /** First day it processes data (YYYY-MM-DD). */
  since: string;
  /** Last day it processes data; null while it still does. */
  until: string | null;
  translations?: { sv?: SubprocessorTranslation };
}

/** A subprocessor as stored. */
export interface Subprocessor extends SubprocessorFields {
  slug: string;
  status: SubprocessorStatus;
  createdAt: string;
  updatedAt: string;
}

/** A subprocessor with its review state. */
export interface SubprocessorRecord extends Subprocessor {
  submittedById: number | null;
  reviewedById: number | null;
  /** A change to a published subprocessor waiting for approval (its version number), or null. */
  pendingVersion: number | null;
}

/** Filters of the public list and its CSV and JSON; undefined means any. */
export interface PublicSubprocessorFilter {
  /** An ISO 3166-1 alpha-2 code among the processing locations. */
  country?: string;
  /** A data category, exactly as written. */
  category?: string;
  /** `yes`: only those a non-EU law can reach; `no`: only those none can. */
  nonEuLaw?: 'yes' | 'no';
  /** `current` (processing now or soon: upcoming included) or `ended` (former subprocessors). */
  state?: 'current' | 'ended';
}

/** A published subprocessor with where it stands today. */
export interface PublicSubprocessor extends Subprocessor {
  phase: SubprocessorPhase;
}

/** Where a subprocessor stands on a given day: before its since date, processing, or after its until date. */
export type SubprocessorPhase = 'upcoming' | 'current' | 'ended';

/** A field that breaks a rule, named as the staff form names it. */
export interface SubprocessorFieldProblem {
  field:
    | 'slug'
    | 'name'
    | 'legalEntity'
    | 'purpose'
    | 'purposeSv'
    | 'dataCategories'
    | 'locations'
    | 'parentCompany'
    | 'parentJurisdiction'
    | 'nonEuLaw'
    | 'nonEuLawExplanation'
    | 'since'
    | 'until';
  message: string;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The phase of a subprocessor on `today` (YYYY-MM-DD); the until date is its last day. */
export function getSubprocessorPhase(
  subprocessor: Pick<Subprocessor, 'since' | 'until'>,
  today: string,
): SubprocessorPhase {
  if (subprocessor.until !== null && subprocessor.until < today) return 'ended';
  if (subprocessor.since > today) return 'upcoming';
  return 'current';
}

/** A subprocessor's purpose in a language, and whether it fell back to English. */
export function getSubprocessorPurpose(
  subprocessor: Pick<Subprocessor, 'purpose' | 'translations'>,
  language: 'en' | 'sv',
): { text: string; isFallback: boolean } {
  if (language === 'en') return { text: subprocessor.purpose, isFallback: false };
  const translated = subprocessor.translations?.[language]?.purpose;
  return translated ? { text: translated, isFallback: false } : { text: subprocessor.purpose, isFallback: true };
}

/** Trims every text as each way in does, so that what is saved is what an export re-imports. */
export function trimSubprocessorFields(fields: SubprocessorFields): SubprocessorFields {
  const trimOrNull = (value: string | null) => {
    const trimmed = (value ?? '').trim();
    return trimmed === '' ? null : trimmed;
  };
  const purposeSv = trimOrNull(fields.translations?.sv?.purpose ?? null);
  const law = fields.nonEuLaw;
  const trimmed: SubprocessorFields = {
    name: fields.name.trim(),
    legalEntity: fields.legalEntity.trim(),
    purpose: collapseLines(fields.purpose),
    dataCategories: fields.dataCategories.map((category) => category.trim()),
    locations: fields.locations.map((code) => code.trim().toUpperCase()),
    parentCompany: trimOrNull(fields.parentCompany),
    parentJurisdiction: trimOrNull(fields.parentJurisdiction)?.toUpperCase() ?? null,
    nonEuLaw: law === null ? null : { law: law.law.trim(), explanation: collapseLines(law.explanation) },
    since: fields.since.trim(),
    until: trimOrNull(fields.until),
  };
  return purposeSv === null ? trimmed : { ...trimmed, translations: { sv: { purpose: collapseLines(purposeSv) } } };
}

/** Short plain texts are one paragraph: line breaks a textarea posts become spaces. */
function collapseLines(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** What is wrong with a subprocessor's slug, or undefined when it is valid. */
export function findSubprocessorSlugProblem(slug: string): SubprocessorFieldProblem | undefined {
  if (slug === '') return { field: 'slug', message: 'The slug must not be empty' };
  if (slug.length > SUBPROCESSOR_LIMITS.slug)
    return {
      field: 'slug',
      message: `The slug is ${slug.length} characters; at most ${SUBPROCESSOR_LIMITS.slug} are allowed`,
    };
  if (!SLUG_PATTERN.test(slug))
    return {
      field: 'slug',
      message: 'The slug may only hold lowercase letters, digits and single hyphens between them',
    };
  return undefined;
}

/** Every rule that (already trimmed) fields break, one problem per rule broken. */
export function findSubprocessorProblems(fields: SubprocessorFields): SubprocessorFieldProblem[] {
  const problems: SubprocessorFieldProblem[] = [];
  const checkText = (field: SubprocessorFieldProblem['field'], label: string, value: string, max: number) => {
    if (value === '') problems.push({ field, message: `The ${label} must not be empty` });
    else if (value.length > max)
      problems.push({ field, message: `The ${label} is ${value.length} characters; at most ${max} are allowed` });
  };
  checkText('name', 'name', fields.name, SUBPROCESSOR_LIMITS.name);
  checkText('legalEntity', 'legal entity', fields.legalEntity, SUBPROCESSOR_LIMITS.legalEntity);
  checkText('purpose', 'purpose', fields.purpose, SUBPROCESSOR_LIMITS.purpose);
  const purposeSv = fields.translations?.sv?.purpose;
  if (purposeSv !== undefined) checkText('purposeSv', 'Swedish purpose', purposeSv, SUBPROCESSOR_LIMITS.purpose);

  const categories = fields.dataCategories;
  if (categories.length === 0) problems.push({ field: 'dataCategories', message: 'Name at least one data category' });
  if (categories.length > SUBPROCESSOR_LIMITS.dataCategories)
    problems.push({
      field: 'dataCategories',
      message: `${categories.length} data categories; at most ${SUBPROCESSOR_LIMITS.dataCategories} are allowed`,
    });
  if (categories.some((category) => category === ''))
    problems.push({ field: 'dataCategories', message: 'A data category is empty' });
  const longCategory = categories.find((category) => category.length > SUBPROCESSOR_LIMITS.dataCategory);
  if (longCategory !== undefined)
    problems.push({
      field: 'dataCategories',
      message: `A data category is ${longCategory.length} characters; at most ${SUBPROCESSOR_LIMITS.dataCategory} are allowed`,
    });
  const repeated = categories.find((category, index) => categories.indexOf(category) !== index);
  if (repeated !== undefined)
    problems.push({ field: 'dataCategories', message: `The data category "${repeated}" is given twice` });

  const locations = fields.locations;
  if (locations.length === 0)
    problems.push({ field: 'locations', message: 'Name at least one processing location (a country code such as SE)' });
  if (locations.length > SUBPROCESSOR_LIMITS.locations)
    problems.push({
      field: 'locations',
      message: `${locations.length} processing locations; at most ${SUBPROCESSOR_LIMITS.locations} are allowed`,
    });
  const unknown = locations.find((code) => !isCountryCode(code));
  if (unknown !== undefined) problems.push({ field: 'locations', message: describeUnknownCountry(unknown) });
  const repeatedCode = locations.find((code, index) => locations.indexOf(code) !== index);
  if (repeatedCode !== undefined)
    problems.push({ field: 'locations', message: `The country ${repeatedCode} is given twice` });

  if (fields.parentCompany !== null) {
    checkText('parentCompany', 'parent company', fields.parentCompany, SUBPROCESSOR_LIMITS.parentCompany);
    if (fields.parentJurisdiction === null)
      problems.push({ field: 'parentJurisdiction', message: "Give the parent company's country (such as US)" });
  } else if (fields.parentJurisdiction !== null) {
    problems.push({ field: 'parentJurisdiction', message: 'A jurisdiction is given but no parent company' });
  }
  if (fields.parentJurisdiction !== null && !isCountryCode(fields.parentJurisdiction))
    problems.push({ field: 'parentJurisdiction', message: describeUnknownCountry(fields.parentJurisdiction) });

  if (fields.nonEuLaw !== null) {
    checkText('nonEuLaw', 'name of the non-EU law', fields.nonEuLaw.law, SUBPROCESSOR_LIMITS.nonEuLaw);
    if (fields.nonEuLaw.law.toLowerCase() === 'none')
      problems.push({ field: 'nonEuLaw', message: 'Name the law, or choose that no non-EU law reaches it' });
    checkText(
      'nonEuLawExplanation',
      'explanation of the non-EU law',
      fields.nonEuLaw.explanation,
      SUBPROCESSOR_LIMITS.nonEuLawExplanation,
    );
  }

  if (!isIsoDate(fields.since))
    problems.push({ field: 'since', message: 'The since date must be a real date written YYYY-MM-DD' });
  if (fields.until !== null) {
    if (!isIsoDate(fields.until))
      problems.push({ field: 'until', message: 'The until date must be a real date written YYYY-MM-DD, or empty' });
    else if (isIsoDate(fields.since) && fields.until < fields.since)
      problems.push({
        field: 'until',
        message: `The until date ${fields.until} is before the since date ${fields.since}`,
      });
  }
  return problems;
}

/** The message for a country code that is not an assigned ISO 3166-1 alpha-2 code. */
export function describeUnknownCountry(code: string): string {
  return `"${code.slice(0, 20)}" is not an ISO 3166-1 alpha-2 country code (such as SE, DE or US)`;
}

/** Whether two subprocessors hold the same fields (workflow and timestamps aside). */
export function isSameSubprocessor(a: SubprocessorFields, b: SubprocessorFields): boolean {
  return JSON.stringify(toComparable(a)) === JSON.stringify(toComparable(b));
}

function toComparable(fields: SubprocessorFields) {
  return {
    name: fields.name,
    legalEntity: fields.legalEntity,
    purpose: fields.purpose,
    purposeSv: fields.translations?.sv?.purpose ?? null,
    dataCategories: fields.dataCategories,
    locations: fields.locations,
    parentCompany: fields.parentCompany,
    parentJurisdiction: fields.parentJurisdiction,
    nonEuLaw: fields.nonEuLaw,
    since: fields.since,
    until: fields.until,
  };
}

/** The fields of a subprocessor without its slug, status and timestamps. */
export function toSubprocessorFields(subprocessor: SubprocessorFields): SubprocessorFields {
  const fields: SubprocessorFields = {
    name: subprocessor.name,
    legalEntity: subprocessor.legalEntity,
    purpose: subprocessor.purpose,
    dataCategories: subprocessor.dataCategories,
    locations: subprocessor.locations,
    parentCompany: subprocessor.parentCompany,
    parentJurisdiction: subprocessor.parentJurisdiction,
    nonEuLaw: subprocessor.nonEuLaw,
    since: subprocessor.since,
    until: subprocessor.until,
  };
  const purposeSv = subprocessor.translations?.sv?.purpose;
  return purposeSv === undefined ? fields : { ...fields, translations: { sv: { purpose: purposeSv } } };
}

const CHANGE_FIELD_NAMES: { read: (fields: SubprocessorFields) => unknown; en: string; sv: string }[] = [
  { read: (fields) => fields.name, en: 'name', sv: 'namn' },
  { read: (fields) => fields.legalEntity, en: 'legal entity', sv: 'juridisk person' },
  { read: (fields) => fields.purpose, en: 'purpose', sv: 'ändamål' },
  { read: (fields) => fields.dataCategories, en: 'data categories', sv: 'kategorier av uppgifter' },
  { read: (fields) => fields.locations, en: 'processing location', sv: 'plats för behandlingen' },
  { read: (fields) => [fields.parentCompany, fields.parentJurisdiction], en: 'parent company', sv: 'moderbolag' },
  { read: (fields) => fields.nonEuLaw, en: 'exposure to non-EU law', sv: 'exponering för lagar utanför EU' },
  { read: (fields) => fields.since, en: 'start date', sv: 'startdatum' },
];

/**
 * The change visitors see when `after` becomes public in place of `before` (undefined: not public before), or
 * undefined when nothing public changed. Describes it in English, and in Swedish when the subprocessor has a
 * Swedish purpose; `countryName` names the processing locations.
 */
export function describeSubprocessorChange(
  before: Subprocessor | undefined,
  after: Subprocessor,
  today: string,
  countryName: (code: string, language: 'en' | 'sv') => string,
): SubprocessorChange | undefined {
  if (after.status !== 'published') return undefined;
  const places = (language: 'en' | 'sv') => after.locations.map((code) => countryName(code, language)).join(', ');
  const purposeSv = after.translations?.sv?.purpose;
  const base = { slug: after.slug, name: after.name };
  if (before === undefined || before.status !== 'published') {
    return {
      ...base,
      kind: 'added',
      effectiveOn: after.since,
      summary: `${after.name} (${after.legalEntity}) becomes a subprocessor from ${after.since}: ${after.purpose} Data is processed in ${places('en')}.`,
      summarySv:
        purposeSv === undefined
          ? null
          : `${after.name} (${after.legalEntity}) blir underbiträde från ${after.since}: ${purposeSv} Uppgifterna behandlas i ${places('sv')}.`,
    };
  }
  if (after.until !== null && after.until !== before.until) {
    return {
      ...base,
      kind: 'ended',
      effectiveOn: after.until,
      summary: `${after.name} (${after.legalEntity}) stops being a subprocessor after ${after.until}.`,
      summarySv:
        purposeSv === undefined
          ? null
          : `${after.name} (${after.legalEntity}) upphör som underbiträde efter ${after.until}.`,
    };
  }
  const changed = CHANGE_FIELD_NAMES.filter(
    (field) => JSON.stringify(field.read(before)) !== JSON.stringify(field.read(after)),
  );
  const purposeSvChanged = (before.translations?.sv?.purpose ?? null) !== (purposeSv ?? null);
  if (changed.length === 0 && !purposeSvChanged && before.until === after.until) return undefined;
  const effectiveOn = after.since > today ? after.since : today;
  const listed = (language: 'en' | 'sv') =>
    changed.length === 0
      ? language === 'en'
        ? 'description'
        : 'beskrivning'
      : changed.map((field) => field[language]).join(', ');
  return {
    ...base,
    kind: 'changed',
    effectiveOn,
    summary: `Subprocessor ${after.name} (${after.legalEntity}) changes its ${listed('en')} from ${effectiveOn}. Data is processed in ${places('en')}.`,
    summarySv:
      purposeSv === undefined
        ? null
        : `Underbiträdet ${after.name} (${after.legalEntity}) ändrar ${listed('sv')} från ${effectiveOn}. Uppgifterna behandlas i ${places('sv')}.`,
  };
}

/**
 * The change visitors see when a published subprocessor is taken off the list (archived): it ends today, unless it
 * had already ended (a former subprocessor whose end was announced then), when nothing about the processing changes.
 */
export function describeSubprocessorRemoval(before: Subprocessor, today: string): SubprocessorChange | undefined {
  if (before.status !== 'published') return undefined;
  if (before.until !== null && before.until < today) return undefined;
  const purposeSv = before.translations?.sv?.purpose;
  return {
    slug: before.slug,
    name: before.name,
    kind: 'ended',
    effectiveOn: today,
    summary: `${before.name} (${before.legalEntity}) is taken off our list of subprocessors from ${today}.`,
    summarySv:
      purposeSv === undefined
        ? null
        : `${before.name} (${before.legalEntity}) tas bort från vår lista över underbiträden från ${today}.`,
  };
}

/**
 * The changes visitors see when the stored list `before` is replaced by `after` as a whole (a content import):
 * one per subprocessor added, changed, ended or taken off the list, as staff edits would report them.
 */
export function describeSubprocessorListChanges(
  before: readonly Subprocessor[],
  after: readonly Subprocessor[],
  today: string,
  countryName: (code: string, language: 'en' | 'sv') => string,
): SubprocessorChange[] {
  const bySlug = new Map(before.map((item) => [item.slug, item]));
  const remaining = new Set(after.map((item) => item.slug));
  const changes: SubprocessorChange[] = [];
  for (const item of after) {
    const previous = bySlug.get(item.slug);
    const change =
      item.status === 'published'
        ? describeSubprocessorChange(previous, item, today, countryName)
        : previous && describeSubprocessorRemoval(previous, today);
    if (change) changes.push(change);
  }
  for (const item of before) {
    const removal = remaining.has(item.slug) ? undefined : describeSubprocessorRemoval(item, today);
    if (removal) changes.push(removal);
  }
  return changes;
}

/** The order of the list everywhere: by name, then slug, comparing code units so both databases agree. */
export function compareSubprocessors(a: Pick<Subprocessor, 'name' | 'slug'>, b: Pick<Subprocessor, 'name' | 'slug'>) {
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return byText(a.name, b.name) || byText(a.slug, b.slug);
}
