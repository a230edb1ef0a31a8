import { describe, expect, it } from 'vitest';
import { findRequestProblems } from './access.js';

const VALID = {
  name: 'Astrid Lind',
  email: 'astrid@kund.example',
  company: 'Kund AB',
  reason: 'Supplier review',
  documentSlugs: ['soc2-report'],
  language: 'sv' as const,
  acceptsNda: false,
};

describe('findRequestProblems', () => {
  it('accepts a request with real document slugs', () => {
    expect(findRequestProblems(VALID)).toEqual([]);
  });

  // Regression from `npm run fuzz` on PostgreSQL, which refuses text holding NUL: the forged slug got a 500.
  it('refuses a document slug that no document can have (a NUL, a space, capitals) before any lookup', () => {
    for (const slug of ['\u0000', 'soc2\u0000report', 'SOC 2', '../x']) {
      expect(findRequestProblems({ ...VALID, documentSlugs: ['soc2-report', slug] })).toEqual([
        { source: 'form', field: 'documents', message: 'A chosen document does not exist' },
      ]);
    }
  });
});
