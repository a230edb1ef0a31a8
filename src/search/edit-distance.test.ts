import { describe, expect, it } from 'vitest';
import { chooseTypoBudget, measureEditDistance } from './edit-distance.js';

describe('measureEditDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(measureEditDistance('encryption', 'encrypton', 2)).toBe(1);
    expect(measureEditDistance('backup', 'backups', 2)).toBe(1);
    expect(measureEditDistance('policy', 'polcy', 2)).toBe(1);
    expect(measureEditDistance('firewall', 'firewell', 2)).toBe(1);
  });

  it('counts an adjacent transposition as a single edit', () => {
    expect(measureEditDistance('incident', 'inicdent', 2)).toBe(1);
    expect(measureEditDistance('ab', 'ba', 2)).toBe(1);
  });

  it('stops at the budget, reporting budget plus one', () => {
    expect(measureEditDistance('encryption', 'firewall', 2)).toBe(3);
    expect(measureEditDistance('abc', 'abcdefgh', 1)).toBe(2);
  });

  it('handles empty strings and identical words', () => {
    expect(measureEditDistance('', 'ab', 2)).toBe(2);
    expect(measureEditDistance('same', 'same', 1)).toBe(0);
  });

  it('handles words longer than its scratch rows', () => {
    const long = 'a'.repeat(200);
    expect(measureEditDistance(long, `${long}b`, 1)).toBe(1);
  });
});

describe('chooseTypoBudget', () => {
  it('allows no typo below 4 letters, one from 4 and two from 8', () => {
    expect([3, 4, 7, 8, 12].map(chooseTypoBudget)).toEqual([0, 1, 1, 2, 2]);
  });
});
