import { describe, expect, it } from 'vitest';
import { sectionSlices } from './questionnaire-matching.service.js';

describe('sectionSlices', () => {
  const questions = [
    { text: 'a', section: 'Access' },
    { text: 'b', section: 'Access' },
    { text: 'c', section: 'Access' },
    { text: 'd', section: null },
    { text: 'e', section: null },
    { text: 'f', section: 'Backups' },
    { text: 'g', section: 'Backups' },
  ];

  it('cuts slices of about the given size without splitting a section', () => {
    expect(sectionSlices(questions, 0, 2)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 5 },
      { start: 5, end: 7 },
    ]);
  });

  it('splits questions without a heading anywhere', () => {
    expect(sectionSlices(questions, 3, 1)).toEqual([
      { start: 3, end: 4 },
      { start: 4, end: 5 },
      { start: 5, end: 7 },
    ]);
  });

  it('cuts a section longer than two slices anyway, so one heading over a whole file does not make one slice', () => {
    const oneSection = Array.from({ length: 1_000 }, (_, index) => ({ text: `q${index}`, section: 'Question' }));
    const slices = sectionSlices(oneSection, 0, 50);
    expect(slices).toHaveLength(10);
    expect(slices.every((slice) => slice.end - slice.start <= 100)).toBe(true);
    expect(slices.at(-1)?.end).toBe(1_000);
  });

  it('covers every question exactly once, resuming where matching stopped', () => {
    for (const size of [1, 2, 3, 50]) {
      for (const from of [0, 3, 5]) {
        const slices = sectionSlices(questions, from, size);
        expect(slices[0]?.start).toBe(from);
        expect(slices.at(-1)?.end).toBe(questions.length);
        slices.forEach((slice, index) => {
          expect(slice.end).toBeGreaterThan(slice.start);
          if (index > 0) expect(slice.start).toBe(slices[index - 1]?.end);
        });
      }
    }
    expect(sectionSlices(questions, 7, 2)).toEqual([]);
  });
});
