import { describe, expect, it } from 'vitest';
import { buildSubprocessorFields } from '../../test/factories.js';
import { COUNTRY_CODES, getCountryName, isCountryCode } from './country.js';
import {
  describeSubprocessorChange,
  findSubprocessorProblems,
  getSubprocessorPhase,
  type Subprocessor,
  type SubprocessorFields,
  trimSubprocessorFields,
} from './subprocessor.js';

const FIELDS: SubprocessorFields = buildSubprocessorFields({ since: '2022-09-15' });

const fieldsOf = (overrides: Partial<SubprocessorFields>) => findSubprocessorProblems({ ...FIELDS, ...overrides });

describe('country codes', () => {
  it('knows all 249 assigned ISO 3166-1 alpha-2 codes, each named in English and Swedish', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(COUNTRY_CODES.filter((code) => getCountryName(code, 'en') === code)).toEqual([]);
    expect(COUNTRY_CODES.filter((code) => getCountryName(code, 'sv') === code)).toEqual([]);
    expect(getCountryName('SE', 'en')).toBe('Sweden');
    expect(getCountryName('SE', 'sv')).toBe('Sverige');
  });

  it('refuses codes that are reserved, made up or not in capitals', () => {
    for (const code of ['EU', 'ZZ', 'XK', 'UK', 'se', 'SWE', '']) expect(isCountryCode(code), code).toBe(false);
  });
});

describe('the rules of a subprocessor', () => {
  it('accepts a complete subprocessor', () => {
    expect(findSubprocessorProblems(FIELDS)).toEqual([]);
  });

  it('names an unknown processing location or parent jurisdiction', () => {
    expect(fieldsOf({ locations: ['SE', 'XX'] })).toEqual([
      { field: 'locations', message: expect.stringContaining('"XX" is not an ISO 3166-1 alpha-2 country code') },
    ]);
    expect(fieldsOf({ parentCompany: 'Parent Inc.', parentJurisdiction: 'EU' })).toEqual([
      { field: 'parentJurisdiction', message: expect.stringContaining('"EU" is not') },
    ]);
  });

  it('refuses an until date before the since date, and accepts the same day', () => {
    expect(fieldsOf({ until: '2022-09-14' })).toEqual([
      { field: 'until', message: 'The until date 2022-09-14 is before the since date 2022-09-15' },
    ]);
    expect(fieldsOf({ until: '2022-09-15' })).toEqual([]);
  });

  it('refuses dates that are not real, empty lists and repeated values', () => {
    expect(fieldsOf({ since: '2022-02-30' }).map((problem) => problem.field)).toEqual(['since']);
    expect(fieldsOf({ locations: [] }).map((problem) => problem.field)).toEqual(['locations']);
    expect(fieldsOf({ dataCategories: [] }).map((problem) => problem.field)).toEqual(['dataCategories']);
    expect(fieldsOf({ locations: ['SE', 'SE'] }).map((problem) => problem.message)).toEqual([
      'The country SE is given twice',
    ]);
  });

  it('wants a jurisdiction with a parent company and none without, and a named law with its explanation', () => {
    expect(fieldsOf({ parentCompany: 'Parent Inc.' }).map((problem) => problem.field)).toEqual(['parentJurisdiction']);
    expect(fieldsOf({ parentJurisdiction: 'US' }).map((problem) => problem.field)).toEqual(['parentJurisdiction']);
    expect(fieldsOf({ nonEuLaw: { law: 'US CLOUD Act', explanation: '' } }).map((problem) => problem.field)).toEqual([
      'nonEuLawExplanation',
    ]);
  });

  it('trims texts, capitalises country codes and makes the purpose one paragraph', () => {
    const trimmed = trimSubprocessorFields({
      ...FIELDS,
      name: '  Kantnät CDN ',
      purpose: 'Line one\r\n  line two ',
      locations: [' fr', 'se '],
      translations: { sv: { purpose: '  ' } },
    });
    expect(trimmed).toEqual({ ...FIELDS, purpose: 'Line one line two', locations: ['FR', 'SE'] });
  });
});

describe('where a subprocessor stands on a day', () => {
  it('is upcoming before its since date, current through its until date, ended after it', () => {
    const item = { since: '2026-01-01', until: '2026-06-30' };
    expect(getSubprocessorPhase(item, '2025-12-31')).toBe('upcoming');
    expect(getSubprocessorPhase(item, '2026-06-30')).toBe('current');
    expect(getSubprocessorPhase(item, '2026-07-01')).toBe('ended');
  });
});

describe('the change visitors see', () => {
  const published: Subprocessor = {
    ...FIELDS,
    slug: 'kantnat-cdn',
    status: 'published',
    createdAt: '2022-01-01T00:00:00.000Z',
    updatedAt: '2022-01-01T00:00:00.000Z',
    translations: { sv: { purpose: 'Innehållsleverans.' } },
  };

  it('is added from the since date when it becomes public, in both languages', () => {
    const change = describeSubprocessorChange(undefined, published, '2022-09-01', getCountryName);
    expect(change).toMatchObject({ kind: 'added', slug: 'kantnat-cdn', effectiveOn: '2022-09-15' });
    expect(change?.summary).toContain('France, Sweden');
    expect(change?.summarySv).toContain('Frankrike, Sverige');
  });

  it('is ended on the until date, changed from today for other fields, and nothing when nothing public changed', () => {
    const ended = describeSubprocessorChange(
      published,
      { ...published, until: '2026-12-31' },
      '2026-11-01',
      getCountryName,
    );
    expect(ended).toMatchObject({ kind: 'ended', effectiveOn: '2026-12-31' });
    const moved = describeSubprocessorChange(
      published,
      { ...published, locations: ['FR'] },
      '2026-11-01',
      getCountryName,
    );
    expect(moved).toMatchObject({ kind: 'changed', effectiveOn: '2026-11-01' });
    expect(moved?.summary).toContain('processing location');
    expect(describeSubprocessorChange(published, { ...published }, '2026-11-01', getCountryName)).toBeUndefined();
    expect(
      describeSubprocessorChange(undefined, { ...published, status: 'draft' }, '2026-11-01', getCountryName),
    ).toBeUndefined();
    const english = describeSubprocessorChange(
      undefined,
      { ...published, translations: undefined },
      '2026-11-01',
      getCountryName,
    );
    expect(english?.summarySv).toBeNull();
  });
});
