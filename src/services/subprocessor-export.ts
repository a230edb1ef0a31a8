/**
 * The public subprocessor list as data: CSV (RFC 4180, UTF-8, one row per subprocessor, cells that a spreadsheet
 * would run as a formula prefixed with an apostrophe) and JSON (the shape docs/subprocessors.md documents).
 * Both carry the same rows as the page, filters applied; country names are in English, codes beside them.
 */
import { getCountryName } from '../domain/country.js';
import { toCsv } from '../questionnaire/csv.js';
import type { PublicSubprocessor, PublicSubprocessorFilter, PublicSubprocessorList } from './subprocessor.service.js';

/** The columns of the CSV, in order. */
export const SUBPROCESSOR_CSV_COLUMNS = [
  'slug',
  'name',
  'legal_entity',
  'purpose',
  'purpose_sv',
  'data_categories',
  'locations',
  'location_names',
  'parent_company',
  'parent_jurisdiction',
  'non_eu_law',
  'non_eu_law_explanation',
  'since',
  'until',
  'status',
] as const;

/** Current subprocessors first (as the page lists them), then former ones. */
function listRows(list: PublicSubprocessorList): PublicSubprocessor[] {
  return [...list.current, ...list.former];
}

/** The list as CSV with a header row, CRLF line ends and a UTF-8 byte order mark (so spreadsheets read å, ä, ö). */
export function toSubprocessorCsv(list: PublicSubprocessorList): string {
  const rows = listRows(list).map((item) => [
    item.slug,
    item.name,
    item.legalEntity,
    item.purpose,
    item.translations?.sv?.purpose ?? null,
    item.dataCategories.join('; '),
    item.locations.join('; '),
    item.locations.map((code) => getCountryName(code, 'en')).join('; '),
    item.parentCompany,
    item.parentJurisdiction,
    item.nonEuLaw?.law ?? null,
    item.nonEuLaw?.explanation ?? null,
    item.since,
    item.until,
    item.phase,
  ]);
  return `\uFEFF${toCsv([...SUBPROCESSOR_CSV_COLUMNS], rows)}`;
}

/** One subprocessor as the JSON export has it. */
export interface SubprocessorJsonItem {
  slug: string;
  name: string;
  legalEntity: string;
  purpose: { en: string; sv: string | null };
  dataCategories: string[];
  locations: { code: string; name: string }[];
  parentCompany: { name: string; jurisdiction: string | null } | null;
  nonEuLaw: { law: string; explanation: string } | null;
  since: string;
  until: string | null;
  /** `current`, `upcoming` (announced, not started) or `ended` (a former subprocessor). */
  status: PublicSubprocessor['phase'];
}

/** The whole JSON document. */
export interface SubprocessorJson {
  generatedAt: string;
  /** The filters applied; null means any. */
  filter: {
    country: string | null;
    category: string | null;
    nonEuLaw: 'yes' | 'no' | null;
    state: 'current' | 'ended' | null;
  };
  subprocessors: SubprocessorJsonItem[];
}

/** The list as the JSON export's document. */
export function toSubprocessorJson(
  list: PublicSubprocessorList,
  filter: PublicSubprocessorFilter,
  generatedAt: string,
): SubprocessorJson {
  return {
    generatedAt,
    filter: {
      country: filter.country ?? null,
      category: filter.category ?? null,
      nonEuLaw: filter.nonEuLaw ?? null,
      state: filter.state ?? null,
    },
    subprocessors: listRows(list).map((item) => ({
      slug: item.slug,
      name: item.name,
      legalEntity: item.legalEntity,
      purpose: { en: item.purpose, sv: item.translations?.sv?.purpose ?? null },
      dataCategories: item.dataCategories,
      locations: item.locations.map((code) => ({ code, name: getCountryName(code, 'en') })),
      parentCompany:
        item.parentCompany === null ? null : { name: item.parentCompany, jurisdiction: item.parentJurisdiction },
      nonEuLaw: item.nonEuLaw,
      since: item.since,
      until: item.until,
      status: item.phase,
    })),
  };
}
