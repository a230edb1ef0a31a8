import { describe, expect, it } from 'vitest';
import { analyzeWord, tokenize } from './analyzer.js';
import { defaultSynonymGroups, SynonymTable } from './synonyms.js';

function analyzeQuery(text: string): (readonly string[])[] {
  return tokenize(text)
    .map((token) => analyzeWord(token.normalized))
    .filter((terms) => terms.length > 0);
}

describe('defaultSynonymGroups', () => {
  it('has at least 30 groups, each with at least two entries', () => {
    expect(defaultSynonymGroups.length).toBeGreaterThanOrEqual(30);
    for (const group of defaultSynonymGroups) expect(group.length).toBeGreaterThanOrEqual(2);
  });

  it('covers the compliance vocabulary the brief names', () => {
    const all = defaultSynonymGroups.flat().map((phrase) => phrase.toLowerCase());
    for (const phrase of [
      'mfa',
      '2fa',
      'personuppgiftsbiträdesavtal',
      'dataskyddsförordningen',
      'underbiträde',
      'sbom',
      'cloud act',
    ]) {
      expect(all).toContain(phrase);
    }
  });
});

describe('SynonymTable', () => {
  const table = new SynonymTable(defaultSynonymGroups);

  it('maps an abbreviation to its spelled-out forms', () => {
    const match = table.matchPhrase(analyzeQuery('2FA'), 0);
    expect(match?.wordCount).toBe(1);
    expect(match?.alternatives.map((phrase) => phrase.text)).toContain('multi-factor authentication');
  });

  it('recognises a multi-word phrase, preferring the longest', () => {
    const match = table.matchPhrase(analyzeQuery('two factor authentication'), 0);
    expect(match?.wordCount).toBe(3);
    expect(match?.alternatives.map((phrase) => phrase.text)).toContain('MFA');
  });

  it('matches inflected forms through their stems and ignores stop words', () => {
    const match = table.matchPhrase(analyzeQuery('denial of services'), 0);
    expect(match?.wordCount).toBe(2);
    expect(match?.alternatives.map((phrase) => phrase.text)).toContain('DDoS');
  });

  it('matches a phrase in the middle of a query and nothing elsewhere', () => {
    const words = analyzeQuery('annual business continuity plan');
    expect(table.matchPhrase(words, 0)).toBeUndefined();
    expect(table.matchPhrase(words, 1)?.alternatives.map((phrase) => phrase.text)).toContain('BCP');
  });

  it('uses custom groups instead of the defaults', () => {
    const custom = new SynonymTable([['widget', 'gadget']]);
    expect(custom.matchPhrase(analyzeQuery('gadget'), 0)?.alternatives.map((phrase) => phrase.text)).toEqual([
      'widget',
    ]);
    expect(custom.matchPhrase(analyzeQuery('MFA'), 0)).toBeUndefined();
  });
});
