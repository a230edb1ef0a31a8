import { describe, expect, it } from 'vitest';
import { isShortAnswer, readShortAnswer, shortAnswerWord, wordInList } from './short-answer.js';

describe('short answers', () => {
  it('reads the words workbooks use, in English and Swedish, whatever their case and spacing', () => {
    expect(readShortAnswer('YES')).toBe('yes');
    expect(readShortAnswer(' n/a ')).toBe('not_applicable');
    expect(readShortAnswer('N.A.')).toBe('not_applicable');
    expect(readShortAnswer('Partially compliant')).toBe('partial');
    expect(readShortAnswer('Nej')).toBe('no');
    expect(readShortAnswer('Ej tillämpligt')).toBe('not_applicable');
    expect(readShortAnswer('Maybe')).toBeNull();
    expect(readShortAnswer('')).toBeNull();
  });

  it("writes the word a cell's list offers, and nothing when the list has none", () => {
    expect(wordInList('not_applicable', ['Yes', 'No', 'N/A'])).toBe('N/A');
    expect(wordInList('yes', ['Ja', 'Nej'])).toBe('Ja');
    expect(wordInList('partial', ['Yes', 'No', 'N/A'])).toBeNull();
  });

  it('names the stored values only', () => {
    expect(isShortAnswer('partial')).toBe(true);
    expect(isShortAnswer('Partially')).toBe(false);
    expect(shortAnswerWord('not_applicable')).toBe('Not applicable');
    expect(shortAnswerWord('no', 'sv')).toBe('Nej');
  });
});
