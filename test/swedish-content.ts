/**
 * The minimal content with Swedish beside part of it, for the tests of the site per language: the site
 * texts, a highlight, the storage category, a tag, the certification's scope and two of the three entries
 * are translated; the people category, the other tag, the staff-screening entry and the SLA card are not.
 */
import type { ContentSet } from '../src/domain/content.js';
import { buildEntry, buildMinimalContent } from './factories.js';

/** The minimal content plus a backup entry, with Swedish translations of part of it. */
export function buildSwedishContent(): ContentSet {
  const content = buildMinimalContent();
  content.site.translations = {
    sv: {
      tagline: 'En liten leverantör som bara finns i tester.',
      intro: 'Svar om Testvik Clouds påhittade tjänster.',
    },
  };
  const [highlight] = content.highlights;
  if (highlight)
    highlight.translations = { sv: { title: 'Kvar i Testvik', text: 'Varje byte stannar i Testvikzonen.' } };
  const [storage] = content.categories;
  if (storage) storage.translations = { sv: { name: 'Lagring', description: 'Var data förvaras.' } };
  const [gdpr] = content.tags;
  if (gdpr) gdpr.translations = { sv: { name: 'Dataskydd' } };
  const [certification] = content.certifications;
  if (certification) certification.translations = { sv: { scope: 'Testvikzonen.' } };
  for (const entry of content.entries) {
    if (entry.slug === 'disk-encryption') {
      entry.translations = {
        sv: {
          question: 'Är diskarna krypterade?',
          answer:
            'Varje disk krypteras med AES-256; se [supportvillkoren](link:support-terms) och [lagringssvaren](/category/storage).',
          alternativePhrasings: ['Krypteras lagringen?'],
          questionnaireWording: null,
        },
      };
    }
    if (entry.slug === 'backup-location') {
      entry.translations = {
        sv: {
          question: 'Var förvaras säkerhetskopiorna?',
          answer: 'Vi säkerhetskopierar varje natt. Säkerhetskopieringen stannar i Testvikzonen i trettio dagar.',
          alternativePhrasings: [],
          questionnaireWording: null,
        },
      };
    }
  }
  content.entries.push(
    buildEntry({
      slug: 'incident-reporting',
      question: 'How do you report incidents?',
      answer: 'Customers hear of an incident within a day.',
      category: 'people',
      order: 2,
    }),
  );
  return content;
}
