import { describe, expect, it } from 'vitest';
import { analyzeText } from '../search/index.js';
import { createMatcher, type MatchableEntry } from './matcher.js';
import { createLanguageBridge, knownIn, readsSwedish } from './matcher-bridge.js';

function libraryOf(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((text) => analyzeText(text)));
}

describe('createLanguageBridge', () => {
  const english = libraryOf([
    'User accounts are locked after repeated failed login attempts.',
    'Customer data is encrypted at rest.',
    'Access rights are reviewed every quarter.',
  ]);
  const bridge = createLanguageBridge({ isKnown: knownIn(english) });

  it('puts the English word for a Swedish word the library does not know', () => {
    expect(bridge.bridge('Låses kontot efter misslyckade försök?')).toBe('lock account efter failed attempts?');
  });

  it('splits an unknown compound into parts the glossary or the library knows', () => {
    // "kund" + "data": the glossary gives "customer", the library knows "data".
    expect(bridge.bridge('Krypteras kunddata?').toLowerCase()).toContain('customer data');
    // "användar" (of "användare") + "konton", "inloggnings" (linking -s-) + "försök".
    expect(bridge.bridge('användarkonton')).toBe('user account');
    expect(bridge.bridge('inloggningsförsök')).toBe('login authentication attempts');
  });

  it('reads a word by the glossary word spelt most like it where two share a Swedish stem', () => {
    const none = createLanguageBridge({ isKnown: () => false });
    // "dator" and "data" share the stem "dat"; "styra" and "styrelse" share "styr".
    expect(none.bridge('datorer')).toBe('computers');
    expect(none.bridge('data')).toBe('data');
    expect(none.bridge('styrelsen')).toBe('board management body');
    expect(none.bridge('styr')).toBe('control manage');
  });

  it('takes a glossary word only for its own inflections, not for another word sharing its stem', () => {
    const none = createLanguageBridge({ isKnown: () => false });
    // "använder" (uses) is a form of "använda" (use), not of "användare" (user), which shares the stem "använd".
    expect(none.bridge('använder')).toBe('use');
    // "händer" (happens) shares only the stem "händ" with "händelse" (event).
    expect(none.bridge('händer')).toBe('händer');
    // Inflections still read: the word whole ("händelse": händelser) and with a dropped final vowel ("granska":
    // granskade).
    expect(none.bridge('händelser')).toBe('events');
    expect(none.bridge('granskade')).toBe('review');
  });

  it('leaves words the library knows, stop words and words with no reading as they are', () => {
    expect(bridge.bridge('Are customer data encrypted?')).toBe('Are customer data encrypted?');
    expect(bridge.bridge('Har ni xyzzyqwerty?')).toBe('Har ni xyzzyqwerty?');
  });

  it('keeps a Swedish library its own words, splitting only compounds it does not know', () => {
    const swedish = libraryOf(['Kundens data lagras i Sverige.', 'Konton låses efter misslyckade försök.']);
    const own = createLanguageBridge({ isKnown: knownIn(swedish) });
    expect(own.bridge('Låses konton?')).toBe('Låses konton?');
    // "kund" is unknown as a word of its own here, so the glossary reads it; "data" stays Swedish text.
    expect(own.bridge('kunddata')).toBe('customer data');
    // A modifier reads as its word, without the linking -s- ("lösenords-" is "lösenord").
    const passwords = createLanguageBridge({ isKnown: knownIn(libraryOf(['Lösenord byts vid varje byte av roll.'])) });
    expect(passwords.bridge('lösenordsbyten')).toBe('lösenord byten');
  });
});

describe('a Swedish questionnaire against an English library', () => {
  const entries: MatchableEntry[] = [
    ['lockout', 'Are user accounts locked after a number of failed login attempts?'],
    ['encryption', 'Is customer data encrypted at rest and in transit?'],
    ['review', 'Are access rights reviewed at least annually?'],
    ['backup', 'Are backups tested by restoring them regularly?'],
    ['training', 'Do employees receive security awareness training?'],
  ].map(([slug, question]) => ({
    slug: slug ?? '',
    question: question ?? '',
    answer: '',
    alternativePhrasings: [],
    controls: [],
    category: 'Security',
    tags: [],
  }));

  it('finds the entry through the glossary and the compound parts', () => {
    const matcher = createMatcher(entries);
    expect(matcher.match('Spärras användarkonton efter upprepade misslyckade inloggningsförsök?')[0]?.slug).toBe(
      'lockout',
    );
    expect(matcher.match('Granskas behörigheterna minst en gång per år?')[0]?.slug).toBe('review');
    expect(matcher.match('Testar ni återläsning av säkerhetskopior regelbundet?')[0]?.slug).toBe('backup');
  });

  it('keeps the "Yes." of an English answer for a Swedish question that expects a yes or no', () => {
    const withYes = entries.map((entry) =>
      entry.slug === 'encryption' ? { ...entry, answer: 'Yes. All customer data is encrypted with AES-256.' } : entry,
    );
    const matcher = createMatcher(withYes);
    expect(matcher.match('Krypteras kunddata?')[0]?.draftAnswer).toBe(
      'Yes. All customer data is encrypted with AES-256.',
    );
    // A question that does not expect one gets the statement without it.
    expect(matcher.match('Hur krypteras kunddata?')[0]?.draftAnswer).toBe(
      'All customer data is encrypted with AES-256.',
    );
  });

  it('tells a Swedish question from an English one by its words', () => {
    expect(readsSwedish('Krypteras kunddata?')).toBe(true);
    expect(readsSwedish('Granskas behörigheter regelbundet?')).toBe(true);
    expect(readsSwedish('Is customer data encrypted?')).toBe(false);
    expect(readsSwedish('Data policy?')).toBe(false);
  });

  it('finds nothing for those questions without the bridge', () => {
    const matcher = createMatcher(entries, { features: { bridge: false } });
    expect(matcher.match('Spärras användarkonton efter upprepade misslyckade inloggningsförsök?')[0]?.slug).not.toBe(
      'lockout',
    );
  });
});

describe('hostile words', () => {
  it('does not try to split a word longer than a compound can be', () => {
    const bridge = createLanguageBridge({ isKnown: knownIn(libraryOf(['Customer data is encrypted.'])) });
    const long = 'kund'.repeat(1_000);
    expect(bridge.bridge(long)).toBe(long);
    // A compound of ordinary length still splits.
    expect(bridge.bridge('kunddatakrav')).toBe('customer data requirements');
  });
});
