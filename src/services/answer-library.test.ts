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
      shortAnswer: null,
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
      shortAnswer: null,
      status: 'published',
      owner: 'dpo@example.org',
      order: 8,
    },
  ],
};

function row(question: string, extra: Partial<LibraryRow> = {}): LibraryRow {
  return {
    row: 2,
    question,
    answer: 'Yes.',
    category: undefined,
    tags: undefined,
    controls: undefined,
    shortAnswer: undefined,
    ...extra,
  };
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
    ['Short answer', 'shortAnswer'],
    ['Yes/No', 'shortAnswer'],
    ['(Yes/No)', 'shortAnswer'],
    ['Kort svar', 'shortAnswer'],
    ['Response', 'answer'],
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

describe('parseAnswerLibrary: short answers', () => {
  it('reads a short-answer column in either language, an empty cell as none', () => {
    const grid = gridFromRecords(
      'library.csv',
      [
        ['Question', 'Answer', 'Short answer'],
        ['Do you encrypt backups?', 'With AES-256.', 'Yes'],
        ['Do you run a mainframe?', 'We do not.', 'N/A'],
        ['Har ni en DPO?', 'Ja, sedan 2018.', 'ja'],
        ['Is MFA enforced everywhere?', 'For staff accounts.', 'Partially compliant'],
        ['Do you sell data?', 'Never.', ''],
      ],
      { preserveText: true },
    );
    const parsed = parseAnswerLibrary([grid], 'library.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.rows.map((row) => row.shortAnswer)).toEqual(['yes', 'not_applicable', 'yes', 'partial', null]);
  });

  it('reads "Response" as the short answer beside an answer column, and as the answer without one', () => {
    const beside = gridFromRecords(
      'caiq.csv',
      [
        ['Question', 'Response (Yes/No/NA)', 'Answer'],
        ['Are policies reviewed annually?', 'No', 'Every second year.'],
      ],
      { preserveText: true },
    );
    expect(parseAnswerLibrary([beside], 'caiq.csv')).toMatchObject({
      ok: true,
      rows: [{ answer: 'Every second year.', shortAnswer: 'no' }],
    });
    const alone = gridFromRecords(
      'plain.csv',
      [
        ['Question', 'Response'],
        ['Are policies reviewed annually?', 'Yes, every year.'],
      ],
      { preserveText: true },
    );
    expect(parseAnswerLibrary([alone], 'plain.csv')).toMatchObject({
      ok: true,
      rows: [{ answer: 'Yes, every year.', shortAnswer: undefined }],
    });
  });

  it('refuses a short answer it cannot read, naming the file, row and column, and keeps no row', () => {
    const grid = gridFromRecords(
      'library.csv',
      [
        ['Question', 'Answer', 'Yes/No'],
        ['Do you?', 'We do.', 'Yes'],
        ['Do you really?', 'Mostly.', 'Maybe'],
      ],
      { preserveText: true },
    );
    expect(parseAnswerLibrary([grid], 'library.csv')).toEqual({
      ok: false,
      sheet: 'library.csv',
      problems: [
        {
          source: 'library.csv',
          line: 3,
          field: 'short answer',
          message: expect.stringContaining('"Maybe" is not a short answer'),
        },
      ],
    });
  });
});

describe('parseAnswerLibrary: the same question in several categories', () => {
  const REVIEWED = 'Are the policies and procedures reviewed and updated at least annually?';

  it('accepts a question repeated under different categories, as a CAIQ v4 repeats it per domain', () => {
    const grid = gridFromRecords(
      'caiq.csv',
      [
        ['Category', 'Question', 'Answer'],
        ['Audit & Assurance', REVIEWED, 'Yes, by the audit lead.'],
        ['Application & Interface Security', REVIEWED, 'Yes, by the platform lead.'],
        ['Business Continuity Management', `  ${REVIEWED.toUpperCase()} `, 'Yes, after each exercise.'],
      ],
      { preserveText: true },
    );
    const parsed = parseAnswerLibrary([grid], 'caiq.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.rows.map((row) => row.category)).toEqual([
      'Audit & Assurance',
      'Application & Interface Security',
      'Business Continuity Management',
    ]);
  });

  it('refuses the same question twice in one category (named by name or slug), naming both rows', () => {
    const grid = gridFromRecords(
      'caiq.csv',
      [
        ['Category', 'Question', 'Answer'],
        ['Audit & Assurance', REVIEWED, 'Yes.'],
        ['Logging', REVIEWED, 'Yes.'],
        ['audit-assurance', REVIEWED.toLowerCase(), 'Yes, twice.'],
        ['', 'Do you?', 'Yes.'],
        ['', 'Do  you?', 'Yes.'],
      ],
      { preserveText: true },
    );
    expect(parseAnswerLibrary([grid], 'caiq.csv')).toMatchObject({
      ok: false,
      problems: [
        {
          source: 'caiq.csv',
          line: 4,
          field: 'question',
          message:
            'repeats the question of row 2 in the category "audit-assurance"; a question may appear once per category',
        },
        {
          source: 'caiq.csv',
          line: 6,
          field: 'question',
          message: 'repeats the question of row 5 without a category; a question may appear once per category',
        },
      ],
    });
  });

  it('takes questions of up to 2,000 characters and refuses longer ones with the row', () => {
    const long = `${'Describe how you handle the following scenario in detail. '.repeat(40)}`.slice(0, 1_999).trim();
    const question = `${long.padEnd(1_999, 'x')}?`;
    const grid = gridFromRecords(
      'library.csv',
      [
        ['Question', 'Answer'],
        [question, 'Yes.'],
        [`${question}!`, 'Yes.'],
      ],
      { preserveText: true },
    );
    expect(question).toHaveLength(2_000);
    expect(parseAnswerLibrary([grid], 'library.csv')).toMatchObject({
      ok: false,
      problems: [{ line: 3, field: 'question', message: 'is 2001 characters; at most 2000 are allowed' }],
    });
  });
});

describe('planLibraryImport: the same question in several categories', () => {
  const QUESTION = 'Are the policies and procedures reviewed and updated at least annually?';
  const existing: ExistingContent = {
    ...EXISTING,
    categories: [
      { slug: 'audit', name: 'Audit & Assurance', description: 'd', order: 1, reviewIntervalDays: 365 },
      { slug: 'logging', name: 'Logging', description: 'd', order: 2, reviewIntervalDays: 365 },
    ],
    entries: [
      { ...base('policies-reviewed', 'audit'), answer: 'Yes, by the audit lead.' },
      { ...base('policies-reviewed-2', 'logging'), answer: 'Yes, by the logging lead.' },
    ],
  };
  function base(slug: string, category: string): ExistingContent['entries'][number] {
    return {
      slug,
      question: QUESTION,
      answer: '',
      category,
      tags: [],
      controls: [],
      shortAnswer: null,
      status: 'published',
      owner: 'trust@example.org',
      order: 1,
    };
  }

  it('updates the entry of each row by question and category, whatever the order of the rows', () => {
    const plan = planLibraryImport(
      [
        row(QUESTION, { category: 'Logging', answer: 'Yes, by the logging lead.', shortAnswer: 'yes' }),
        row(QUESTION, { category: 'Audit & Assurance', answer: 'Yes, by the audit lead.' }),
        row(QUESTION, { category: 'Business Continuity', answer: 'Yes, after each exercise.' }),
      ],
      existing,
      SETTINGS,
    );
    expect(plan.updates.map((update) => [update.slug, update.category, update.shortAnswer])).toEqual([
      ['policies-reviewed-2', 'logging', 'yes'],
    ]);
    expect(plan.unchangedSlugs).toEqual(['policies-reviewed']);
    expect(plan.inserts.map((entry) => [entry.slug, entry.category])).toEqual([
      ['are-the-policies-and-procedures-reviewed-and-updated-at-least-annually', 'business-continuity'],
    ]);
  });

  it('still moves an entry to another category when the file and the content each ask its question once', () => {
    const plan = planLibraryImport([row('Do you have a DPO?', { category: 'Security' })], EXISTING, SETTINGS);
    expect(plan.inserts).toEqual([]);
    expect(plan.updates).toEqual([expect.objectContaining({ slug: 'do-you-have-a-dpo', category: 'security' })]);
  });

  it('updates an entry whose short answer changes, and leaves it alone when the column repeats it', () => {
    const [first] = EXISTING.entries;
    if (first === undefined) throw new Error('EXISTING has entries');
    const stored = { ...EXISTING, entries: [{ ...first, shortAnswer: 'yes' as const }] };
    const same = { category: 'Privacy & GDPR', tags: ['NIS2'], controls: ['A.5.34'] };
    expect(
      planLibraryImport([row('Do you have a DPO?', { ...same, shortAnswer: 'yes' })], stored, SETTINGS),
    ).toMatchObject({
      updates: [],
      unchangedSlugs: ['do-you-have-a-dpo'],
    });
    // No column keeps what is stored; an empty cell clears it.
    expect(planLibraryImport([row('Do you have a DPO?', same)], stored, SETTINGS).updates).toEqual([]);
    expect(
      planLibraryImport([row('Do you have a DPO?', { ...same, shortAnswer: null })], stored, SETTINGS).updates,
    ).toEqual([expect.objectContaining({ slug: 'do-you-have-a-dpo', shortAnswer: null })]);
  });
});
