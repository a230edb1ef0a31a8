/**
 * The document library's records and rules, defined once: the staff form, the document service and
 * (later) content import all apply these. A document is what visitors see listed; its versions are
 * the files uploaded for it, newest first, each kept when a newer one arrives.
 */
import { isSlug } from './entry-rules.js';
import type { InputProblem } from './errors.js';
import type { DocumentTranslation, Translations } from './translation.js';

/** Who may download a document: anyone, after accepting the NDA, or after staff approve a request. */
export const ACCESS_LEVELS = ['public', 'nda', 'request'] as const;

/** A document's access level. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * Length limits, in UTF-16 code units after trimming. The category is free short text (such as
 * "Certificates" or "Reports") rather than a fixed list, so each trust center groups its documents
 * its own way; visitors filter on the categories that exist.
 */
export const DOCUMENT_LIMITS = {
  title: 200,
  description: 4000,
  category: 80,
  versionLabel: 40,
  fileName: 200,
} as const;

/** Bytes per stored chunk of a file: downloads and uploads move one chunk at a time. */
export const DOCUMENT_CHUNK_BYTES = 256 * 1024;

/** Default largest file, in bytes (DOCUMENT_MAX_BYTES overrides it). */
export const DEFAULT_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

/** Days before its end of validity from which a document counts as expiring soon. */
export const DOCUMENT_EXPIRING_DAYS = 30;

/** A language tag: `en`, `sv` or another short BCP 47 tag such as `de` or `pt-BR`. */
export const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;

/** A calendar date as stored and submitted. */
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The file kinds we accept, each checked by extension and by its first bytes. */
export const FILE_KIND_NAMES = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'text', 'csv'] as const;

/** One accepted file kind. */
export type FileKind = (typeof FILE_KIND_NAMES)[number];

/** Extensions, served Content-Type and label of each accepted kind. */
export const FILE_KINDS: Record<FileKind, { extensions: readonly string[]; contentType: string; label: string }> = {
  pdf: { extensions: ['pdf'], contentType: 'application/pdf', label: 'PDF' },
  docx: {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word (docx)',
  },
  xlsx: {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel (xlsx)',
  },
  pptx: {
    extensions: ['pptx'],
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint (pptx)',
  },
  odt: { extensions: ['odt'], contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text' },
  ods: {
    extensions: ['ods'],
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    label: 'OpenDocument spreadsheet',
  },
  text: { extensions: ['txt'], contentType: 'text/plain; charset=utf-8', label: 'Text' },
  csv: { extensions: ['csv'], contentType: 'text/csv; charset=utf-8', label: 'CSV' },
};

/** The main part each Office Open XML kind names in its `[Content_Types].xml`. */
export const OOXML_MAIN_PARTS: Partial<Record<FileKind, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
};

/** The kind a file name's extension claims, or undefined when we do not accept it. */
export function findFileKind(fileName: string): FileKind | undefined {
  if (!fileName.includes('.')) return undefined;
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  return FILE_KIND_NAMES.find((kind) => FILE_KINDS[kind].extensions.includes(extension));
}

/** The metadata staff give a document. */
export interface DocumentFields {
  title: string;
  description: string;
  category: string;
  language: string;
  accessLevel: AccessLevel;
}

/** What staff give with each uploaded file. */
export interface VersionFields {
  versionLabel: string;
  validFrom: string;
  /** Empty when the document does not expire. */
  validUntil: string | null;
}

/** One stored file of a document. */
export interface DocumentVersion extends VersionFields {
  id: number;
  documentId: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
  uploadedAt: string;
  /** E-mail of the staff member who uploaded it. */
  uploadedBy: string;
}

/** A document with its current (newest) version. */
export interface DocumentRecord extends DocumentFields {
  id: number;
  slug: string;
  createdAt: string;
  updatedAt: string;
  /** Set when staff archived it; archived documents are hidden from visitors and kept for history. */
  archivedAt: string | null;
  current: DocumentVersion | null;
  /** The title and description in other languages (the file itself is one language, `language`). */
  translations?: Translations<DocumentTranslation>;
}

/** A document as staff and visitors see it listed, with its validity judged against today. */
export interface DocumentListItem extends DocumentRecord {
  isExpired: boolean;
  /** Valid today but ending within DOCUMENT_EXPIRING_DAYS. */
  isExpiringSoon: boolean;
}

/** A document's title and description as a page in one language shows them, each with the language it is in. */
export interface LocalizedDocumentText {
  title: string;
  titleLanguage: 'en' | 'sv';
  description: string;
  descriptionLanguage: 'en' | 'sv';
}

/** The Swedish title and description on a Swedish page where they exist; the stored (English) text otherwise. */
export function localizeDocumentText(
  document: Pick<DocumentRecord, 'title' | 'description' | 'translations'>,
  language: 'en' | 'sv',
): LocalizedDocumentText {
  const swedish = language === 'sv' ? document.translations?.sv : undefined;
  const title = swedish?.title.trim() ?? '';
  const description = swedish?.description.trim() ?? '';
  return {
    title: title === '' ? document.title : title,
    titleLanguage: title === '' ? 'en' : 'sv',
    description: description === '' ? document.description : description,
    descriptionLanguage: description === '' ? 'en' : 'sv',
  };
}

/** Trims the text fields of a document. */
export function trimDocumentFields(fields: DocumentFields): DocumentFields {
  return {
    title: fields.title.trim(),
    description: fields.description.trim(),
    category: fields.category.trim(),
    language: fields.language.trim(),
    accessLevel: fields.accessLevel,
  };
}

/** Every problem with a document's slug, or undefined when it is fine. */
export function findDocumentSlugProblem(slug: string): { field: 'slug'; message: string } | undefined {
  if (!isSlug(slug)) {
    return {
      field: 'slug',
      message: 'The slug must be lowercase letters and digits with single hyphens between, at most 100 characters',
    };
  }
  return undefined;
}

/** Every problem with a document's (trimmed) metadata, one per field at most. */
export function findDocumentProblems(fields: DocumentFields): Omit<InputProblem, 'source'>[] {
  const problems: Omit<InputProblem, 'source'>[] = [];
  if (fields.title === '') problems.push({ field: 'title', message: 'The title is required' });
  else if (fields.title.length > DOCUMENT_LIMITS.title)
    problems.push({ field: 'title', message: `The title is longer than ${DOCUMENT_LIMITS.title} characters` });
  if (fields.description.length > DOCUMENT_LIMITS.description)
    problems.push({
      field: 'description',
      message: `The description is longer than ${DOCUMENT_LIMITS.description} characters`,
    });
  if (fields.category === '') problems.push({ field: 'category', message: 'The category is required' });
  else if (fields.category.length > DOCUMENT_LIMITS.category)
    problems.push({ field: 'category', message: `The category is longer than ${DOCUMENT_LIMITS.category} characters` });
  if (!LANGUAGE_TAG_PATTERN.test(fields.language))
    problems.push({ field: 'language', message: 'The language must be a tag such as en, sv or pt-BR' });
  if (!(ACCESS_LEVELS as readonly string[]).includes(fields.accessLevel))
    problems.push({ field: 'accessLevel', message: 'The access level must be public, nda or request' });
  return problems;
}

/** Whether a text is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Every problem with a version's label and dates. */
export function findVersionProblems(fields: VersionFields): Omit<InputProblem, 'source'>[] {
  const problems: Omit<InputProblem, 'source'>[] = [];
  const label = fields.versionLabel.trim();
  if (label === '') problems.push({ field: 'versionLabel', message: 'The version is required, such as 1.0 or 2026' });
  else if (label.length > DOCUMENT_LIMITS.versionLabel)
    problems.push({
      field: 'versionLabel',
      message: `The version is longer than ${DOCUMENT_LIMITS.versionLabel} characters`,
    });
  if (!isCalendarDate(fields.validFrom))
    problems.push({ field: 'validFrom', message: 'The valid-from date must be a date written YYYY-MM-DD' });
  if (fields.validUntil !== null) {
    if (!isCalendarDate(fields.validUntil))
      problems.push({ field: 'validUntil', message: 'The valid-until date must be a date written YYYY-MM-DD' });
    else if (isCalendarDate(fields.validFrom) && fields.validUntil < fields.validFrom)
      problems.push({ field: 'validUntil', message: 'The valid-until date is before the valid-from date' });
  }
  return problems;
}

/** Whether a version's validity ended before today (YYYY-MM-DD). */
export function isVersionExpired(version: Pick<VersionFields, 'validUntil'> | null, today: string): boolean {
  return version?.validUntil != null && version.validUntil < today;
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDaysToDate(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A document judged against today: expired, or valid but ending within DOCUMENT_EXPIRING_DAYS. */
export function toDocumentListItem(document: DocumentRecord, today: string): DocumentListItem {
  const isExpired = isVersionExpired(document.current, today);
  const until = document.current?.validUntil ?? null;
  const isExpiringSoon = !isExpired && until !== null && until <= addDaysToDate(today, DOCUMENT_EXPIRING_DAYS);
  return { ...document, isExpired, isExpiringSoon };
}

/** A byte count as pages and messages show it, the same in every language: 512 B, 300 KB, 1.5 MB, 25 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

/** A Markdown link target naming a document: `[SOC 2 report](document:soc-2-report)`. */
const DOCUMENT_LINK_PATTERN = /\]\(document:([a-z0-9-]+)\)/g;

/** The document slugs a Markdown text links to as `(document:<slug>)`, each once, in order. */
export function listDocumentLinks(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(DOCUMENT_LINK_PATTERN)].map((match) => match[1] ?? ''))];
}

/** Markdown with every `(document:<slug>)` target turned into the path of that document's page. */
export function resolveDocumentLinks(markdown: string): string {
  return markdown.replace(DOCUMENT_LINK_PATTERN, (_whole, slug: string) => `](/documents/${slug})`);
}

/** The problem of a link to a document that does not exist (or is archived). */
export function describeUnknownDocumentLink(slug: string): string {
  return `unknown document "document:${slug}" (no document with that slug is listed; create it first or fix the link)`;
}
