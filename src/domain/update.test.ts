import { describe, expect, it } from 'vitest';
import { findUpdateProblems, isIsoDate, slugifyUpdate, type UpdateInput } from './update.js';

const valid: UpdateInput = {
  title: 'Keys rotated',
  body: 'Every key.\n\n- one\n- two',
  category: 'security',
  date: '2026-12-01',
  titleSv: '',
  bodySv: '',
};

describe('update rules', () => {
  it('accepts a complete update, with or without its Swedish pair', () => {
    expect(findUpdateProblems(valid)).toEqual([]);
    expect(findUpdateProblems({ ...valid, titleSv: 'Nycklar bytta', bodySv: 'Alla nycklar.' })).toEqual([]);
  });

  it('names every field at fault', () => {
    const problems = findUpdateProblems({
      title: 'Line\nbreak',
      body: `${'x'.repeat(20_001)}`,
      category: 'gossip',
      date: '2026-02-30',
      titleSv: '',
      bodySv: 'Bara text',
    });
    expect(problems.map((problem) => [problem.field, problem.message])).toEqual([
      ['title', 'Title must be one line without control characters'],
      ['body', 'Text must be at most 20000 characters'],
      ['category', 'Category must be one of security, compliance, subprocessors, service, other'],
      ['date', 'Date must be a date written YYYY-MM-DD'],
      ['titleSv', 'Swedish title is required'],
    ]);
  });

  it('reads only real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('makes a slug of the date and the title in plain letters', () => {
    expect(slugifyUpdate('2026-11-25', 'Nytt datacenter i Luleå – öppet!')).toBe(
      '2026-11-25-nytt-datacenter-i-lulea-oppet',
    );
    expect(slugifyUpdate('2026-11-25', '?!')).toBe('2026-11-25');
    expect(slugifyUpdate('2026-11-25', 'word '.repeat(40)).length).toBeLessThanOrEqual(100);
  });
});
