import { describe, expect, it } from 'vitest';
import { certificationAnswers, isCertificationSuggestion } from './certification-answer.js';
import type { Certification } from './content.js';

const iso27001: Certification = {
  name: 'ISO/IEC 27001:2022',
  issuer: 'Nordisk Certifiering AB',
  certificateNumber: 'NC-1',
  scope: 'The *whole* platform.',
  validFrom: '2025-01-01',
  validUntil: '2027-12-31',
  document: 'iso-certificate',
};

describe('certifications as questionnaire answers', () => {
  it('answers "yes" for a valid certification, with issuer, number, validity, scope and the certificate', () => {
    const [answer] = certificationAnswers([iso27001], 'en', '2026-12-05');
    expect(answer).toMatchObject({
      slug: 'certification.iso-iec-27001-2022',
      question: 'Are you certified to ISO/IEC 27001:2022?',
      category: 'Certifications',
      shortAnswer: 'yes',
      answerText:
        'Yes. We are certified to ISO/IEC 27001:2022 by Nordisk Certifiering AB (certificate NC-1), valid from 2025-01-01 until 2027-12-31. Scope: The *whole* platform.',
    });
    // The scope's asterisks are text, and the certificate is linked as a document.
    expect(answer?.answerMarkdown).toContain('The \\*whole\\* platform.');
    expect(answer?.answerMarkdown).toContain('[The certificate](document:iso-certificate)');
    expect(isCertificationSuggestion(answer?.slug ?? '')).toBe(true);
    expect(isCertificationSuggestion('iso-27001')).toBe(false);
  });

  it('says when an expired certification expired, in Swedish too, and gives it no short answer', () => {
    const expired = { ...iso27001, validUntil: '2026-12-04', document: null };
    const [english] = certificationAnswers([expired], 'en', '2026-12-05');
    expect(english?.shortAnswer).toBeNull();
    expect(english?.answerText).toMatch(/^Our ISO\/IEC 27001:2022 certificate .* expired on 2026-12-04\./);
    expect(english?.answerMarkdown).not.toContain('document:');
    const [swedish] = certificationAnswers([expired], 'sv', '2026-12-05');
    expect(swedish?.question).toBe('Är ni certifierade enligt ISO/IEC 27001:2022?');
    expect(swedish?.answerText).toMatch(/gick ut 2026-12-04\. Omfattning: The \*whole\* platform\.$/);
    // Valid through its last day.
    expect(certificationAnswers([expired], 'sv', '2026-12-04')[0]?.answerText).toMatch(/^Ja\. Vi är certifierade/);
  });

  it('gives two certifications of the same name different slugs', () => {
    const slugs = certificationAnswers([iso27001, { ...iso27001, certificateNumber: 'NC-2' }], 'en', '2026-01-01').map(
      (answer) => answer.slug,
    );
    expect(slugs).toEqual([
      'certification.iso-iec-27001-2022',
      'certification.iso-iec-27001-2022-2',
      'certification.all',
    ]);
  });

  it('answers which certifications are held with the valid ones only, and offers nothing without any', () => {
    const expired = { ...iso27001, name: 'ISO 14001:2015', certificateNumber: 'NC-9', validUntil: '2020-01-01' };
    const all = certificationAnswers([iso27001, expired], 'en', '2026-12-05').at(-1);
    expect(all).toMatchObject({ slug: 'certification.all', question: 'Which certifications do you hold?' });
    expect(all?.answerText).toBe(
      'We hold these certifications: ISO/IEC 27001:2022 (Nordisk Certifiering AB, certificate NC-1, valid until 2027-12-31).',
    );
    expect(certificationAnswers([expired], 'sv', '2026-12-05').at(-1)?.answerText).toBe(
      'Vi har för närvarande ingen giltig certifiering.',
    );
    expect(certificationAnswers([], 'en', '2026-12-05')).toEqual([]);
  });

  it('leaves the scope out of what the matcher reads, so another standard named in it does not pull questions', () => {
    const cloud = {
      ...iso27001,
      name: 'ISO/IEC 27017:2015',
      scope: 'The same services as the ISO/IEC 27001 certificate.',
    };
    const [answer] = certificationAnswers([cloud], 'en', '2026-12-05');
    expect(answer?.answerText).toContain('27001');
    expect(answer?.matchText).not.toContain('27001');
  });
});
