import { describe, expect, it } from 'vitest';
import {
  findCertificationsNamedIn,
  findExpiredCertificationsNamedIn,
  getCertificationKeys,
  listExpiredCertificationMentions,
} from './certification-mention.js';

const certifications = [
  { name: 'ISO/IEC 27001:2022', validUntil: '2027-09-30' },
  { name: 'ISO/IEC 27018:2019', validUntil: '2027-09-30' },
  { name: 'ISO 14001:2015', validUntil: '2025-08-31' },
  { name: 'SOC 2 Type II', validUntil: '2025-01-31' },
  { name: 'ISO/IEC 20000-1:2018', validUntil: '2024-05-01' },
];
const names = (found: { name: string }[]) => found.map((certification) => certification.name);

describe('certification names in text', () => {
  it('recognizes a standard by its number, without the edition year', () => {
    expect(getCertificationKeys('ISO/IEC 27001:2022')).toEqual(['27001']);
    expect(getCertificationKeys('ISO/IEC 20000-1:2018')).toEqual(['20000-1']);
    expect(getCertificationKeys('SOC 2 Type II')).toEqual(['soc 2 type ii']);
    expect(getCertificationKeys('Cyber Essentials 2024')).toEqual(['cyber essentials 2024']);
  });

  it('finds a standard however the text writes it', () => {
    expect(names(findCertificationsNamedIn('We hold ISO 27001.', certifications))).toEqual(['ISO/IEC 27001:2022']);
    expect(names(findCertificationsNamedIn('audited against ISO/IEC 27001, 27017, 27018', certifications))).toEqual([
      'ISO/IEC 27001:2022',
      'ISO/IEC 27018:2019',
    ]);
    expect(names(findCertificationsNamedIn('certified to ISO14001', certifications))).toEqual(['ISO 14001:2015']);
    expect(names(findCertificationsNamedIn('our soc  2 type ii report', certifications))).toEqual(['SOC 2 Type II']);
  });

  it('does not take part of a longer number, a version or a lone year for a standard', () => {
    expect(findCertificationsNamedIn('ticket 127001 and 270010', certifications)).toEqual([]);
    expect(findCertificationsNamedIn('version 14001.5 of the tool', certifications)).toEqual([]);
    expect(findCertificationsNamedIn('since 2022, SOC 2 reports', certifications)).toEqual([]);
  });

  it('flags only the expired certifications a text names', () => {
    const text = 'Audited every year against ISO/IEC 27001, 27017, 27018, 22301 and ISO 14001.';
    expect(names(findExpiredCertificationsNamedIn(text, certifications, '2026-12-05'))).toEqual(['ISO 14001:2015']);
    expect(findExpiredCertificationsNamedIn(text, certifications, '2025-08-31')).toEqual([]);
    expect(
      names(findExpiredCertificationsNamedIn('ISO 20000 service management', certifications, '2026-01-01')),
    ).toEqual([]);
    expect(
      names(findExpiredCertificationsNamedIn('ISO/IEC 20000-1 service management', certifications, '2026-01-01')),
    ).toEqual(['ISO/IEC 20000-1:2018']);
  });

  it('does not flag a standard whose renewed certificate is current', () => {
    const renewed = [...certifications, { name: 'ISO 14001:2015', validUntil: '2028-08-31' }];
    expect(findExpiredCertificationsNamedIn('ISO 14001 certified', renewed, '2026-12-05')).toEqual([]);
  });

  it('lists each highlight that claims an expired certification, searching title and text', () => {
    const highlights = [
      { title: 'Independently certified', text: 'Audited against ISO/IEC 27001 and ISO 14001.' },
      { title: 'Encrypted by default', text: 'TLS 1.2 or newer everywhere.' },
      { title: 'SOC 2 Type II', text: 'Reports on request.' },
    ];
    const mentions = listExpiredCertificationMentions(highlights, certifications, '2026-12-05');
    expect(mentions.map((mention) => [mention.item.title, mention.certificationNames])).toEqual([
      ['Independently certified', ['ISO 14001:2015']],
      ['SOC 2 Type II', ['SOC 2 Type II']],
    ]);
  });
});
