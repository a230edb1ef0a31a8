import { describe, expect, it } from 'vitest';
import { toMissingPageWords } from './not-found.js';

describe('the words of a missing page', () => {
  it('are the words of an FAQ, category or tag slug, with or without the language prefix', () => {
    expect(toMissingPageWords('/faq/encrypt-backups')).toBe('encrypt backups');
    expect(toMissingPageWords('/sv/faq/kryptering-av-backup')).toBe('kryptering av backup');
    expect(toMissingPageWords('/category/physical-securty')).toBe('physical securty');
    expect(toMissingPageWords('/tag/iso%2027001/')).toBe('iso 27001');
  });

  it('are absent for other pages and for slugs with no words', () => {
    expect(toMissingPageWords('/nothing-here')).toBeUndefined();
    expect(toMissingPageWords('/faq/a/b')).toBeUndefined();
    expect(toMissingPageWords('/faq/---')).toBeUndefined();
    expect(toMissingPageWords('/faq/%E0%A4%A')).toBeUndefined();
  });
});
