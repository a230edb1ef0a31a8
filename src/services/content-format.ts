import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, visit } from 'yaml';
import { z } from 'zod';
import {
  type Category,
  type Certification,
  type ContentSet,
  ENTRY_STATUSES,
  type Entry,
  findNestingProblem,
  type Highlight,
  ICON_NAMES,
  listLinkKeys,
  type NamedLink,
  type Site,
  type Tag,
} from '../domain/content.js';
import {
  CONTROL_ID_PATTERN,
  ENTRY_LIMITS,
  REVIEW_INTERVAL_DAYS,
  SLUG_PATTERN,
  TAXONOMY_LIMITS,
} from '../domain/entry-rules.js';
import type { InputProblem } from '../domain/errors.js';
import { isMailAddress } from '../domain/mail.js';
import { SHORT_ANSWERS } from '../domain/short-answer.js';
import {
  isTranslationPath,
  readTranslations,
  serializeTranslations,
  type TranslationReadOptions,
} from './content-translations.js';

/** A content file as read from disk: path relative to the content folder, and its text. */
export interface ContentFile {
  path: string;
  text: string;
}

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens')
  .max(ENTRY_LIMITS.slug, `must be at most ${ENTRY_LIMITS.slug} characters`);
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real calendar date');
const isoTimestamp = z.iso.datetime({ message: 'must be a timestamp such as 2026-01-31T09:00:00Z' });
// An ISO/IEC 27001:2022 Annex A control id such as `A.8.24`.
const controlIdSchema = z.string().regex(CONTROL_ID_PATTERN, 'must be an ISO/IEC 27001:2022 Annex A id such as A.8.24');
const reviewIntervalDays = z.number().int().min(REVIEW_INTERVAL_DAYS.min).max(REVIEW_INTERVAL_DAYS.max);
const securityContact = z
  .string()
  .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https:// URL');
const linkKey = slug;

/** Rules of site.yaml; the staff forms validate with the same field schemas. */
export const siteSchema = z.strictObject({
  name: text(120),
  tagline: text(200),
  intro: text(2000),
  contact_email: z.string().refine(isMailAddress, 'must be an e-mail address'),
  security_contact: securityContact,
  security_policy_link: linkKey.optional(),
  preferred_languages: z.array(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code')).min(1),
  accent_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #0f5c5a'),
  sla: z.strictObject({
    title: text(120),
    summary: text(1000),
    availability: text(40),
    link: linkKey.optional(),
    response_times: z
      .array(z.strictObject({ priority: text(20), description: text(200), response: text(200) }))
      .max(10),
  }),
});

/** A YAML date written YYYY-MM-DD (shared with the document index). */
export const isoDateSchema = isoDate;

/** Rules of highlights.yaml (shared with the staff highlight form). */
export const highlightsSchema = z.array(
  z.strictObject({
    title: text(80),
    text: text(300),
    icon: z.enum(ICON_NAMES, { message: `must be one of ${ICON_NAMES.join(', ')}` }),
    order: z.number().int().min(0),
  }),
);
/** Rules of categories.yaml (shared with the staff category form). */
export const categoriesSchema = z.array(
  z.strictObject({
    slug,
    name: text(TAXONOMY_LIMITS.categoryName),
    description: text(TAXONOMY_LIMITS.categoryDescription),
    order: z.number().int().min(0),
    review_interval_days: reviewIntervalDays,
  }),
);
/** Rules of tags.yaml (shared with the staff tag form). */
export const tagsSchema = z.array(z.strictObject({ slug, name: text(TAXONOMY_LIMITS.tagName) }));
/** Rules of certifications.yaml (shared with the staff certification form). */
export const certificationsSchema = z.array(
  z.strictObject({
    name: text(120),
    issuer: text(120),
    certificate_number: text(80),
    scope: text(1000),
    valid_from: isoDate,
    valid_until: isoDate,
    // The slug of the document holding the certificate.
    document: slug.optional(),
  }),
);
const linksSchema = z.array(
  z.strictObject({
    key: linkKey,
    title: text(200),
    url: z.string().regex(/^(https:\/\/|\/)\S+$/, 'must be an https:// URL or a path starting with /'),
  }),
);
const entryFrontMatterSchema = z.strictObject({
  question: text(ENTRY_LIMITS.question),
  category: slug,
  tags: z
    .array(slug)
    .max(ENTRY_LIMITS.tags)
    .refine((tags) => new Set(tags).size === tags.length, 'must not list a tag twice')
    .default([]),
  status: z.enum(ENTRY_STATUSES, { message: `must be one of ${ENTRY_STATUSES.join(', ')}` }),
  owner: text(ENTRY_LIMITS.owner),
  order: z.number().int().min(0),
  last_reviewed: isoDate,
  review_interval_days: reviewIntervalDays.optional(),
  alternative_phrasings: z.array(text(ENTRY_LIMITS.phrasingLength)).max(ENTRY_LIMITS.phrasings).default([]),
  controls: z.array(controlIdSchema).max(ENTRY_LIMITS.controls).default([]),
  short_answer: z.enum(SHORT_ANSWERS, { message: `must be one of ${SHORT_ANSWERS.join(', ')}` }).optional(),
  // Markdown like the answer, kept as written apart from the surrounding whitespace.
  questionnaire_wording: text(ENTRY_LIMITS.questionnaireWording).optional(),
  created: isoTimestamp,
  updated: isoTimestamp,
});

/** The fixed file names of the content folder (entries live in `entries/<slug>.md`). */
export const CONTENT_FILES = {
  site: 'site.yaml',
  highlights: 'highlights.yaml',
  categories: 'categories.yaml',
  tags: 'tags.yaml',
  certifications: 'certifications.yaml',
  links: 'links.yaml',
  entriesFolder: 'entries',
  /** The document index; the files it names sit beside it (read by content-documents.ts). */
  documentIndex: 'documents/index.yaml',
  nda: 'nda.md',
  /** The subprocessors (read by content-subprocessors.ts). */
  subprocessors: 'subprocessors.yaml',
  /** Posted updates, one `updates/<slug>.md` each (read by content-updates.ts). */
  updatesFolder: 'updates',
} as const;

const KNOWN_FILE_PATHS: ReadonlySet<string> = new Set(Object.values(CONTENT_FILES));

/** Result of parsing a content folder: the content when every file is valid, else every problem. */
export type ParseResult = { ok: true; content: ContentSet } | { ok: false; problems: InputProblem[] };

/** Parses and cross-checks a whole content folder, collecting every problem with its location. */
export function parseContentFiles(files: ContentFile[], options: TranslationReadOptions = {}): ParseResult {
  const problems: InputProblem[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));

  const readYaml = <T>(path: string, schema: z.ZodType<T>): T | undefined => {
    const file = byPath.get(path);
    if (!file) {
      problems.push({ source: path, message: 'file is missing' });
      return undefined;
    }
    return parseYamlWithSchema(file.text, path, 0, schema, problems);
  };

  const siteData = readYaml(CONTENT_FILES.site, siteSchema);
  const highlightData = readYaml(CONTENT_FILES.highlights, highlightsSchema);
  const categoryData = readYaml(CONTENT_FILES.categories, categoriesSchema);
  const tagData = readYaml(CONTENT_FILES.tags, tagsSchema);
  const certificationData = readYaml(CONTENT_FILES.certifications, certificationsSchema);
  const linkData = readYaml(CONTENT_FILES.links, linksSchema);

  const entryFiles = files
    .filter((file) => file.path.startsWith(`${CONTENT_FILES.entriesFolder}/`))
    .sort((a, b) => compareText(a.path, b.path));
  const entries: Entry[] = [];
  for (const file of entryFiles) {
    const entry = parseEntryFile(file, problems);
    if (entry) entries.push(entry);
  }

  for (const file of files) {
    // Files below translations/ are checked with the translations, once the English is read.
    const known =
      KNOWN_FILE_PATHS.has(file.path) ||
      file.path.startsWith(`${CONTENT_FILES.entriesFolder}/`) ||
      file.path.startsWith(`${CONTENT_FILES.updatesFolder}/`) ||
      isTranslationPath(file.path);
    if (!known) problems.push({ source: file.path, message: 'unexpected file in the content folder' });
  }

  if (!siteData || !highlightData || !categoryData || !tagData || !certificationData || !linkData) {
    return { ok: false, problems };
  }

  const content: ContentSet = {
    site: toSite(siteData),
    highlights: highlightData.map((h): Highlight => ({ ...h })),
    categories: categoryData.map(
      (c): Category => ({
        slug: c.slug,
        name: c.name,
        description: c.description,
        order: c.order,
        reviewIntervalDays: c.review_interval_days,
      }),
    ),
    tags: tagData.map((t): Tag => ({ ...t })),
    certifications: certificationData.map(
      (c): Certification => ({
        name: c.name,
        issuer: c.issuer,
        certificateNumber: c.certificate_number,
        scope: c.scope,
        validFrom: c.valid_from,
        validUntil: c.valid_until,
        document: c.document ?? null,
      }),
    ),
    links: linkData.map((l): NamedLink => ({ ...l })),
    entries,
  };
  problems.push(...checkReferences(content));
  const translated = readTranslations(files, content, problems, options);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, content: translated };
}

function toSite(data: z.infer<typeof siteSchema>): Site {
  return {
    name: data.name,
    tagline: data.tagline,
    intro: data.intro,
    contactEmail: data.contact_email,
    securityContact: data.security_contact,
    securityPolicyLink: data.security_policy_link ?? null,
    preferredLanguages: data.preferred_languages,
    accentColor: data.accent_color,
    sla: {
      title: data.sla.title,
      summary: data.sla.summary,
      availability: data.sla.availability,
      link: data.sla.link ?? null,
      responseTimes: data.sla.response_times,
    },
  };
}

/** A Markdown file's YAML front matter between `---` lines, then its body. */
export const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** What is wrong with the length of an entry's answer as a file holds it (none, or too long), if anything. */
export function describeAnswerLengthProblem(answer: string): string | undefined {
  if (answer.length === 0) return 'the answer below the front matter is empty';
  if (answer.length > ENTRY_LIMITS.answer) return `the answer must be at most ${ENTRY_LIMITS.answer} characters`;
  return undefined;
}

/** A Markdown content file split at its front matter. */
export interface MarkdownParts {
  frontMatter: string;
  /** The text below the front matter, trimmed. */
  body: string;
  /** The file's line the body starts on. */
  bodyLine: number;
}

/**
 * Splits a Markdown content file (an entry, its translation, an update) into front matter and body;
 * a binary file or one without front matter is reported in `problems` and gives undefined.
 */
export function splitMarkdownFile(file: ContentFile, problems: InputProblem[]): MarkdownParts | undefined {
  if (file.text.includes('\u0000')) {
    problems.push({ source: file.path, message: 'file is binary, not Markdown text' });
    return undefined;
  }
  const match = FRONT_MATTER.exec(file.text);
  if (!match) {
    problems.push({ source: file.path, line: 1, message: 'must start with YAML front matter between --- lines' });
    return undefined;
  }
  const frontMatter = match[1] ?? '';
  return { frontMatter, body: (match[2] ?? '').trim(), bodyLine: frontMatter.split('\n').length + 3 };
}

function parseEntryFile(file: ContentFile, problems: InputProblem[]): Entry | undefined {
  const name = file.path.slice(CONTENT_FILES.entriesFolder.length + 1);
  if (!name.endsWith('.md')) {
    problems.push({ source: file.path, message: 'entry files must end in .md' });
    return undefined;
  }
  const entrySlug = name.slice(0, -'.md'.length);
  const slugCheck = slug.safeParse(entrySlug);
  if (!slugCheck.success) {
    problems.push({
      source: file.path,
      field: 'file name',
      message: `slug ${slugCheck.error.issues[0]?.message ?? 'is invalid'}`,
    });
  }
  const parts = splitMarkdownFile(file, problems);
  if (!parts) return undefined;
  const { frontMatter, body: answer, bodyLine } = parts;
  const data = parseYamlWithSchema(frontMatter, file.path, 1, entryFrontMatterSchema, problems);
  const answerProblem = describeAnswerLengthProblem(answer) ?? findNestingProblem(answer);
  if (answerProblem) problems.push({ source: file.path, line: bodyLine, field: 'answer', message: answerProblem });
  if (data?.questionnaire_wording !== undefined) {
    const nesting = findNestingProblem(data.questionnaire_wording);
    // The key's own line: the front matter starts on line 2, below its `---`.
    const line = frontMatter.split('\n').findIndex((text) => text.startsWith('questionnaire_wording:')) + 2;
    if (nesting) problems.push({ source: file.path, line, field: 'questionnaire_wording', message: nesting });
  }
  if (!data || !slugCheck.success) return undefined;
  return {
    slug: entrySlug,
    question: data.question,
    answer,
    category: data.category,
    tags: data.tags,
    status: data.status,
    owner: data.owner,
    order: data.order,
    lastReviewed: data.last_reviewed,
    reviewIntervalDays: data.review_interval_days ?? null,
    alternativePhrasings: data.alternative_phrasings,
    controls: data.controls,
    shortAnswer: data.short_answer ?? null,
    questionnaireWording: data.questionnaire_wording ?? null,
    createdAt: data.created,
    updatedAt: data.updated,
  };
}

/**
 * An unknown key is reported at its mapping's first line (a list item's, or a front matter's); this moves it to the key's own line (the first line at or
 * below that one that starts with the key), so that the message points where the typo is.
 */
export function pointAtUnknownKey(problem: InputProblem, text: string): InputProblem {
  const key = /^Unrecognized keys?: "([^"]+)"/.exec(problem.message)?.[1];
  if (key === undefined || problem.line === undefined) return problem;
  const lines = text.split('\n');
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(\\s*-)?\\s*${escaped}\\s*:`);
  for (let index = problem.line - 1; index < lines.length; index += 1) {
    if (pattern.test(lines[index] ?? ''))
      return { ...problem, line: index + 1, field: problem.field ? `${problem.field}.${key}` : key };
  }
  return problem;
}

// Content files need no aliases at all; a small budget still allows a few shared lists.
const MAX_YAML_ALIAS_COUNT = 50;

/** Parses YAML text and validates it, reporting each problem at its line (offset by `lineOffset`). */
export function parseYamlWithSchema<T>(
  source: string,
  path: string,
  lineOffset: number,
  schema: z.ZodType<T>,
  problems: InputProblem[],
): T | undefined {
  return parseYamlWithLines(source, path, lineOffset, schema, problems)?.data;
}

/** As parseYamlWithSchema, with the line (offset by `lineOffset`) each value of the data was read from. */
export function parseYamlWithLines<T>(
  source: string,
  path: string,
  lineOffset: number,
  schema: z.ZodType<T>,
  problems: InputProblem[],
): { data: T; lineOf: (fieldPath: (string | number)[]) => number } | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = lineCounter.linePos(error.pos[0]);
      problems.push({
        source: path,
        line: position.line + lineOffset,
        message: `YAML syntax: ${firstLine(error.message)}`,
      });
    }
    return undefined;
  }
  // A list or mapping used as a key (`? [a]: b`, `{a: 1}: x`) means nothing in a content file; the yaml library
  // would turn it into text and print a process warning, so it is refused at its line instead (found by fuzzing).
  let hasComplexKey = false;
  visit(document, {
    Pair(_, pair) {
      if (!isMap(pair.key) && !isSeq(pair.key)) return;
      hasComplexKey = true;
      problems.push({
        source: path,
        line: lineCounter.linePos(pair.key.range?.[0] ?? 0).line + lineOffset,
        message: 'a key must be plain text, not a list or a mapping',
      });
    },
  });
  if (hasComplexKey) return undefined;
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    // The yaml library throws a bare ReferenceError when aliases expand too far ("billion laughs").
    if (!(error instanceof ReferenceError)) throw error;
    problems.push({
      source: path,
      message: `too many YAML aliases: at most ${MAX_YAML_ALIAS_COUNT} alias expansions are allowed`,
    });
    return undefined;
  }
  const parsed = schema.safeParse(data);
  if (parsed.success)
    return { data: parsed.data, lineOf: (fieldPath) => findLine(document, lineCounter, fieldPath) + lineOffset };
  for (const issue of parsed.error.issues) {
    const fieldPath = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    problems.push({
      source: path,
      line: findLine(document, lineCounter, fieldPath) + lineOffset,
      field: formatFieldPath(fieldPath),
      message: issue.message,
    });
  }
  return undefined;
}

function findLine(document: Document, lineCounter: LineCounter, path: (string | number)[]): number {
  // Walk down as far as the path exists, so a missing key points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return 1;
}

function formatFieldPath(path: (string | number)[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Finds references to things that do not exist (category, tag, link keys) and duplicates. */
function checkReferences(content: ContentSet): InputProblem[] {
  const problems: InputProblem[] = [];
  const reportDuplicates = (source: string, field: string, values: string[]) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value))
        problems.push({ source, field: `[${index}].${field}`, message: `duplicate ${field} "${value}"` });
      seen.add(value);
    });
  };
  reportDuplicates(
    CONTENT_FILES.categories,
    'slug',
    content.categories.map((c) => c.slug),
  );
  reportDuplicates(
    CONTENT_FILES.tags,
    'slug',
    content.tags.map((t) => t.slug),
  );
  reportDuplicates(
    CONTENT_FILES.links,
    'key',
    content.links.map((l) => l.key),
  );

  const categories = new Set(content.categories.map((c) => c.slug));
  const tags = new Set(content.tags.map((t) => t.slug));
  const links = new Set(content.links.map((l) => l.key));
  const checkLink = (source: string, field: string, key: string | null) => {
    if (key !== null && !links.has(key))
      problems.push({ source, field, message: `unknown link key "${key}" (not in ${CONTENT_FILES.links})` });
  };
  checkLink(CONTENT_FILES.site, 'security_policy_link', content.site.securityPolicyLink);
  checkLink(CONTENT_FILES.site, 'sla.link', content.site.sla.link);
  content.certifications.forEach((c, index) => {
    if (c.validUntil < c.validFrom) {
      problems.push({
        source: CONTENT_FILES.certifications,
        field: `[${index}].valid_until`,
        message: 'is before valid_from',
      });
    }
  });
  for (const entry of content.entries) {
    const source = `${CONTENT_FILES.entriesFolder}/${entry.slug}.md`;
    if (!categories.has(entry.category)) {
      problems.push({
        source,
        field: 'category',
        message: `unknown category "${entry.category}" (not in ${CONTENT_FILES.categories})`,
      });
    }
    entry.tags.forEach((tag, index) => {
      if (!tags.has(tag))
        problems.push({
          source,
          field: `tags[${index}]`,
          message: `unknown tag "${tag}" (not in ${CONTENT_FILES.tags})`,
        });
    });
    for (const [field, text] of [
      ['answer', entry.answer],
      ['questionnaire_wording', entry.questionnaireWording ?? ''],
    ] as const) {
      for (const key of listLinkKeys(text)) {
        if (!links.has(key))
          problems.push({
            source,
            field,
            message: `unknown link key "link:${key}" (not in ${CONTENT_FILES.links})`,
          });
      }
    }
  }
  return problems;
}

/** Writes a content set as the files of a content folder, in one canonical form. */
export function serializeContent(content: ContentSet): ContentFile[] {
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0, indentSeq: true });
  // Short lists of slugs and ids read best on one line, as people write them by hand.
  const yamlWithFlowLists = (value: Record<string, unknown>, flowKeys: string[]) => {
    const document = new Document(value);
    for (const key of flowKeys) {
      const node = document.get(key, true);
      if (isSeq(node)) node.flow = true;
    }
    // A multi-line text that cannot be a block (a questionnaire wording with a carriage return) is double-quoted;
    // the library's folded form of such a string reads back a line of spaces as a backslash, its JSON form does not.
    return document.toString({
      lineWidth: 0,
      indentSeq: true,
      flowCollectionPadding: false,
      doubleQuotedAsJSON: true,
    });
  };
  const { site } = content;
  const files: ContentFile[] = [
    {
      path: CONTENT_FILES.site,
      text: yamlWithFlowLists(
        omitNull({
          name: site.name,
          tagline: site.tagline,
          intro: site.intro,
          contact_email: site.contactEmail,
          security_contact: site.securityContact,
          security_policy_link: site.securityPolicyLink,
          preferred_languages: site.preferredLanguages,
          accent_color: site.accentColor,
          sla: omitNull({
            title: site.sla.title,
            summary: site.sla.summary,
            availability: site.sla.availability,
            link: site.sla.link,
            response_times: site.sla.responseTimes,
          }),
        }),
        ['preferred_languages'],
      ),
    },
    {
      path: CONTENT_FILES.highlights,
      text: yaml(content.highlights.map((h) => ({ title: h.title, text: h.text, icon: h.icon, order: h.order }))),
    },
    {
      path: CONTENT_FILES.categories,
      text: yaml(
        content.categories.map((c) => ({
          slug: c.slug,
          name: c.name,
          description: c.description,
          order: c.order,
          review_interval_days: c.reviewIntervalDays,
        })),
      ),
    },
    { path: CONTENT_FILES.tags, text: yaml(content.tags.map((t) => ({ slug: t.slug, name: t.name }))) },
    {
      path: CONTENT_FILES.certifications,
      text: yaml(
        content.certifications.map((c) =>
          omitNull({
            name: c.name,
            issuer: c.issuer,
            certificate_number: c.certificateNumber,
            scope: c.scope,
            valid_from: c.validFrom,
            valid_until: c.validUntil,
            document: c.document,
          }),
        ),
      ),
    },
    { path: CONTENT_FILES.links, text: yaml(content.links.map((l) => ({ key: l.key, title: l.title, url: l.url }))) },
  ];
  for (const entry of content.entries) {
    const frontMatter = yamlWithFlowLists(
      omitNull({
        question: entry.question,
        category: entry.category,
        tags: entry.tags,
        status: entry.status,
        owner: entry.owner,
        order: entry.order,
        last_reviewed: entry.lastReviewed,
        review_interval_days: entry.reviewIntervalDays,
        alternative_phrasings: entry.alternativePhrasings,
        controls: entry.controls,
        short_answer: entry.shortAnswer,
        questionnaire_wording: entry.questionnaireWording,
        created: entry.createdAt,
        updated: entry.updatedAt,
      }),
      ['tags', 'controls'],
    );
    files.push({
      path: `${CONTENT_FILES.entriesFolder}/${entry.slug}.md`,
      text: `---\n${frontMatter}---\n${entry.answer}\n`,
    });
  }
  // The translations follow the English, each file in the order of the English items it translates.
  files.push(...serializeTranslations(content));
  return files;
}

function omitNull(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
