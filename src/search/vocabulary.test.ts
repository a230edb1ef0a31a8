import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.js';

function createVocabulary(words: string[]): Vocabulary {
  const vocabulary = new Vocabulary();
  for (const word of words) vocabulary.addWord(word);
  return vocabulary;
}

describe('Vocabulary', () => {
  it('finds completions of a prefix, most frequent first', () => {
    const vocabulary = createVocabulary(['encrypt', 'encryption', 'encryption', 'endpoint', 'backup']);
    expect(vocabulary.findByPrefix('encr', 10)).toEqual(['encrypt', 'encryption']);
    expect(vocabulary.findByPrefix('encr', 1)).toEqual(['encryption']);
    expect(vocabulary.findByPrefix('zz', 10)).toEqual([]);
  });

  it('keeps prefix lookups right when words arrive out of order and with deferred sorting', () => {
    const vocabulary = new Vocabulary();
    for (const word of ['zeta', 'alpha', 'alphabet', 'beta']) vocabulary.addWord(word, true);
    vocabulary.addWord('alps');
    expect(vocabulary.findByPrefix('alp', 10).sort()).toEqual(['alpha', 'alphabet', 'alps']);
  });

  it('finds words within the typo budget, closest first', () => {
    const vocabulary = createVocabulary(['encryption', 'encrypted', 'backup']);
    const near = vocabulary.findNear('encrypton', 2, 5);
    expect(near.map((entry) => entry.word)).toEqual(['encryption', 'encrypted']);
    expect(near[0]?.distance).toBe(1);
  });

  it('finds a word whose first two letters were swapped', () => {
    const vocabulary = createVocabulary(['encryption']);
    expect(vocabulary.findNear('necryption', 1, 5).map((entry) => entry.word)).toEqual(['encryption']);
  });

  it('forgets a word only when its last document goes', () => {
    const vocabulary = createVocabulary(['backup', 'backup']);
    vocabulary.removeWord('backup');
    expect(vocabulary.hasWord('backup')).toBe(true);
    vocabulary.removeWord('backup');
    expect(vocabulary.hasWord('backup')).toBe(false);
    expect(vocabulary.findByPrefix('back', 10)).toEqual([]);
    expect(vocabulary.findNear('backups', 1, 10)).toEqual([]);
  });
});
