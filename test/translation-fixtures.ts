/**
 * A few Swedish translation files for the example content, written for the tests (not the shipped Swedish):
 * one of each kind, in the canonical form an export writes, so that a round trip must give them back byte for byte.
 */
export const SWEDISH_TEST_FILES: Record<string, string> = {
  'translations/sv/site.yaml': `tagline: Svensk molninfrastruktur under svensk lag.
intro: "Här svarar vi på de frågor som säkerhetsteam ställer oftast: ägda, granskade och spårbara."
sla:
  title: Leverans och SLA
  availability: 99,95 %
  response_times:
    - description: Plattformen eller en hel zon är nere
      response: 15 minuter, dygnet runt
    - description: Allvarlig försämring av en produktionstjänst
      response: 1 timme, dygnet runt
    - description: Begränsad påverkan eller det finns en väg runt
      response: 4 timmar, kontorstid
    - description: Frågor och önskemål
      response: 1 arbetsdag
`,
  'translations/sv/highlights.yaml': `- order: 2
  title: Granskad av andra
  text: Oberoende revisorer granskar oss varje år.
`,
  'translations/sv/categories.yaml': `- slug: asset-management
  name: Tillgångar
  description: Hur vi håller reda på det vi äger.
`,
  'translations/sv/tags.yaml': `- slug: gdpr
  name: GDPR
`,
  'translations/sv/certifications.yaml': `- name: ISO/IEC 27001:2022
  scope: "Hela plattformen: drift, support och utveckling."
`,
  'translations/sv/links.yaml': `- key: privacy-policy
  title: Integritetspolicy
`,
  'translations/sv/documents.yaml': `- slug: iso-27001-certificate
  title: ISO 27001-certifikat
  description: Certifikatet från vår certifieringsorganisation.
`,
  'translations/sv/entries/access-reviews.md': `---
question: Hur ofta granskar ni behörigheter?
alternative_phrasings:
  - Gör ni periodiska behörighetsgranskningar?
---
Varje kvartal. Se [policyn](link:acceptable-use-policy).

- Ägaren intygar varje konto.
`,
  'translations/sv/entries/customer-audit-rights.md': `---
question: Får kunder granska er?
questionnaire_wording: Ja. Vår [tillämplighetsförklaring](document:statement-of-applicability) delas under NDA.
---
Ja, en gång per år med 30 dagars varsel; se [tillämplighetsförklaringen](document:statement-of-applicability).
`,
};
