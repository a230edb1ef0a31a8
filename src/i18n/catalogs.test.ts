import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { sv } from './sv.js';

/** Keys whose Swedish is rightly the same as the English: names, file names and words both languages share. */
const SAME_IN_BOTH = new Set<string>([
  // "Situation" and "Version" are Swedish words too.
  'situation',
  'documentVersionLabel',
  // A file name.
  'footerSecurityTxt',
]);

type Catalog = Record<string, unknown>;

// Every leaf of a catalog as `path → text`; functions are called with sample arguments so their
// sentences can be compared too.
function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') leaves.set(path, value);
    else if (typeof value === 'function') leaves.set(path, sample(value as (...args: unknown[]) => unknown));
    else if (value && typeof value === 'object') for (const [p, v] of flatten(value as Catalog, path)) leaves.set(p, v);
  }
  return leaves;
}

function sample(message: (...args: unknown[]) => unknown): string {
  const args = Array.from({ length: message.length }, (_, index) => (index === 0 ? 'X' : 2));
  try {
    const text = message(...args);
    return typeof text === 'string' ? text : '';
  } catch {
    // A message taking a structured argument: compared by key only.
    return '';
  }
}

describe('the interface catalogs', () => {
  const english = flatten(en as unknown as Catalog);
  const swedish = flatten(sv as unknown as Catalog);

  it('have the same keys', () => {
    expect([...swedish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no Swedish text left equal to the English by accident', () => {
    const same = [...english].filter(
      // Messages made only of their arguments ("X, 2") have no words of their own to translate.
      ([key, text]) => /[a-wyz]/i.test(text) && swedish.get(key) === text && !SAME_IN_BOTH.has(key),
    );
    expect(same.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
