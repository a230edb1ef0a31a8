/** Pure types of the trust center's content, shared by storage, services, search and views. */
import type { ShortAnswer } from './short-answer.js';
import type {
  CategoryTranslation,
  CertificationTranslation,
  DocumentTranslation,
  EntryTranslation,
  HighlightTranslation,
  NamedLinkTranslation,
  SiteTranslation,
  TagTranslation,
  Translations,
} from './translation.js';
import { TRANSLATION_LANGUAGES } from './translation.js';

/** The one site the instance serves. */
export interface Site {
  name: string;
  tagline: string;
  intro: string;
  contactEmail: string;
  /** RFC 9116 contact: a mailto: or https: URI. */
  securityContact: string;
  /** Key of the named link holding the vulnerability disclosure policy. */
  securityPolicyLink: string | null;
  preferredLanguages: string[];
  accentColor: string;
  sla: ServiceLevel;
  /** The site's texts in other languages. */
  translations?: Translations<SiteTranslation>;
}

/** The service-delivery card: availability and response times by priority. */
export interface ServiceLevel {
  title: string;
  summary: string;
  availability: string;
  /** Key of the named link with the full SLA. */
  link: string | null;
  responseTimes: ResponseTime[];
}

/** One priority row of the SLA card. */
export interface ResponseTime {
  priority: string;
  description: string;
  response: string;
}

/** The site settings staff edit as text, by the names the settings form and the audit log give them. */
export function toSiteSettingsText(site: Site) {
  return {
    name: site.name,
    tagline: site.tagline,
    intro: site.intro,
    contactEmail: site.contactEmail,
    securityContact: site.securityContact,
    accentColor: site.accentColor,
    slaTitle: site.sla.title,
    slaSummary: site.sla.summary,
    slaAvailability: site.sla.availability,
  };
}

/** A response time as staff type it in the settings form: `priority | situation | response`. */
export function describeResponseTime(row: ResponseTime): string {
  return `${row.priority} | ${row.description} | ${row.response}`;
}

/** Names of the icons in the shipped SVG sprite. */
export const ICON_NAMES = [
  'shield',
  'flag',
  'certificate',
  'server',
  'unlock',
  'lock',
  'eye',
  'globe',
  'clock',
  'leaf',
] as const;

/** An icon of the shipped sprite. */
export type IconName = (typeof ICON_NAMES)[number];

/** A "why trust us" card. */
export interface Highlight {
  title: string;
  text: string;
  icon: IconName;
  order: number;
  translations?: Translations<HighlightTranslation>;
}

/** A FAQ category. */
export interface Category {
  slug: string;
  name: string;
  description: string;
  order: number;
  /** Default review interval of the category's entries. */
  reviewIntervalDays: number;
  translations?: Translations<CategoryTranslation>;
}

/** A tag such as NIS2 or GDPR. */
export interface Tag {
  slug: string;
  name: string;
  translations?: Translations<TagTranslation>;
}

/** Lifecycle of an entry; only published entries are public. */
export const ENTRY_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;

/** Status of an entry. */
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** One question and its answer. */
export interface Entry {
  slug: string;
  question: string;
  /** Markdown; may reference named links as `link:<key>`. */
  answer: string;
  category: string;
  tags: string[];
  status: EntryStatus;
  owner: string;
  order: number;
  /** ISO date (YYYY-MM-DD). */
  lastReviewed: string;
  /** Overrides the category default when set. */
  reviewIntervalDays: number | null;
  alternativePhrasings: string[];
  /** ISO/IEC 27001:2022 Annex A control ids, e.g. `A.8.24`. */
  controls: string[];
  /** The yes / no / partial / not applicable a questionnaire's choice column gets; null when the entry has none. */
  shortAnswer: ShortAnswer | null;
  /**
   * Markdown written into a questionnaire instead of the answer, for when the web text does not fit a
   * spreadsheet ("listed on this page"); null: the answer is used.
   */
  questionnaireWording: string | null;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  /** The entry in other languages. */
  translations?: Translations<EntryTranslation>;
}

/** A certificate or attestation. */
export interface Certification {
  name: string;
  issuer: string;
  certificateNumber: string;
  scope: string;
  /** ISO dates. */
  validFrom: string;
  validUntil: string;
  /** Slug of the document holding the certificate, when there is one. */
  document: string | null;
  translations?: Translations<CertificationTranslation>;
}

/** A named link (policy, SLA, report) that answers may reference by key. */
export interface NamedLink {
  key: string;
  title: string;
  url: string;
  translations?: Translations<NamedLinkTranslation>;
}

/** Everything the trust center holds, as imported or exported. */
export interface ContentSet {
  site: Site;
  highlights: Highlight[];
  categories: Category[];
  tags: Tag[];
  certifications: Certification[];
  links: NamedLink[];
  entries: Entry[];
  /**
   * The documents' titles and descriptions in other languages, by document slug, in slug order (the documents
   * themselves are imported and stored apart). Undefined leaves the stored document translations as they are.
   */
  documentTranslations?: { slug: string; translations: Translations<DocumentTranslation> }[];
}

/** Whether a certification is no longer valid on the given day. */
export function isCertificationExpired(certification: Pick<Certification, 'validUntil'>, today: string): boolean {
  return certification.validUntil < today;
}

/** The day an entry is next due for review. */
export function getReviewDueDate(entry: Entry, category: Category | undefined): string {
  const days = entry.reviewIntervalDays ?? category?.reviewIntervalDays ?? 365;
  const due = new Date(`${entry.lastReviewed}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + days);
  return due.toISOString().slice(0, 10);
}

/** Longest page title taken from a question; questionnaires ask questions of a paragraph or more. */
export const MAX_PAGE_TITLE_LENGTH = 120;

/** A question as a page title: whole when short, else cut at a word before the limit and ended with "…". */
export function toPageTitle(text: string, maxLength = MAX_PAGE_TITLE_LENGTH): string {
  const single = text.replace(/\s+/g, ' ').trim();
  if (single.length <= maxLength) return single;
  const cut = single.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxLength / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Longest slug a category, tag or entry may have. */
export const MAX_SLUG_LENGTH = 80;

/** Turns a name or question into a URL slug: lowercase ASCII letters, digits and single hyphens. */
export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** What importing an answer library would change, question by question; nothing written. */
export interface LibraryImportPreview {
  file: string;
  sheet: string;
  /** Valid library rows read. */
  rows: number;
  /** Questions of the entries that would be added, updated, left as they are and removed (`replace`). */
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  createdCategories: string[];
  createdTags: string[];
  createdSite: boolean;
}

/** A previewed library file the server keeps so that its import needs no second upload. */
export interface StagedLibraryUpload {
  /** The secret the import form sends back; the server stores only its SHA-256. */
  token: string;
  file: string;
  /** When the server forgets the file (ISO timestamp). */
  expiresAt: string;
}

/** The `change` of the version that keeps an entry's text as it was before its first recorded change. */
export const BASELINE_VERSION_CHANGE = 'as stored before the first recorded change';

/** The end of the `change` of a version that proposes an edit to a published entry and waits for approval. */
export const AWAITING_APPROVAL_CHANGE = ' (awaiting approval)';

/** What an entry says, field by field: everything a writer can change (not its status, order or dates). */
const CONTENT_FIELDS: readonly ((entry: Entry) => unknown)[] = [
  (entry) => entry.question,
  (entry) => entry.answer,
  (entry) => entry.category,
  (entry) => entry.tags,
  (entry) => entry.owner,
  (entry) => entry.reviewIntervalDays,
  (entry) => entry.alternativePhrasings,
  (entry) => entry.controls,
  (entry) => entry.shortAnswer,
  (entry) => entry.questionnaireWording,
  // Each translated field on its own, so a translator is a writer of the translation only.
  ...TRANSLATION_LANGUAGES.flatMap((language): ((entry: Entry) => unknown)[] => [
    (entry) => entry.translations?.[language]?.question ?? null,
    (entry) => entry.translations?.[language]?.answer ?? null,
    (entry) => entry.translations?.[language]?.alternativePhrasings ?? null,
    (entry) => entry.translations?.[language]?.questionnaireWording ?? null,
  ]),
];

/**
 * Who wrote any part of `approved` that is not already public in `published` (undefined: nothing is),
 * from the entry's versions, oldest first. A field's writers are everyone who ever brought its value
 * into a version, not only the last saver, so that saving someone else's text again, sending it for
 * review or restoring it as a new version does not make its writer a second person (four-eyes).
 */
export function listWriterIds(
  approved: Entry,
  published: Entry | undefined,
  versions: readonly { savedById: number | null; entry: Entry }[],
): Set<number> {
  const writers = new Set<number>();
  for (const read of CONTENT_FIELDS) {
    const value = JSON.stringify(read(approved));
    if (published && JSON.stringify(read(published)) === value) continue;
    versions.forEach((version, index) => {
      const previous = versions[index - 1];
      const isIntroduced =
        JSON.stringify(read(version.entry)) === value &&
        (previous === undefined || JSON.stringify(read(previous.entry)) !== value);
      if (isIntroduced && version.savedById !== null) writers.add(version.savedById);
    });
  }
  return writers;
}

/**
 * Deepest nesting of block quotes and lists a Markdown text may have. The renderer (marked 18.2.1)
 * recurses once per level and overflowed the stack at about 830 levels of quotes and lists mixed
 * (1,180 lists, 1,870 quotes) on Node 20 with its default stack; answers never need more than a few. A text
 * stored deeper (before this limit, or by a direct database write) is shown as plain text without being rendered.
 */
export const MAX_MARKDOWN_NESTING = 20;

// At a line's start: `>` (a block quote), or `-`, `+`, `*`, `1.`, `1)` followed by a space or the
// line's end (a list item), each after optional indentation.
const CONTAINER_MARKER = /[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))/y;
const THEMATIC_BREAK = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * How deeply block quotes and lists nest in a Markdown text: the markers at each line's start plus the
 * list items of earlier lines it is indented into. It may count a level or two more than CommonMark
 * (inside code blocks, say) but never far fewer, which is what keeps the renderer safe.
 */
export function measureNestingDepth(markdown: string): number {
  let deepest = 0;
  // Content columns of the list items still open, from earlier lines.
  const openItems: number[] = [];
  for (const line of markdown.split(/\r\n?|\n/)) {
    if (THEMATIC_BREAK.test(line)) continue;
    let markers = 0;
    let firstColumn: number | undefined;
    const itemColumns: number[] = [];
    CONTAINER_MARKER.lastIndex = 0;
    for (let match = CONTAINER_MARKER.exec(line); match; match = CONTAINER_MARKER.exec(line)) {
      if (match[0].length === 0) break;
      markers += 1;
      firstColumn ??= match.index + match[0].length - match[0].trimStart().length;
      if (!match[0].trimStart().startsWith('>')) itemColumns.push(CONTAINER_MARKER.lastIndex);
      if (CONTAINER_MARKER.lastIndex >= line.length) break;
    }
    // Lines without a marker (paragraph text, lazy continuations) add no level of their own.
    if (markers === 0) continue;
    // A marker left of an open item's content closes that item (a lazy line would not, but has no marker).
    while ((openItems.at(-1) ?? -1) > (firstColumn ?? 0)) openItems.pop();
    deepest = Math.max(deepest, openItems.length + markers);
    // One at a time: a line may hold more items than a function call takes as arguments.
    for (const column of itemColumns) openItems.push(column);
  }
  return deepest;
}

/** A Markdown link to a named link of the site (`[text](link:<key>)`); the key is the first group. */
export function linkReferencePattern(): RegExp {
  return /\]\(link:([a-z0-9-]+)\)/g;
}

/** The named-link keys a Markdown text references, each once, in the order they first appear. */
export function listLinkKeys(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(linkReferencePattern())].map((match) => match[1] ?? ''))];
}

/** What is wrong with a Markdown text's nesting (for a field's problem), or undefined when it is fine. */
export function findNestingProblem(markdown: string): string | undefined {
  const depth = measureNestingDepth(markdown);
  if (depth <= MAX_MARKDOWN_NESTING) return undefined;
  return `block quotes and lists nest ${depth.toLocaleString('en-US')} levels deep; at most ${MAX_MARKDOWN_NESTING} are allowed`;
}
