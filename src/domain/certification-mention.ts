/**
 * Which certifications a piece of text names, so staff are warned when a highlight still claims a
 * certificate that has lapsed. Certification names are matched in general, not from a list of known
 * standards: a name with a standard number ("ISO/IEC 27001:2022", "ISO 14001:2015") is found by that
 * number wherever the text writes it ("ISO 27001", "27001", "ISO/IEC 27018"); a name without one
 * ("SOC 2 Type II", "BSI C5") is found as the whole name.
 */
import { type Certification, isCertificationExpired } from './content.js';

/** A highlight (or any titled text) that names certifications which are all expired. */
export interface ExpiredCertificationMention<Item> {
  item: Item;
  /** The expired certifications the text names, by their full names. */
  certificationNames: string[];
}

// A standard's number: three or more digits, with any part numbers ("20000-1"). Editions after a
// colon ("27001:2022") and four-digit years on their own are not the standard's number.
const STANDARD_NUMBER = /(?<![\d.:])\d{3,}(?:-\d+)*(?![\d.])/g;
const YEAR = /^(19|20)\d\d$/;

/** The keys a certification name is recognized by: its standard numbers, else the whole name in lower case. */
export function getCertificationKeys(name: string): string[] {
  const withoutEdition = name.replace(/:\s*\d{4}\b/g, ' ');
  const numbers = [...withoutEdition.matchAll(STANDARD_NUMBER)].map((match) => match[0]).filter((n) => !YEAR.test(n));
  if (numbers.length > 0) return numbers;
  const phrase = normalizeText(withoutEdition);
  return phrase === '' ? [] : [phrase];
}

/** Lower case, one space between words, so a phrase is found however the text is spaced. */
function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` names the certification recognized by `key` (a standard number or a whole name). */
function textNamesKey(text: string, key: string): boolean {
  if (/^\d/.test(key)) {
    // The number itself, not part of a longer number or a version ("127001", "27001.5").
    return new RegExp(`(?<![\\d.])${escapeRegExp(key)}(?![\\d]|\\.\\d)`).test(text);
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(key)}(?![\\p{L}\\p{N}])`, 'u').test(normalizeText(text));
}

/** The certifications whose name `text` mentions. */
export function findCertificationsNamedIn<C extends Pick<Certification, 'name'>>(
  text: string,
  certifications: C[],
): C[] {
  return certifications.filter((certification) =>
    getCertificationKeys(certification.name).some((key) => textNamesKey(text, key)),
  );
}

/**
 * The expired certifications `text` names. A standard with a current certificate beside an expired
 * one (a renewal recorded as a new certification) is not flagged.
 */
export function findExpiredCertificationsNamedIn<C extends Pick<Certification, 'name' | 'validUntil'>>(
  text: string,
  certifications: C[],
  today: string,
): C[] {
  const current = new Set(
    certifications
      .filter((certification) => !isCertificationExpired(certification, today))
      .flatMap((certification) => getCertificationKeys(certification.name)),
  );
  return findCertificationsNamedIn(text, certifications).filter(
    (certification) =>
      isCertificationExpired(certification, today) &&
      !getCertificationKeys(certification.name).every((key) => current.has(key)),
  );
}

/** The items (highlights) whose title or text names an expired certification, each with the names it claims. */
export function listExpiredCertificationMentions<Item extends { title: string; text: string }>(
  items: Item[],
  certifications: Pick<Certification, 'name' | 'validUntil'>[],
  today: string,
): ExpiredCertificationMention<Item>[] {
  return items.flatMap((item) => {
    const named = findExpiredCertificationsNamedIn(`${item.title}\n${item.text}`, certifications, today);
    return named.length === 0 ? [] : [{ item, certificationNames: named.map((certification) => certification.name) }];
  });
}
