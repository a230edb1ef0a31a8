import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AWKWARD_TEXT, fuzzParameters, parserText, yieldToEventLoop } from '../../test/fuzz.js';
import { analyzeText, tokenize } from './analyzer.js';
import { createSearchIndex } from './index.js';

// Query text that exercises the analyzer: quotes, operators, hyphens, digits, stems in both languages.
const QUERY_PIECES = [
  ...AWKWARD_TEXT,
  '"',
  '-',
  '+',
  '*',
  '~',
  ':',
  '(',
  ')',
  'ISO 27001',
  'A.8.24',
  'soc2',
  'säkerhetskopior',
  'backups',
  'mfa',
  'subprocesors',
  'the',
  'och',
  'x'.repeat(120),
  '🙂',
  'ß',
  'İ',
  'ﬁ',
] as const;

describe('search query analysis under fuzzing', () => {
  const index = createSearchIndex([
    {
      id: 'backups',
      question: 'Do you back up our data?',
      phrasings: ['Hur ofta tas säkerhetskopior?'],
      answer: 'Backups run nightly to a second zone.',
      category: { slug: 'operations', name: 'Operations' },
      tags: [{ slug: 'iso-27001', name: 'ISO 27001' }],
      controls: ['A.8.13'],
    },
    {
      id: 'mfa',
      question: 'Do you require MFA?',
      phrasings: [],
      answer: 'Every administrator signs in with a hardware key.',
      category: { slug: 'access', name: 'Access' },
      tags: [],
      controls: ['A.8.5'],
    },
  ]);

  it('analyzes any text into tokens whose positions lie inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(parserText(QUERY_PIECES, 40), async (text) => {
        await yieldToEventLoop();
        for (const token of tokenize(text)) {
          expect(token.start).toBeGreaterThanOrEqual(0);
          expect(token.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(token.start, token.end)).toBe(token.text);
        }
        for (const term of analyzeText(text)) expect(term.length).toBeGreaterThan(0);
      }),
      fuzzParameters(400),
    );
  });

  it('searches any query without throwing and returns a consistent page of hits', async () => {
    await fc.assert(
      fc.asyncProperty(parserText(QUERY_PIECES, 40), fc.nat({ max: 20 }), async (query, offset) => {
        await yieldToEventLoop();
        const result = index.search(query, {
          limit: 10,
          offset,
          filters: offset % 2 === 0 ? {} : { tags: ['iso-27001'] },
        });
        expect(result.hits.length).toBeLessThanOrEqual(10);
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
      }),
      fuzzParameters(400),
    );
  });
});
