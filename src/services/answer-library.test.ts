import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { gridFromRecords } from '../questionnaire/grid.js';
import type { ExistingContent } from '../storage/content.repository.js';
import {
  type LibraryImportSettings,
  type LibraryRow,
  parseAnswerLibrary,
  planLibraryImport,
  toColumnRole,
} from './answer-library.js';

const SETTINGS = {
  source: 'library.csv',
  owner: 'trust@example.org',
  isOwnerGiven: false,
  status: 'published',
  replace: false,
  today: '2026-03-01',
  now: '2026-03-01T10:00:00.000Z',
} as const;

const EXISTING: ExistingContent = {
  hasSite: true,
  contactEmail: 'trust@example.org',
  categories: [{ slug: 'privacy', name: 'Privacy & GDPR', description: 'd', order: 4, reviewIntervalDays: 180 }],
  tags: [{ slug: 'nis2', name: 'NIS2' }],
  linkKeys: ['privacy-policy'],
  entries: [
    {
      slug: 'do-you-have-a-dpo',
      question: 'Do you have a DPO?',
      answer: 'Yes.',
      category: 'privacy',
      tags: ['nis2'],
      controls: ['A.5.34'],
      status: 'published',
      owner: 'dpo@example.org',
      order: 7,
    },
    {
      slug: 'do-you-have-a-dpo-2',
      question: 'Do you have a DPO (legacy)?',
      answer: 'Yes, since 2018.',
      category: 'privacy',
      tags: [],
      controls: [],
      status: 'published',
      owner: 'dpo@example.org',
      order: 8,
    },
  ],
};

function row(question: string, extra: Partial<LibraryRow> = {}): LibraryRow {
  return { row: 2, question, answer: 'Yes.', category: undefined, tags: undefined, controls: undefined, ...extra };
}

describe('toColumnRole', () => {
  it.each([
    ['Question', 'question'],
    [' ANSWER ', 'answer'],
    ['Fråga', 'question'],
    ['Svar:', 'answer'],
    ['Kategori', 'category'],
    ['Taggar', 'tags'],
    ['Controls (Annex A)', 'controls'],
    ['Kontroller', 'controls'],
    ['Notes', undefined],
    ['Question ID', undefined],
  ])('reads "%s" as %s', (header, role) => {
    expect(toColumnRole(header)).toBe(role);
  });
});

describe('planLibraryImport', () => {
  it('appends -2, -3 … to a slug that is taken, and finds categories and tags by name or slug', () => {
    const plan = planLibraryImport(
      [
        row('Do you have a DPO!', { category: 'privacy & gdpr', tags: ['nis2', 'Data Protection'] }),
        row('Do you have a  DPO?'),
      ],
      { ...EXISTING, entries: EXISTING.entries.slice(1) },
      SETTINGS,
    );
    expect(plan.inserts.map((entry) => entry.slug)).toEqual(['do-you-have-a-dpo', 'do-you-have-a-dpo-3']);
    expect(plan.inserts[0]).toMatchObject({ category: 'privacy', tags: ['nis2', 'data-protection'], order: 9 });
    expect(plan.inserts[1]).toMatchObject({ category: 'general', order: 1, owner: 'trust@example.org' });
    expect(plan.newTags).toEqual([{ slug: 'data-protection', name: 'Data Protection' }]);
    expect(plan.newCategories).toEqual([
      { slug: 'general', name: 'General', description: 'General', order: 5, reviewIntervalDays: 365 },
    ]);
    expect(plan.site).toBeUndefined();
  });

  it('updates the entry with the same question, ignoring case and spacing; --replace also removes the rest', () => {
    const merged = planLibraryImport([row('  do you have a   dpo? ', { answer: 'Yes, Kim.' })], EXISTING, SETTINGS);
    expect(merged.inserts).toEqual([]);
    expect(merged.updates).toEqual([
      expect.objectContaining({ slug: 'do-you-have-a-dpo', owner: undefined, category: undefined, tags: undefined }),
    ]);
    expect(merged.deleteSlugs).toEqual([]);
    const replaced = planLibraryImport(
      [row('Do you have a DPO?', { answer: 'Yes, Kim.' }), row('Do you run a SOC?')],
      EXISTING,
      {
        ...SETTINGS,
        replace: true,
      },
    );
    // The matching entry keeps its slug (and so its history); the others go.
    expect(replaced.updates.map((update) => update.slug)).toEqual(['do-you-have-a-dpo']);
    expect(replaced.inserts.map((entry) => entry.slug)).toEqual(['do-you-run-a-soc']);
    expect(replaced.deleteSlugs).toEqual(
      EXISTING.entries.map((entry) => entry.slug).filter((slug) => slug !== 'do-you-have-a-dpo'),
    );
  });
});

describe('planLibraryImport: rows that change nothing', () => {
  it('leaves an entry alone when the row repeats its question, answer, category, tags, controls, status and owner', () => {
    const repeat = row('Do you have a DPO?', { category: 'Privacy & GDPR', tags: ['NIS2'], controls: ['A.5.34'] });
    const plan = planLibraryImport(
      [repeat, row('Do you have a DPO (legacy)?', { answer: 'Yes, since 2018.' })],
      EXISTING,
      {
        ...SETTINGS,
        replace: true,
      },
    );
    expect(plan.updates).toEqual([]);
    expect(plan.unchangedSlugs).toEqual(['do-you-have-a-dpo', 'do-you-have-a-dpo-2']);
    // --replace keeps the entries the file has, changed or not.
    expect(plan.deleteSlugs).toEqual([]);
  });

  it.each<[string, Partial<LibraryRow>, Partial<LibraryImportSettings>]>([
    ['the question (its spelling)', { question: 'Do you have a dpo?' }, {}],
    ['the answer', { answer: 'Yes, Kim.' }, {}],
    ['the category', { category: 'Security' }, {}],
    ['the tags', { tags: [] }, {}],
    ['the controls', { controls: ['A.5.34', 'A.5.1'] }, {}],
    ['the status', {}, { status: 'draft' }],
    ['the owner', {}, { isOwnerGiven: true }],
  ])('updates an entry when the row changes %s', (_field, extra, settings) => {
    // The same row without the change would be left alone.
    expect(planLibraryImport([row('Do you have a DPO?')], EXISTING, SETTINGS).unchangedSlugs).toEqual([
      'do-you-have-a-dpo',
    ]);
    const plan = planLibraryImport([row('Do you have a DPO?', extra)], EXISTING, { ...SETTINGS, ...settings });
    expect(plan.updates.map((update) => update.slug)).toEqual(['do-you-have-a-dpo']);
    expect(plan.unchangedSlugs).toEqual([]);
  });
});

describe('planLibraryImport: the rules of an entry', () => {
  it('refuses an owner longer than an entry takes, naming the owner, so nothing it writes fails import later', () => {
    const refused = (() => {
      try {
        planLibraryImport([row('A new question?')], EXISTING, { ...SETTINGS, owner: 'o'.repeat(201) });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('invalid_input');
    expect((refused as AppError).problems.map((problem) => problem.field)).toEqual(['owner']);
    expect(
      planLibraryImport([row('A new question?')], EXISTING, { ...SETTINGS, owner: 'o'.repeat(200) }).inserts,
    ).toHaveLength(1);
  });
  it('refuses a row whose answer links to a key the site does not define, naming the row and the key', () => {
    const rows = [
      row('Where is your privacy policy?', { row: 3, answer: 'See [it](link:privacy-policy).' }),
      row('Where is the old one?', { row: 4, answer: 'See [it](link:old-policy).' }),
    ];
    const refused = (() => {
      try {
        planLibraryImport(rows, EXISTING, SETTINGS);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).problems).toEqual([
      {
        source: 'library.csv',
        line: 4,
        field: 'answer',
        message: 'unknown link key "link:old-policy" (not among the site\'s links)',
      },
    ]);
    expect(planLibraryImport(rows.slice(0, 1), EXISTING, SETTINGS).inserts).toHaveLength(1);
  });
});

describe('parseAnswerLibrary', () => {
  it('skips title rows above the header and rows with text only in other columns', () => {
    const grid = gridFromRecords(
      'library.csv',
      [['Our answers'], ['Notes', 'Question', 'Answer'], ['only a note', '', ''], ['', 'Do you?', 'Yes.']],
      { preserveText: true },
    );
    const parsed = parseAnswerLibrary([grid], 'library.csv');
    expect(parsed).toEqual({
      ok: true,
      sheet: 'library.csv',
      rows: [
        { row: 4, question: 'Do you?', answer: 'Yes.', category: undefined, tags: undefined, controls: undefined },
      ],
    });
  });

  it('refuses an answer whose block quotes and lists nest deeper than the renderer takes, naming row and column', () => {
    const grid = gridFromRecords(
      'library.csv',
      [
        ['Question', 'Answer'],
        ['Do you?', 'Yes.'],
        ['Nested?', '1. '.repeat(6_666)],
      ],
      { preserveText: true },
    );
    const parsed = parseAnswerLibrary([grid], 'library.csv');
    expect(parsed).toMatchObject({
      ok: false,
      problems: [
        {
          source: 'library.csv',
          line: 3,
          field: 'answer',
          message: 'block quotes and lists nest 6,666 levels deep; at most 20 are allowed',
        },
      ],
    });
  });
});
