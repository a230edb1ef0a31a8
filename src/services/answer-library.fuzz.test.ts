import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AWKWARD_TEXT, fuzzParameters, parserText, yieldToEventLoop } from '../../test/fuzz.js';
import { AppError } from '../domain/errors.js';
import { gridFromRecords } from '../questionnaire/grid.js';
import type { ExistingContent } from '../storage/content.repository.js';
import { parseAnswerLibrary, planLibraryImport } from './answer-library.js';

// Header words the library reader looks for, and cell values its rules check.
const CELL_PIECES = [
  ...AWKWARD_TEXT,
  'Question',
  'Answer',
  'Fråga',
  'Svar',
  'Category',
  'Tags',
  'Controls',
  'Yes/No',
  'Yes',
  'N/A',
  'A.8.24',
  'A.99.1',
  ', ',
  ';',
  '[x](link:missing)',
  '[x](document:missing)',
  '> > > > >',
  'x'.repeat(300),
] as const;

const EXISTING: ExistingContent = {
  hasSite: true,
  contactEmail: 'trust@example.org',
  categories: [{ slug: 'general', name: 'General', description: 'd', order: 1, reviewIntervalDays: 365 }],
  tags: [],
  linkKeys: [],
  entries: [],
};

const SETTINGS = {
  source: 'fuzzed.csv',
  owner: 'trust@example.org',
  isOwnerGiven: false,
  status: 'published',
  replace: false,
  today: '2026-03-01',
  now: '2026-03-01T10:00:00.000Z',
} as const;

describe('answer library files under fuzzing', () => {
  it('reads any grid into rows or lists its problems with their rows, and plans an import or refuses it clearly', async () => {
    const header = fc.array(fc.constantFrom('Question', 'Answer', 'Category', 'Tags', 'Controls', 'Yes/No', 'Notes'), {
      minLength: 1,
      maxLength: 6,
    });
    const cells = fc.array(fc.array(parserText(CELL_PIECES, 6), { maxLength: 6 }), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(header, cells, async (headings, rows) => {
        await yieldToEventLoop();
        const grid = gridFromRecords('Library', [headings, ...rows]);
        const parsed = parseAnswerLibrary([grid], 'fuzzed.csv');
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          for (const problem of parsed.problems) expect(problem.message.length).toBeGreaterThan(0);
          return;
        }
        try {
          planLibraryImport(parsed.rows, EXISTING, SETTINGS);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          expect(error.code).toBe('invalid_input');
        }
      }),
      fuzzParameters(300),
    );
  });
});
