/**
 * A certification the trust center lists, as a questionnaire answer: "Are you certified to ISO/IEC 27001?" is one of
 * the most common questions there is, and the answer (issuer, certificate number, validity, scope) is already kept
 * for the public page. Each certification is offered to the matcher as one more suggestion beside the entries.
 */
import { type Certification, slugify } from './content.js';
import type { ShortAnswer } from './short-answer.js';
import type { ContentLanguage } from './translation.js';

/** Suggestions drawn from a certification have slugs starting with this, which no entry slug can (entries have no "."). */
export const CERTIFICATION_SUGGESTION_PREFIX = 'certification.';

/** A certification worded as a question with its answer, in one language. */
export interface CertificationAnswer {
  slug: string;
  question: string;
  alternativePhrasings: string[];
  category: string;
  /** Markdown: the answer and, when the certificate is a document, a link to it. */
  answerMarkdown: string;
  /** Plain text of the answer. */
  answerText: string;
  /**
   * What the matcher reads besides the question: the answer without the scope, which often names another standard
   * ("the same services as the ISO/IEC 27001 certificate") and would pull a question about that one here.
   */
  matchText: string;
  shortAnswer: ShortAnswer | null;
}

/** Whether a suggestion's slug names a certification rather than an entry. */
export function isCertificationSuggestion(slug: string): boolean {
  return slug.startsWith(CERTIFICATION_SUGGESTION_PREFIX);
}

const WORDING: Record<
  ContentLanguage,
  {
    category: string;
    question: (name: string) => string;
    phrasings: (name: string) => string[];
    listQuestion: string;
    listPhrasings: string[];
    list: (items: string[]) => string;
    listItem: (c: Certification) => string;
    none: string;
    valid: (c: Certification) => string;
    expired: (c: Certification) => string;
    scope: (scope: string) => string;
    certificate: string;
  }
> = {
  en: {
    category: 'Certifications',
    question: (name) => `Are you certified to ${name}?`,
    phrasings: (name) => [`Do you hold a valid ${name} certificate?`, `What is the scope of your ${name} certificate?`],
    listQuestion: 'Which certifications do you hold?',
    listPhrasings: ['Do you hold any security certifications?', 'List your current certifications and attestations.'],
    list: (items) => `We hold these certifications: ${items.join('; ')}.`,
    listItem: (c) => `${c.name} (${c.issuer}, certificate ${c.certificateNumber}, valid until ${c.validUntil})`,
    none: 'We hold no certification that is currently valid.',
    valid: (c) =>
      `Yes. We are certified to ${c.name} by ${c.issuer} (certificate ${c.certificateNumber}), valid from ${c.validFrom} until ${c.validUntil}.`,
    expired: (c) =>
      `Our ${c.name} certificate from ${c.issuer} (certificate ${c.certificateNumber}) expired on ${c.validUntil}.`,
    scope: (scope) => `Scope: ${scope}`,
    certificate: 'The certificate',
  },
  sv: {
    category: 'Certifieringar',
    question: (name) => `Är ni certifierade enligt ${name}?`,
    phrasings: (name) => [
      `Har ni ett giltigt certifikat enligt ${name}?`,
      `Vad omfattar ert certifikat enligt ${name}?`,
    ],
    listQuestion: 'Vilka certifieringar har ni?',
    listPhrasings: ['Har ni några säkerhetscertifieringar?', 'Lista era giltiga certifieringar och intyg.'],
    list: (items) => `Vi har följande certifieringar: ${items.join('; ')}.`,
    listItem: (c) => `${c.name} (${c.issuer}, certifikat ${c.certificateNumber}, giltigt till och med ${c.validUntil})`,
    none: 'Vi har för närvarande ingen giltig certifiering.',
    valid: (c) =>
      `Ja. Vi är certifierade enligt ${c.name} av ${c.issuer} (certifikat ${c.certificateNumber}), giltigt från ${c.validFrom} till och med ${c.validUntil}.`,
    expired: (c) =>
      `Vårt certifikat enligt ${c.name} från ${c.issuer} (certifikat ${c.certificateNumber}) gick ut ${c.validUntil}.`,
    scope: (scope) => `Omfattning: ${scope}`,
    certificate: 'Certifikatet',
  },
};

/**
 * Each certification as a question and answer in `language`, and one more answering which certifications are held
 * (the valid ones, listed); `today` (an ISO date) decides whether each is still valid. A valid one answers "Yes" with
 * its issuer, number, validity and scope; an expired one says when it expired and carries no short answer, so nobody
 * writes "Yes" for it without reading. Nothing when there is no certification at all.
 */
export function certificationAnswers(
  certifications: readonly Certification[],
  language: ContentLanguage,
  today: string,
): CertificationAnswer[] {
  const words = WORDING[language];
  if (certifications.length === 0) return [];
  const taken = new Set<string>([`${CERTIFICATION_SUGGESTION_PREFIX}all`]);
  const valid = certifications.filter((certification) => certification.validUntil >= today);
  const list = valid.length === 0 ? words.none : words.list(valid.map(words.listItem));
  const all: CertificationAnswer = {
    slug: `${CERTIFICATION_SUGGESTION_PREFIX}all`,
    question: words.listQuestion,
    alternativePhrasings: words.listPhrasings,
    category: words.category,
    answerMarkdown: escapeMarkdown(list),
    answerText: list,
    matchText: list,
    shortAnswer: null,
  };
  const each = certifications.map((certification) => {
    const base = `${CERTIFICATION_SUGGESTION_PREFIX}${slugify(certification.name) || 'certificate'}`;
    let slug = base;
    for (let number = 2; taken.has(slug); number++) slug = `${base}-${number}`;
    taken.add(slug);
    const isValid = certification.validUntil >= today;
    const statement = isValid ? words.valid(certification) : words.expired(certification);
    const scope = certification.scope.trim() === '' ? '' : ` ${words.scope(certification.scope.trim())}`;
    const answerText = `${statement}${scope}`;
    const link =
      certification.document === null ? '' : `\n\n[${words.certificate}](document:${certification.document})`;
    return {
      slug,
      question: words.question(certification.name),
      alternativePhrasings: words.phrasings(certification.name),
      category: words.category,
      answerMarkdown: `${escapeMarkdown(answerText)}${link}`,
      answerText,
      matchText: statement,
      shortAnswer: isValid ? ('yes' as const) : null,
    };
  });
  return [...each, all];
}

// The texts come from staff-written fields; Markdown characters in them are text, not formatting.
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}
