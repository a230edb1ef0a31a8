/**
 * The subprocessors of a content folder: `subprocessors.yaml`, a list in name order, each with its Swedish purpose
 * (`purpose_sv:`) beside the English one. Import checks every item with the staff form's rules (domain/subprocessor.ts)
 * and reports each problem at its line; export writes the same canonical form back, so that a folder round-trips
 * byte for byte. A folder without the file leaves the stored subprocessors as they are.
 */
import { Document, isMap, isSeq } from 'yaml';
import { z } from 'zod';
import { isCountryCode } from '../domain/country.js';
import type { InputProblem } from '../domain/errors.js';
import {
  compareSubprocessors,
  describeUnknownCountry,
  findSubprocessorProblems,
  findSubprocessorSlugProblem,
  SUBPROCESSOR_STATUSES,
  type Subprocessor,
  type SubprocessorFieldProblem,
  type SubprocessorFields,
} from '../domain/subprocessor.js';
import { CONTENT_FILES, type ContentFile, parseYamlWithSchema, pointAtUnknownKey } from './content-format.js';

const text = z.string({ error: 'must be text' });
const itemSchema = z.strictObject({
  slug: text,
  name: text,
  legal_entity: text,
  purpose: text,
  purpose_sv: text.optional(),
  data_categories: z.array(text, { error: 'must be a list of texts' }),
  locations: z.array(text, { error: 'must be a list of country codes such as [SE, FI]' }),
  parent_company: text.optional(),
  parent_jurisdiction: text.optional(),
  non_eu_law: z.union([z.literal('none'), z.strictObject({ law: text, explanation: text })], {
    error: 'must be none, or a law and an explanation',
  }),
  since: text,
  until: text.optional(),
  status: z.enum(SUBPROCESSOR_STATUSES, { error: `must be one of ${SUBPROCESSOR_STATUSES.join(', ')}` }),
});
type Item = z.infer<typeof itemSchema>;

// The file's key for each field the domain rules name.
const FILE_FIELDS: Record<SubprocessorFieldProblem['field'], (string | number)[]> = {
  slug: ['slug'],
  name: ['name'],
  legalEntity: ['legal_entity'],
  purpose: ['purpose'],
  purposeSv: ['purpose_sv'],
  dataCategories: ['data_categories'],
  locations: ['locations'],
  parentCompany: ['parent_company'],
  parentJurisdiction: ['parent_jurisdiction'],
  nonEuLaw: ['non_eu_law', 'law'],
  nonEuLawExplanation: ['non_eu_law', 'explanation'],
  since: ['since'],
  until: ['until'],
};

function toFields(item: Item): SubprocessorFields {
  const fields: SubprocessorFields = {
    name: item.name.trim(),
    legalEntity: item.legal_entity.trim(),
    purpose: item.purpose.trim(),
    dataCategories: item.data_categories.map((category) => category.trim()),
    locations: item.locations,
    parentCompany: item.parent_company?.trim() ?? null,
    parentJurisdiction: item.parent_jurisdiction ?? null,
    nonEuLaw:
      item.non_eu_law === 'none'
        ? null
        : { law: item.non_eu_law.law.trim(), explanation: item.non_eu_law.explanation.trim() },
    since: item.since,
    until: item.until ?? null,
  };
  return item.purpose_sv === undefined
    ? fields
    : { ...fields, translations: { sv: { purpose: item.purpose_sv.trim() } } };
}

/** The file's rules: the item shape, then the domain rules and unique slugs, each issue at its item's key. */
const fileSchema = z.array(itemSchema).superRefine((items, context) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const slugProblem = findSubprocessorSlugProblem(item.slug);
    if (slugProblem) context.addIssue({ code: 'custom', path: [index, 'slug'], message: slugProblem.message });
    else if (seen.has(item.slug))
      context.addIssue({ code: 'custom', path: [index, 'slug'], message: `duplicate slug "${item.slug}"` });
    seen.add(item.slug);
    for (const problem of findSubprocessorProblems(toFields(item))) {
      // Point at the code itself when a location is not a country.
      const badLocation = item.locations.findIndex((code) => !isCountryCode(code));
      const path =
        problem.field === 'locations' && problem.message === describeUnknownCountry(item.locations[badLocation] ?? '')
          ? ['locations', badLocation]
          : FILE_FIELDS[problem.field];
      context.addIssue({ code: 'custom', path: [index, ...path], message: problem.message });
    }
  });
});

/** Result of reading subprocessors.yaml: the list (null when the folder has no such file), or every problem. */
export type ContentSubprocessorsResult =
  | { ok: true; value: Subprocessor[] | null }
  | { ok: false; problems: InputProblem[] };

/** Parses subprocessors.yaml, when the folder has one; `now` stamps the subprocessors it creates. */
export function parseContentSubprocessors(files: ContentFile[], now: string): ContentSubprocessorsResult {
  const file = files.find((candidate) => candidate.path === CONTENT_FILES.subprocessors);
  if (!file) return { ok: true, value: null };
  const problems: InputProblem[] = [];
  const items = parseYamlWithSchema(file.text, file.path, 0, fileSchema, problems);
  if (!items) return { ok: false, problems: problems.map((problem) => pointAtUnknownKey(problem, file.text)) };
  return {
    ok: true,
    value: items.map((item) => ({
      ...toFields(item),
      slug: item.slug,
      status: item.status,
      createdAt: now,
      updatedAt: now,
    })),
  };
}

/** subprocessors.yaml for the stored subprocessors, in name order; undefined when there are none. */
export function serializeSubprocessors(subprocessors: readonly Subprocessor[]): ContentFile | undefined {
  if (subprocessors.length === 0) return undefined;
  const items = [...subprocessors].sort(compareSubprocessors).map((item) => {
    const record: Record<string, unknown> = {
      slug: item.slug,
      name: item.name,
      legal_entity: item.legalEntity,
      purpose: item.purpose,
      purpose_sv: item.translations?.sv?.purpose,
      data_categories: item.dataCategories,
      locations: item.locations,
      parent_company: item.parentCompany,
      parent_jurisdiction: item.parentJurisdiction,
      non_eu_law: item.nonEuLaw === null ? 'none' : { law: item.nonEuLaw.law, explanation: item.nonEuLaw.explanation },
      since: item.since,
      until: item.until,
      status: item.status,
    };
    return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
  });
  const document = new Document(items);
  // Short lists read best on one line, as people write them by hand.
  if (isSeq(document.contents)) {
    for (const item of document.contents.items) {
      if (!isMap(item)) continue;
      for (const key of ['data_categories', 'locations']) {
        const node = item.get(key, true);
        if (isSeq(node)) node.flow = true;
      }
    }
  }
  const yaml = document.toString({
    lineWidth: 0,
    indentSeq: true,
    flowCollectionPadding: false,
    doubleQuotedAsJSON: true,
  });
  return { path: CONTENT_FILES.subprocessors, text: yaml };
}
