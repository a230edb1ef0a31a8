import { describe, expect, it } from 'vitest';
import { findNis2ArticleTopics } from './matcher-expansions.js';
import { findControlIds, isSwedishYesNoQuestion, isYesNoQuestion, rewriteQuestion } from './matcher-rewrite.js';

describe('rewriteQuestion', () => {
  it.each([
    ['The vendor must publish a vulnerability disclosure policy.', 'vulnerability disclosure policy.'],
    ['Publish a vulnerability disclosure policy', 'vulnerability disclosure policy'],
    ['Ensure that backups are tested every quarter', 'backups are tested every quarter'],
    ['Please provide details of your key management', 'key management'],
    ['Describe your incident response process.', 'incident response process.'],
    ['Do you have a documented policy for access reviews?', 'access reviews?'],
    ['Maintain and test disaster recovery plans', 'test disaster recovery plans'],
    ['The relevant entities shall implement network segmentation', 'network segmentation'],
    ['>- Store passwords hashed and salted', 'Store passwords hashed and salted'],
  ])('turns "%s" into its content words', (input, expected) => {
    expect(rewriteQuestion(input)).toBe(expected);
  });

  it('keeps a question that is nothing but framing', () => {
    expect(rewriteQuestion('Please describe.')).toBe('Please describe.');
  });
});

describe('isYesNoQuestion', () => {
  it.each([
    ['Do you encrypt backups?', true],
    ['Has the vendor appointed a DPO?', true],
    ['1.2 Is MFA enforced?', true],
    ['Describe your backup process.', false],
    ['How often are backups tested?', false],
  ])('"%s" → %s', (question, expected) => {
    expect(isYesNoQuestion(question)).toBe(expected);
  });
});

describe('isSwedishYesNoQuestion', () => {
  it.each([
    ['Krypteras kunddata i vila?', true],
    ['Har ni en incidentplan?', true],
    ['3.1 Finns det ett register över tillgångar?', true],
    ['Hur ofta testas säkerhetskopior?', false],
    ['I vilka länder lagras data?', false],
    ['Vilka certifieringar har ni?', false],
    ['Beskriv er process för ändringshantering.', false],
  ])('"%s" → %s', (question, expected) => {
    expect(isSwedishYesNoQuestion(question)).toBe(expected);
  });
});

describe('findControlIds', () => {
  it('finds A-prefixed ids anywhere and bare ids only in an Annex A context', () => {
    expect(findControlIds('Relates to A.8.24 and A.5.15.')).toEqual(['A.8.24', 'A.5.15']);
    expect(findControlIds('ISO 27001 Annex A 5.15 access control')).toEqual(['A.5.15']);
    expect(findControlIds('We run version 8.24 of the agent')).toEqual([]);
    expect(findControlIds('Control 9.99 and A.8.99 do not exist')).toEqual([]);
  });
});

describe('findNis2ArticleTopics', () => {
  it('reads Article 21(2) points and Article 23', () => {
    expect(findNis2ArticleTopics('Per Article 21(2)(h) of NIS2')).toEqual(['cryptography encryption']);
    expect(findNis2ArticleTopics('Article 21(2), point (c)')[0]).toContain('business continuity');
    expect(findNis2ArticleTopics('reporting under Article 23')[0]).toContain('incident reporting');
    expect(findNis2ArticleTopics('Article 5')).toEqual([]);
  });
});
