import { describe, expect, it } from 'vitest';
import { findNis2ArticleTopics } from './matcher-expansions.js';
import {
  addressOf,
  asksForConfirmation,
  findControlIds,
  isSwedishYesNoQuestion,
  isYesNoQuestion,
  questionCore,
  rewriteQuestion,
} from './matcher-rewrite.js';

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

describe('questionCore', () => {
  it.each([
    ['Do you encrypt backups? Please explain and provide evidence.', 'Do you encrypt backups?'],
    ['Is MFA enforced? (Yes/No/N/A)', 'Is MFA enforced?'],
    [
      'Ref. 4.2.1 – Do you perform background checks? If yes, please attach supporting documentation.',
      'Do you perform background checks?',
    ],
    ['Q12: Can you tell us: who is your data center provider?', 'Who is your data center provider?'],
    ['Please confirm whether all laptops are encrypted.', 'All laptops are encrypted.'],
    ['Does the supplier regularly test the supplier’s backups?', 'Do you regularly test your backups?'],
    ['Has the ICT third-party service provider appointed a DPO?', 'Have you appointed a DPO?'],
    ['Krypteras säkerhetskopior? Om ja, bifoga underlag.', 'Krypteras säkerhetskopior?'],
    ['Krypterar leverantören säkerhetskopior?', 'Krypterar ni säkerhetskopior?'],
    ['Ska leverantörens personal genomgå bakgrundskontroller?', 'Ska er personal genomgå bakgrundskontroller?'],
    ['Vänligen bekräfta att all kunddata krypteras.', 'All kunddata krypteras.'],
    ['Please state a policy owner.', 'A policy owner.'],
  ])('reads "%s" as "%s"', (asked, core) => {
    expect(questionCore(asked)).toBe(core);
  });

  it.each([
    // An instruction with a subject of its own is part of the question.
    'Please provide evidence of penetration testing.',
    // "You" is asked about the supplier's supplier: the third person is not the one answering.
    'Do you assess the supplier’s security before onboarding?',
    'Granskar ni leverantörens säkerhet?',
    'Are logs retained (for at least 90 days)?',
    // Nothing but instructions: kept as asked rather than emptied.
    'Please explain.',
  ])('leaves "%s" as asked', (asked) => {
    expect(questionCore(asked)).toBe(asked);
  });

  it('counts a request to confirm as a yes/no question, in English and Swedish', () => {
    expect(asksForConfirmation('Ref. 2.1 Please confirm whether backups are encrypted.')).toBe(true);
    expect(asksForConfirmation('Ange om ni krypterar säkerhetskopior.')).toBe(true);
    expect(asksForConfirmation('Please state your policy owner.')).toBe(false);
    expect(asksForConfirmation('Ange era driftställen.')).toBe(false);
  });

  it('keeps the third person when the library asks in the third person', () => {
    const library = ['Does the vendor encrypt data at rest?', 'Does the vendor keep an asset inventory?'];
    expect(addressOf(library)).toBe('third person');
    expect(addressOf(['Do you encrypt data at rest?', ...library.slice(1)])).toBe('you');
    expect(questionCore('Does the vendor encrypt backups?', 'third person')).toBe('Does the vendor encrypt backups?');
  });
});
