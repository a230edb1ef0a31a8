/**
 * The translated content as files: `translations/<language>/` beside the English content folder, every file and
 * every item optional (a missing item is not translated yet). Each item names the English thing it translates by
 * that thing's key (a slug, a link key, a certification's name, a highlight's order), so the English files stay as
 * they are. Read after the English, so that every key can be checked against it.
 */
import { Document, isSeq } from 'yaml';
import { z } from 'zod';
import { type ContentSet, type Entry, findNestingProblem, listLinkKeys, type Site } from '../domain/content.js';
import { describeUnknownDocumentLink, listDocumentLinks } from '../domain/document.js';
import { ENTRY_LIMITS, SLUG_PATTERN, TAXONOMY_LIMITS } from '../domain/entry-rules.js';
import type { InputProblem } from '../domain/errors.js';
import {
  type DocumentTranslation,
  type EntryTranslation,
  type SiteTranslation,
  TRANSLATION_LANGUAGES,
  type TranslationLanguage,
  type Translations,
} from '../domain/translation.js';
import {
  type ContentFile,
  describeAnswerLengthProblem,
  parseYamlWithLines,
  splitMarkdownFile,
} from './content-format.js';

/** The folder holding every language's translations. */
export const TRANSLATIONS_FOLDER = 'translations';

/** The files of one language's folder, relative to it (entries live in `entries/<slug>.md`). */
export const TRANSLATION_FILES = {
  site: 'site.yaml',
  highlights: 'highlights.yaml',
  categories: 'categories.yaml',
  tags: 'tags.yaml',
  certifications: 'certifications.yaml',
  links: 'links.yaml',
  documents: 'documents.yaml',
  entriesFolder: 'entries',
  /** Updates' Swedish, `updates/<slug>.md` (read by content-updates.ts). */
  updatesFolder: 'updates',
} as const;

// The folders of one language's translations, each holding one Markdown file per English item.
const TRANSLATION_FOLDERS: readonly string[] = [TRANSLATION_FILES.entriesFolder, TRANSLATION_FILES.updatesFolder];

/** The path of a translation file in the content folder. */
export function translationPath(language: TranslationLanguage, file: string): string {
  return `${TRANSLATIONS_FOLDER}/${language}/${file}`;
}

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const slug = z.string().regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens');

// Limits as the English files have them (content-format.ts).
const siteSchema = z.strictObject({
  tagline: text(200).optional(),
  intro: text(2000).optional(),
  sla: z
    .strictObject({
      title: text(120).optional(),
      summary: text(1000).optional(),
      availability: text(40).optional(),
      response_times: z.array(z.strictObject({ description: text(200), response: text(200) })).optional(),
    })
    .optional(),
});
const highlightsSchema = z.array(z.strictObject({ order: z.number().int().min(0), title: text(80), text: text(300) }));
const categoriesSchema = z.array(
  z.strictObject({
    slug,
    name: text(TAXONOMY_LIMITS.categoryName),
    description: text(TAXONOMY_LIMITS.categoryDescription),
  }),
);
const tagsSchema = z.array(z.strictObject({ slug, name: text(TAXONOMY_LIMITS.tagName) }));
const certificationsSchema = z.array(z.strictObject({ name: text(120), scope: text(1000) }));
const linksSchema = z.array(z.strictObject({ key: slug, title: text(200) }));
const documentsSchema = z.array(z.strictObject({ slug, title: text(200), description: text(4000) }));
const entryFrontMatterSchema = z.strictObject({
  question: text(ENTRY_LIMITS.question),
  alternative_phrasings: z.array(text(ENTRY_LIMITS.phrasingLength)).max(ENTRY_LIMITS.phrasings).default([]),
  questionnaire_wording: text(ENTRY_LIMITS.questionnaireWording).optional(),
});

/** Whether a content path lies in the translations folder. */
export function isTranslationPath(path: string): boolean {
  return path.startsWith(`${TRANSLATIONS_FOLDER}/`);
}

/** Whether a path is one the translations folder may hold. */
function isKnownTranslationPath(path: string): boolean {
  return TRANSLATION_LANGUAGES.some((language) => {
    const prefix = `${TRANSLATIONS_FOLDER}/${language}/`;
    if (!path.startsWith(prefix)) return false;
    const rest = path.slice(prefix.length);
    const isListFile = Object.values(TRANSLATION_FILES).some(
      (name) => !TRANSLATION_FOLDERS.includes(name) && name === rest,
    );
    return (
      isListFile ||
      TRANSLATION_FOLDERS.some(
        (folder) => rest.startsWith(`${folder}/`) && !rest.slice(folder.length + 1).includes('/'),
      )
    );
  });
}

/** Options of reading translations that need more than the files. */
export interface TranslationReadOptions {
  /** Documents a translation may name (those stored and those the import brings); undefined: not checked. */
  documentSlugs?: ReadonlySet<string>;
}

/**
 * Reads every translation file into `content` (which holds the English, already valid), reporting each problem at
 * its file, line and field: an unknown key, an item that translates nothing in the English, a translated list of
 * another length than the English, a reference that does not resolve, an unexpected file.
 */
export function readTranslations(
  files: ContentFile[],
  content: ContentSet,
  problems: InputProblem[],
  options: TranslationReadOptions = {},
): ContentSet {
  for (const file of files) {
    if (isTranslationPath(file.path) && !isKnownTranslationPath(file.path))
      problems.push({ source: file.path, message: 'unexpected file in the translations folder' });
  }
  let translated = content;
  for (const language of TRANSLATION_LANGUAGES) {
    translated = readLanguage(files, translated, language, problems, options);
  }
  return translated;
}

function readLanguage(
  files: ContentFile[],
  content: ContentSet,
  language: TranslationLanguage,
  problems: InputProblem[],
  options: TranslationReadOptions,
): ContentSet {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const read = <T>(name: string, schema: z.ZodType<T>) => {
    const path = translationPath(language, name);
    const file = byPath.get(path);
    if (!file) return undefined;
    const parsed = parseYamlWithLines(file.text, path, 0, schema, problems);
    return parsed ? { ...parsed, path } : undefined;
  };
  const result: ContentSet = { ...content };

  const site = read(TRANSLATION_FILES.site, siteSchema);
  if (site) result.site = translateSite(content.site, language, site, problems);

  /** Each item joined to the English one with its key; an item without one is a problem at its line. */
  const join = <Item, English>(
    parsed: { data: Item[]; lineOf: (path: (string | number)[]) => number; path: string } | undefined,
    english: English[],
    keyField: string,
    keyOfItem: (item: Item) => string | number,
    keyOfEnglish: (english: English) => string | number,
    englishFile: string,
  ): Map<number, Item> => {
    const joined = new Map<number, Item>();
    if (!parsed) return joined;
    const seen = new Set<string | number>();
    parsed.data.forEach((item, index) => {
      const key = keyOfItem(item);
      const where = { source: parsed.path, line: parsed.lineOf([index, keyField]), field: `[${index}].${keyField}` };
      const matches = english.flatMap((candidate, position) => (keyOfEnglish(candidate) === key ? [position] : []));
      if (seen.has(key)) problems.push({ ...where, message: `"${key}" is translated twice` });
      else if (matches.length === 0)
        problems.push({ ...where, message: `nothing in ${englishFile} has ${keyField} "${key}" to translate` });
      else if (matches.length > 1)
        problems.push({ ...where, message: `${matches.length} items in ${englishFile} have ${keyField} "${key}"` });
      else joined.set(matches[0] ?? 0, item);
      seen.add(key);
    });
    return joined;
  };

  const highlights = join(
    read(TRANSLATION_FILES.highlights, highlightsSchema),
    content.highlights,
    'order',
    (item) => item.order,
    (highlight) => highlight.order,
    'highlights.yaml',
  );
  result.highlights = content.highlights.map((highlight, index) => {
    const item = highlights.get(index);
    return item ? addTranslation(highlight, language, { title: item.title, text: item.text }) : highlight;
  });
  const categories = join(
    read(TRANSLATION_FILES.categories, categoriesSchema),
    content.categories,
    'slug',
    (item) => item.slug,
    (category) => category.slug,
    'categories.yaml',
  );
  result.categories = content.categories.map((category, index) => {
    const item = categories.get(index);
    return item ? addTranslation(category, language, { name: item.name, description: item.description }) : category;
  });
  const tags = join(
    read(TRANSLATION_FILES.tags, tagsSchema),
    content.tags,
    'slug',
    (item) => item.slug,
    (tag) => tag.slug,
    'tags.yaml',
  );
  result.tags = content.tags.map((tag, index) => {
    const item = tags.get(index);
    return item ? addTranslation(tag, language, { name: item.name }) : tag;
  });
  const certifications = join(
    read(TRANSLATION_FILES.certifications, certificationsSchema),
    content.certifications,
    'name',
    (item) => item.name,
    (certification) => certification.name,
    'certifications.yaml',
  );
  result.certifications = content.certifications.map((certification, index) => {
    const item = certifications.get(index);
    return item ? addTranslation(certification, language, { scope: item.scope }) : certification;
  });
  const links = join(
    read(TRANSLATION_FILES.links, linksSchema),
    content.links,
    'key',
    (item) => item.key,
    (link) => link.key,
    'links.yaml',
  );
  result.links = content.links.map((link, index) => {
    const item = links.get(index);
    return item ? addTranslation(link, language, { title: item.title }) : link;
  });

  const documents = read(TRANSLATION_FILES.documents, documentsSchema);
  const documentTranslations = new Map<string, Translations<DocumentTranslation>>(
    (content.documentTranslations ?? []).map((document) => [document.slug, document.translations]),
  );
  if (documents) {
    const seen = new Set<string>();
    documents.data.forEach((item, index) => {
      const where = { source: documents.path, line: documents.lineOf([index, 'slug']), field: `[${index}].slug` };
      if (seen.has(item.slug)) problems.push({ ...where, message: `"${item.slug}" is translated twice` });
      else if (options.documentSlugs && !options.documentSlugs.has(item.slug))
        problems.push({ ...where, message: describeUnknownDocumentLink(item.slug) });
      seen.add(item.slug);
      const existing = documentTranslations.get(item.slug) ?? {};
      documentTranslations.set(item.slug, {
        ...existing,
        [language]: { title: item.title, description: item.description },
      });
    });
  }
  // Without a documents.yaml the content set says nothing about documents' translations (an import clears them).
  if (documents || content.documentTranslations !== undefined)
    result.documentTranslations = [...documentTranslations]
      .sort(([a], [b]) => compareText(a, b))
      .map(([documentSlug, translations]) => ({ slug: documentSlug, translations }));

  const entriesPrefix = translationPath(language, `${TRANSLATION_FILES.entriesFolder}/`);
  const entryTranslations = new Map<string, EntryTranslation>();
  const englishEntries = new Map(content.entries.map((entry) => [entry.slug, entry]));
  const linkKeys = new Set(content.links.map((link) => link.key));
  for (const file of files.filter((candidate) => candidate.path.startsWith(entriesPrefix))) {
    const name = file.path.slice(entriesPrefix.length);
    if (name.includes('/')) continue;
    const entrySlug = name.endsWith('.md') ? name.slice(0, -'.md'.length) : undefined;
    if (entrySlug === undefined) {
      problems.push({ source: file.path, message: 'entry files must end in .md' });
      continue;
    }
    const english = englishEntries.get(entrySlug);
    // An English file that is there but invalid has its own problems reported; its translation waits for it.
    if (!english && byPath.has(`${TRANSLATION_FILES.entriesFolder}/${entrySlug}.md`)) continue;
    if (!english) {
      problems.push({
        source: file.path,
        line: 1,
        message: `there is no entry "${entrySlug}" (no entries/${entrySlug}.md) to translate`,
      });
      continue;
    }
    const translation = parseEntryTranslation(file, english, linkKeys, problems, options);
    if (translation) entryTranslations.set(entrySlug, translation);
  }
  result.entries = content.entries.map((entry) => {
    const translation = entryTranslations.get(entry.slug);
    return translation ? addTranslation(entry, language, translation) : entry;
  });
  return result;
}

function translateSite(
  site: Site,
  language: TranslationLanguage,
  parsed: {
    data: z.infer<typeof siteSchema>;
    lineOf: (path: (string | number)[]) => number;
    path: string;
  },
  problems: InputProblem[],
): Site {
  const { data } = parsed;
  const responseTimes = data.sla?.response_times;
  if (responseTimes !== undefined && responseTimes.length !== site.sla.responseTimes.length) {
    problems.push({
      source: parsed.path,
      line: parsed.lineOf(['sla', 'response_times']),
      field: 'sla.response_times',
      message: `lists ${responseTimes.length} response time(s); site.yaml has ${site.sla.responseTimes.length}, and each translates the one in the same place`,
    });
  }
  const translation: SiteTranslation = withoutUndefined({
    tagline: data.tagline,
    intro: data.intro,
    slaTitle: data.sla?.title,
    slaSummary: data.sla?.summary,
    slaAvailability: data.sla?.availability,
    responseTimes,
  });
  return addTranslation(site, language, translation);
}

function parseEntryTranslation(
  file: ContentFile,
  english: Entry,
  linkKeys: ReadonlySet<string>,
  problems: InputProblem[],
  options: TranslationReadOptions,
): EntryTranslation | undefined {
  const parts = splitMarkdownFile(file, problems);
  if (!parts) return undefined;
  const { frontMatter, body: answer, bodyLine } = parts;
  const parsed = parseYamlWithLines(frontMatter, file.path, 1, entryFrontMatterSchema, problems);
  const checkMarkdown = (field: string, markdown: string, line: number) => {
    const nesting = findNestingProblem(markdown);
    if (nesting) problems.push({ source: file.path, line, field, message: nesting });
    for (const key of listLinkKeys(markdown)) {
      if (!linkKeys.has(key))
        problems.push({
          source: file.path,
          line,
          field,
          message: `unknown link key "link:${key}" (not in links.yaml)`,
        });
    }
    if (options.documentSlugs) {
      for (const documentSlug of listDocumentLinks(markdown)) {
        if (!options.documentSlugs.has(documentSlug))
          problems.push({ source: file.path, line, field, message: describeUnknownDocumentLink(documentSlug) });
      }
    }
  };
  const answerProblem = describeAnswerLengthProblem(answer);
  if (answerProblem) problems.push({ source: file.path, line: bodyLine, field: 'answer', message: answerProblem });
  else checkMarkdown('answer', answer, bodyLine);
  const wording = parsed?.data.questionnaire_wording;
  if (parsed && wording !== undefined) {
    const line = parsed.lineOf(['questionnaire_wording']);
    if (english.questionnaireWording === null)
      problems.push({
        source: file.path,
        line,
        field: 'questionnaire_wording',
        message: `the English entry (entries/${english.slug}.md) has no questionnaire_wording to translate`,
      });
    else checkMarkdown('questionnaire_wording', wording, line);
  }
  if (!parsed || answer.length === 0) return undefined;
  return {
    question: parsed.data.question,
    answer,
    alternativePhrasings: parsed.data.alternative_phrasings,
    questionnaireWording: wording ?? null,
  };
}

/** A record with its translation into `language` added beside any others it has. */
function addTranslation<T extends { translations?: Translations<F> }, F>(
  record: T,
  language: TranslationLanguage,
  translation: F,
): T {
  return { ...record, translations: { ...record.translations, [language]: translation } };
}

/** Writes every translation of a content set as the files of `translations/<language>/`, in canonical form. */
export function serializeTranslations(content: ContentSet): ContentFile[] {
  const files: ContentFile[] = [];
  for (const language of TRANSLATION_LANGUAGES) {
    const write = (name: string, value: unknown[] | Record<string, unknown> | undefined) => {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
      files.push({ path: translationPath(language, name), text: toYaml(value) });
    };
    const site = content.site.translations?.[language];
    if (site) {
      const sla = withoutUndefined({
        title: site.slaTitle,
        summary: site.slaSummary,
        availability: site.slaAvailability,
        response_times: site.responseTimes?.map((row) => ({ description: row.description, response: row.response })),
      });
      write(
        TRANSLATION_FILES.site,
        withoutUndefined({
          tagline: site.tagline,
          intro: site.intro,
          sla: Object.keys(sla).length > 0 ? sla : undefined,
        }),
      );
    }
    write(
      TRANSLATION_FILES.highlights,
      content.highlights.flatMap((highlight) => {
        const translation = highlight.translations?.[language];
        return translation ? [{ order: highlight.order, title: translation.title, text: translation.text }] : [];
      }),
    );
    write(
      TRANSLATION_FILES.categories,
      content.categories.flatMap((category) => {
        const translation = category.translations?.[language];
        return translation
          ? [{ slug: category.slug, name: translation.name, description: translation.description }]
          : [];
      }),
    );
    write(
      TRANSLATION_FILES.tags,
      content.tags.flatMap((tag) => {
        const translation = tag.translations?.[language];
        return translation ? [{ slug: tag.slug, name: translation.name }] : [];
      }),
    );
    write(
      TRANSLATION_FILES.certifications,
      content.certifications.flatMap((certification) => {
        const translation = certification.translations?.[language];
        return translation ? [{ name: certification.name, scope: translation.scope }] : [];
      }),
    );
    write(
      TRANSLATION_FILES.links,
      content.links.flatMap((link) => {
        const translation = link.translations?.[language];
        return translation ? [{ key: link.key, title: translation.title }] : [];
      }),
    );
    write(
      TRANSLATION_FILES.documents,
      (content.documentTranslations ?? []).flatMap((document) => {
        const translation = document.translations[language];
        return translation
          ? [{ slug: document.slug, title: translation.title, description: translation.description }]
          : [];
      }),
    );
    for (const entry of content.entries) {
      const translation = entry.translations?.[language];
      if (!translation) continue;
      const frontMatter = toYaml(
        withoutUndefined({
          question: translation.question,
          alternative_phrasings:
            translation.alternativePhrasings.length > 0 ? translation.alternativePhrasings : undefined,
          questionnaire_wording: translation.questionnaireWording ?? undefined,
        }),
      );
      files.push({
        path: translationPath(language, `${TRANSLATION_FILES.entriesFolder}/${entry.slug}.md`),
        text: `---\n${frontMatter}---\n${translation.answer}\n`,
      });
    }
  }
  return files;
}

/** YAML as the English content files are written: block lists, no folding, JSON-style double quotes when needed. */
function toYaml(value: unknown): string {
  const document = new Document(value);
  if (isSeq(document.contents)) document.contents.flow = false;
  return document.toString({
    lineWidth: 0,
    indentSeq: true,
    flowCollectionPadding: false,
    doubleQuotedAsJSON: true,
  });
}

/** A copy without the keys whose value is undefined, so that files and stored JSON leave them out alike. */
function withoutUndefined<T extends object>(record: T): T {
  const copy = { ...record };
  for (const key in copy) if (copy[key] === undefined) delete copy[key];
  return copy;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
