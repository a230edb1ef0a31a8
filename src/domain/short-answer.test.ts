import { describe, expect, it } from 'vitest';
import { isShortAnswer, readShortAnswer, shortAnswerWord, takesShortAnswer, wordInList } from './short-answer.js';

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

describe('which questions take a short answer', () => {
  it('leaves out open questions in English and Swedish, numbered or not', () => {
    expect(takesShortAnswer('How many data centers do you operate?')).toBe(false);
    expect(takesShortAnswer('1.2 Describe your backup process.')).toBe(false);
    expect(takesShortAnswer('Please provide your SOC 2 report.')).toBe(false);
    expect(takesShortAnswer('Hur många datacenter har ni?')).toBe(false);
    expect(takesShortAnswer('a) Which standards do you follow?')).toBe(false);
  });

  it('keeps yes/no questions and requirement statements', () => {
    expect(takesShortAnswer('Do you encrypt data at rest?')).toBe(true);
    expect(takesShortAnswer('Is customer data stored in the EU?')).toBe(true);
    expect(takesShortAnswer('The supplier maintains an inventory of assets.')).toBe(true);
    expect(takesShortAnswer('Har ni en incidentplan?')).toBe(true);
    expect(takesShortAnswer('Please confirm that backups are encrypted.')).toBe(true);
  });
});
