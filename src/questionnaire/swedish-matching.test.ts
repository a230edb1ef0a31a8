import { describe, expect, it } from 'vitest';
import { buildSwedishContent } from '../../test/swedish-content.js';
import { buildPublishedSite } from '../services/public-site.service.js';
import { detectQuestionnaireLanguage } from './language.js';
import { createMatcher, toMatchableEntry } from './matcher.js';

describe('detectQuestionnaireLanguage', () => {
  it('tells Swedish questions from English ones', () => {
    expect(
      detectQuestionnaireLanguage([
        'Hur ofta tas säkerhetskopior?',
        'Är diskarna krypterade?',
        'Har ni en incidentplan?',
      ]),
    ).toBe('sv');
    expect(detectQuestionnaireLanguage(['How often are backups taken?', 'Are the disks encrypted?'])).toBe('en');
    // Codes and names only: the source language.
    expect(detectQuestionnaireLanguage(['ISO 27001', 'SOC 2'])).toBe('en');
  });
});

describe('matching a Swedish questionnaire', () => {
  const swedish = createMatcher(
    buildPublishedSite(buildSwedishContent(), 0, new Map(), 'sv').entries.map(toMatchableEntry),
  );

  it('finds entries by their Swedish texts, with the Swedish stemmer', () => {
    const questions = [
      { text: 'Hur länge sparas era säkerhetskopior?', section: null },
      { text: 'Krypteras diskarna?', section: null },
    ];
    const [backups, disks] = swedish.matchQuestionnaire(questions, 3);
    expect(backups?.[0]?.slug).toBe('backup-location');
    expect(disks?.[0]?.slug).toBe('disk-encryption');
  });

  it('drafts the answer from the Swedish text of a translated entry', () => {
    const [best] = swedish.match('Var förvaras säkerhetskopiorna?', 1);
    expect(best?.slug).toBe('backup-location');
    expect(best?.draftAnswer).toContain('Vi säkerhetskopierar varje natt.');
  });

  it('still finds an untranslated entry by its English text', () => {
    expect(swedish.match('Do you screen new staff?', 1)[0]?.slug).toBe('staff-screening');
  });
});
