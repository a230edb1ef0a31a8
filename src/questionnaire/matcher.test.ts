import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { libraryEntry } from '../../test/library-entry.js';
import { readContentDirectory } from '../services/content-directory.js';
import { parseContentFiles } from '../services/content-format.js';
import { toPlainText } from '../services/markdown.renderer.js';
import { rateConfidence } from './confidence.js';
import {
  createMatcher,
  draftAnswer,
  isSelfContained,
  type MatchableEntry,
  type MatchCandidate,
  type Matcher,
  matchedWords,
  withLeadIns,
} from './matcher.js';

// The example folder on purpose: how the matcher ranks only shows against a real-sized knowledge base
// (95 entries whose words overlap), which a handful of factory entries cannot stand in for.
let entries: MatchableEntry[];
let matcher: Matcher;

beforeAll(async () => {
  const parsed = parseContentFiles(await readContentDirectory(EXAMPLE_CONTENT));
  if (!parsed.ok) throw new Error('the example content must parse');
  const categories = new Map(parsed.content.categories.map((category) => [category.slug, category.name]));
  const tags = new Map(parsed.content.tags.map((tag) => [tag.slug, tag.name]));
  entries = parsed.content.entries
    .filter((entry) => entry.status === 'published')
    .map((entry) => ({
      slug: entry.slug,
      question: entry.question,
      answer: toPlainText(entry.answer),
      alternativePhrasings: entry.alternativePhrasings,
      controls: entry.controls,
      category: categories.get(entry.category) ?? entry.category,
      tags: entry.tags.map((tag) => tags.get(tag) ?? tag),
    }));
  matcher = createMatcher(entries);
});

// Customer phrasings written for this test, none copied from an entry's question or phrasings.
const LABELLED: [question: string, slug: string][] = [
  ['Is customer data encrypted when stored on disk?', 'encryption-at-rest'],
  ['The vendor must enforce SAML or OIDC single sign-on for customer users.', 'customer-sso-and-mfa'],
  [
    'Describe your process for handling reports from external security researchers.',
    'vulnerability-disclosure-program',
  ],
  ['How frequently do you restore backups to prove they work?', 'platform-backups'],
  ['Does an independent third party perform penetration tests of your service?', 'penetration-testing'],
  ['Ensure that employees complete security awareness training every year.', 'security-awareness-training'],
  ['Are new hires screened before they are given access?', 'background-checks'],
  ['What happens to laptops and badges when an employee leaves?', 'return-of-assets'],
  ['Please provide your RTO and RPO for the platform.', 'rto-and-rpo'],
  ['Which subcontractors process our personal data?', 'subprocessors'],
];

describe('createMatcher', () => {
  it.each(LABELLED)('ranks the answering entry first for "%s"', (question, slug) => {
    expect(matcher.match(question, 3)[0]?.slug).toBe(slug);
  });

  it('answers at least nine of the ten labelled questions', () => {
    const hits = LABELLED.filter(([question, slug]) => matcher.match(question, 1)[0]?.slug === slug).length;
    expect(hits).toBeGreaterThanOrEqual(9);
  });

  it('reads a requirement statement like the question it restates', () => {
    const statement = matcher.match('The vendor must publish a vulnerability disclosure policy.', 1)[0];
    const question = matcher.match('Do you have a vulnerability disclosure policy?', 1)[0];
    expect(statement?.slug).toBe('vulnerability-disclosure-program');
    expect(statement?.slug).toBe(question?.slug);
  });

  it('boosts entries carrying an Annex A control the question cites', () => {
    const plain = matcher.match('How are keys protected?', 10);
    const cited = matcher.match('How are keys protected (ISO 27001 Annex A 8.24)?', 10);
    const carrying = new Set(entries.filter((entry) => entry.controls.includes('A.8.24')).map((entry) => entry.slug));
    const best = cited[0];
    expect(best && carrying.has(best.slug)).toBe(true);
    expect(best?.reasons.controls).toEqual(['A.8.24']);
    const before = plain.find((candidate) => candidate.slug === best?.slug)?.score ?? 0;
    expect(best?.score ?? 0).toBeGreaterThan(before);
  });

  it('counts accepted phrasings as phrasings of their entry', () => {
    const question = 'Tell us about the Norrsken tabletop rehearsal cadence';
    const without = createMatcher(entries).match(question, 1)[0];
    const withAccepted = createMatcher(entries, {
      acceptedPhrasings: new Map([['business-continuity-plan', ['Norrsken tabletop rehearsal cadence']]]),
    }).match(question, 1)[0];
    expect(withAccepted?.slug).toBe('business-continuity-plan');
    expect(withAccepted?.score ?? 0).toBeGreaterThan(
      without?.slug === 'business-continuity-plan' ? (without.score ?? 0) : 0,
    );
  });

  it('leads a yes/no question with "Yes." and leaves an open question without a lead', () => {
    const yes = matcher.match('Do you encrypt data at rest?', 1)[0];
    expect(yes?.draftAnswer.startsWith('Yes. ')).toBe(true);
    const open = matcher.match('Describe how data at rest is encrypted.', 1)[0];
    expect(open?.slug).toBe(yes?.slug);
    expect(open?.draftAnswer.startsWith('Yes')).toBe(false);
  });

  it('normalises scores to 0..1 with the best first and rates confidence', () => {
    const candidates = matcher.match('Do you support multi-factor authentication for administrators?', 5);
    expect(candidates).toHaveLength(5);
    for (const candidate of candidates) {
      expect(candidate.score).toBeGreaterThanOrEqual(0);
      expect(candidate.score).toBeLessThanOrEqual(1);
    }
    const scores = candidates.map((candidate) => candidate.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
    expect(candidates[0]?.confidence).not.toBe('none');
    expect(candidates[0]?.reasons.matchedTerms.length).toBeGreaterThan(0);
  });

  it('gives nothing, or nothing confident, for an unrelated question', () => {
    const candidates = matcher.match('What is your favourite colour of bicycle?', 3);
    expect(candidates.every((candidate) => candidate.confidence === 'low' || candidate.confidence === 'none')).toBe(
      true,
    );
    expect(matcher.match('', 3)).toEqual([]);
  });

  it('reads a terse question under its section heading', () => {
    // "Frequency?" alone means nothing; under its heading it asks about backups.
    const bare = matcher.match('How often, and where are copies kept?', 3);
    const underHeading = matcher.match('How often, and where are copies kept?', 3, { section: 'Backups' });
    const backupEntries = new Set(['platform-backups', 'customer-data-backups']);
    expect(backupEntries.has(underHeading[0]?.slug ?? '')).toBe(true);
    expect(bare.findIndex((candidate) => backupEntries.has(candidate.slug))).not.toBe(0);
  });

  it('matches a section of a questionnaire together, so its terse items follow the section topic', () => {
    const backups = ['Frequency', 'Retention period', 'Copies kept in a second location', 'Restores are tested'];
    const incidents = [
      'Containment',
      'Eradication and recovery',
      'Informing affected customers',
      'Review after closure',
    ];
    const questions = [
      ...backups.map((text) => ({ text, section: 'Backup and recovery' })),
      ...incidents.map((text) => ({ text, section: 'Incident management' })),
      { text: 'Is data encrypted at rest?', section: null },
    ];
    const results = matcher.matchQuestionnaire(questions, 3);
    expect(results).toHaveLength(questions.length);
    const carrying = (pattern: RegExp) =>
      new Set(entries.filter((entry) => entry.controls.some((control) => pattern.test(control))).map((e) => e.slug));
    const backupEntries = carrying(/^A\.8\.13$/);
    const incidentEntries = carrying(/^A\.5\.2[4-8]$/);
    for (const candidates of results.slice(0, 4)) expect(backupEntries.has(candidates[0]?.slug ?? '')).toBe(true);
    for (const candidates of results.slice(4, 8)) expect(incidentEntries.has(candidates[0]?.slug ?? '')).toBe(true);
    // Alone, the terse items are read as something else.
    expect(backupEntries.has(matcher.match('Frequency', 1)[0]?.slug ?? '')).toBe(false);
    expect(incidentEntries.has(matcher.match('Containment', 1)[0]?.slug ?? '')).toBe(false);
    // A question outside any section is matched on its own words only.
    expect(results[8]?.[0]?.slug).toBe(matcher.match('Is data encrypted at rest?', 1)[0]?.slug);
    for (const candidate of results.flat()) {
      expect(candidate.score).toBeGreaterThan(0);
      expect(candidate.score).toBeLessThanOrEqual(1);
    }
  });

  it('leans on a broad section far less, so a specific question keeps its own answer', () => {
    // Questions written for this test: one heading over several unrelated topics, as long templates have.
    const section = 'Information Security > Detect';
    const questions = [
      'Are security events logged centrally and watched around the clock?',
      'How long are audit logs kept?',
      'Do alerts reach an on-call analyst?',
      'Do you scan software from suppliers for known vulnerabilities before it is installed?',
      'Do you keep a formal business continuity plan for losing a site or many staff?',
      'Is anti-malware software installed on every server?',
    ].map((text) => ({ text, section }));
    const results = matcher.matchQuestionnaire(questions, 3);
    const alone = questions.map((question) => matcher.match(question.text, 1, { section })[0]?.slug);
    expect(results[4]?.[0]?.slug).toBe('business-continuity-plan');
    expect(results[5]?.[0]?.slug).toBe('malware-protection');
    // Every question keeps the entry its own words lead to.
    expect(results.map((candidates) => candidates[0]?.slug)).toEqual(alone);
  });

  it('reads the list items after a lead-in with the lead-in in front', () => {
    const questions = [
      { text: 'Tell affected customers about a security incident. The notice includes:', section: 'Incidents' },
      { text: '- What happened', section: 'Incidents' },
      { text: '- Who to contact', section: 'Incidents' },
    ];
    const notification = entries.filter((entry) => entry.controls.includes('A.5.26')).map((entry) => entry.slug);
    const results = matcher.matchQuestionnaire(questions, 1);
    for (const candidates of results) expect(notification).toContain(candidates[0]?.slug);
    // Alone, "- Who to contact" is not about incidents at all.
    expect(notification).not.toContain(matcher.match('- Who to contact', 1)[0]?.slug);
  });

  it('gives an empty list for an empty question inside a questionnaire', () => {
    const results = matcher.matchQuestionnaire([{ text: '  ', section: 'Backups' }, { text: 'Backups?' }], 3);
    expect(results[0]).toEqual([]);
    expect(results[1]?.length).toBeGreaterThan(0);
  });

  it('finds the entries of a control through the pooled wording of the entries carrying it', () => {
    const question = 'Deactivate redundant accounts and expired access grants promptly';
    const without = createMatcher(entries, { features: { controlProfiles: false } }).match(question, 5);
    const withProfiles = matcher.match(question, 5);
    const accessEntries = new Set(
      entries.filter((entry) => entry.controls.some((control) => /^A\.5\.1[5-8]$/.test(control))).map((e) => e.slug),
    );
    const share = (candidates: { slug: string }[]) =>
      candidates.filter((candidate) => accessEntries.has(candidate.slug)).length;
    expect(share(withProfiles)).toBeGreaterThanOrEqual(share(without));
    expect(accessEntries.has(withProfiles[0]?.slug ?? '')).toBe(true);
  });
});

// Words of the field that the example entries do not use, each tied to the entry a person would pick.
const VOCABULARY: [question: string, slug: string][] = [
  ['Access to sensitive data is limited to staff with a legitimate need.', 'least-privilege-and-privileged-access'],
  ['Do you tell the competent authority about major breaches?', 'nis2-incident-reporting'],
  ['Which ORM do you use?', 'secure-development-lifecycle'],
  ['Are queries built with prepared statements?', 'secure-development-lifecycle'],
];

describe('domain vocabulary', () => {
  it.each(VOCABULARY)('leads "%s" to %s', (question, slug) => {
    expect(matcher.match(question, 3)[0]?.slug).toBe(slug);
  });

  it('does not find those entries first from the literal words alone', () => {
    const literal = createMatcher(entries, { features: { expansions: false } });
    const firsts = VOCABULARY.map(([question]) => literal.match(question, 1)[0]?.slug);
    expect(firsts.filter((first, index) => first === VOCABULARY[index]?.[1]).length).toBeLessThan(VOCABULARY.length);
  });
});

describe('withLeadIns', () => {
  it('puts a lead-in ending with a colon in front of the list items that follow it, and only those', () => {
    expect(
      withLeadIns([
        'Include the following in the notice:',
        '>- Nature of the breach',
        '• Contact details',
        'a) measures taken',
        'Do you log access?',
        '- not a list item after a question',
      ]),
    ).toEqual([
      'Include the following in the notice:',
      'Include the following in the notice: Nature of the breach',
      'Include the following in the notice: Contact details',
      'Include the following in the notice: measures taken',
      'Do you log access?',
      '- not a list item after a question',
    ]);
  });
});

describe('Swedish questions', () => {
  it.each([
    ['Krypteras vår data i vila?', 'encryption-at-rest'],
    ['Var lagras våra data?', 'data-residency'],
    ['Använder ni underbiträden?', 'subprocessors'],
    ['Har ni en plan för kontinuitetshantering?', 'business-continuity-plan'],
    ['Hur länge sparas loggar?', 'security-logging-and-siem'],
    ['Gör ni bakgrundskontroller av anställda?', 'background-checks'],
    ['Vilken tillgänglighet garanterar ni?', 'availability-commitment'],
    ['Har ni en informationssäkerhetspolicy?', 'information-security-policy'],
    ['Hur klassificeras information hos er?', 'information-classification'],
    ['Var ligger era datacenter?', 'data-center-locations'],
    ['Vilka underleverantörer använder ni?', 'subprocessors'],
    ['Krypteras trafiken?', 'encryption-in-transit'],
    ['Hur segmenteras nätverket?', 'network-segmentation'],
    ['Hur hanterar ni sårbarheter och uppdateringar?', 'vulnerability-management-and-patching'],
  ])('leads "%s" to %s through the Swedish words of the synonym groups', (question, slug) => {
    expect(matcher.match(question, 1)[0]?.slug).toBe(slug);
  });

  it.each([
    [
      'Hur snabbt meddelar ni oss vid en personuppgiftsincident?',
      'How quickly do you notify us of a personal data breach?',
    ],
    ['Vilken tillgänglighet garanterar ni?', 'What availability do you guarantee?'],
  ])('reads "%s" as its English wording "%s" is read', (swedish, english) => {
    const slugs = (question: string) => matcher.match(question, 2).map((candidate) => candidate.slug);
    expect(slugs(swedish)).toEqual(slugs(english));
    expect(slugs(swedish)).toHaveLength(2);
  });
});

describe('words no entry uses', () => {
  it('weighs a question by the synonyms of such words, so "säkerhetskopior" finds the backup entries', () => {
    const backups = new Set(entries.filter((entry) => entry.controls.includes('A.8.13')).map((entry) => entry.slug));
    const first = matcher.match('Hur ofta gör ni säkerhetskopior?', 1)[0];
    expect(backups.has(first?.slug ?? '')).toBe(true);
    expect(first?.reasons.matchedTerms).toContain('backup');
  });
});

describe('matchedWords', () => {
  it('names the question words, as written, behind the index terms a candidate matched', () => {
    const question = 'Is customer data encrypted when it is stored on disk?';
    const first = matcher.match(question, 1)[0];
    const words = matchedWords(question, first?.reasons.matchedTerms ?? []);
    expect(words).toContain('encrypted');
    expect(words.every((word) => question.toLowerCase().includes(word))).toBe(true);
    expect(matchedWords('Backups, backups and more backups?', ['backup'], 8)).toEqual(['backups']);
    expect(matchedWords('a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 3)).toHaveLength(3);
  });
});

describe('isSelfContained', () => {
  it('takes a full question for one, and a terse item or a requirement statement for neither', () => {
    expect(isSelfContained('Do you scan software from suppliers for known vulnerabilities?')).toBe(true);
    expect(isSelfContained('Frequency?')).toBe(false);
    expect(isSelfContained('Retention period of backups?')).toBe(false);
    expect(isSelfContained('Scan software from suppliers for known vulnerabilities before installing it')).toBe(false);
  });
});

describe('draftAnswer', () => {
  it('rewrites a "Yes," opening into a "Yes." lead for yes/no questions', () => {
    expect(draftAnswer('Yes, but only a few.', true)).toBe('Yes. But only a few.');
    expect(draftAnswer('No. Never.', true)).toBe('No. Never.');
    expect(draftAnswer('We rotate keys yearly.', true)).toBe('We rotate keys yearly.');
  });

  it('drops a bare "Yes." lead when the question is not a yes/no question', () => {
    expect(draftAnswer('Yes. We rotate keys yearly.', false)).toBe('We rotate keys yearly.');
    expect(draftAnswer('No, not by default.', false)).toBe('No, not by default.');
  });
});

describe('rateConfidence', () => {
  it('needs both a high score and a margin for high confidence', () => {
    expect(rateConfidence(0.9, 0.3)).toBe('high');
    expect(rateConfidence(0.9, 0)).toBe('low');
    expect(rateConfidence(0.45, 0.1)).toBe('medium');
    expect(rateConfidence(0.1, 0.1)).toBe('none');
  });

  it('caps a suggestion the question’s own words hardly support, however strong its score', () => {
    expect(rateConfidence(0.9, 0.3, { share: 0.8, rank: 1 })).toBe('high');
    // The words support it, but other entries fit them better: a person should look first.
    expect(rateConfidence(0.9, 0.3, { share: 0.8, rank: 6 })).toBe('medium');
    expect(rateConfidence(0.9, 0.3, { share: 0.2, rank: 1 })).toBe('medium');
    // Nothing but the section heading or the neighbours speaks for it.
    expect(rateConfidence(0.9, 0.3, { share: 0, rank: 40 })).toBe('low');
    expect(rateConfidence(0.1, 0.3, { share: 0, rank: 40 })).toBe('none');
  });
});

describe('confidence from the question’s own words', () => {
  // Terse items under one heading: the heading and the section pool find the backup entry for all of them,
  // but "Who approves it?" says nothing about backups, and bulk acceptance must not paste one answer into each.
  const terse = ['Who approves it?', 'How long?', 'Any exceptions?', 'Frequency?'];

  it('never rates a suggestion high or medium when only the section heading supports it', () => {
    const results = matcher.matchQuestionnaire(
      terse.map((text) => ({ text, section: 'Backups' })),
      3,
    );
    for (const candidates of results) {
      expect(candidates[0]?.slug).toBe('platform-backups');
      for (const candidate of candidates) expect(['low', 'none']).toContain(candidate.confidence);
    }
    const alone = matcher.match('Who approves it?', 3, { section: 'Backups' });
    expect(['low', 'none']).toContain(alone[0]?.confidence);
  });

  it('still rates a suggestion high when the question’s own words single it out', () => {
    const [best] = matcher.matchQuestionnaire(
      [
        { text: 'How often do you test restoring platform backups?', section: 'Backups' },
        { text: 'Frequency?', section: 'Backups' },
      ],
      3,
    );
    expect(best?.[0]?.slug).toBe('platform-backups');
    expect(best?.[0]?.confidence).toBe('high');
  });
});

describe('the library’s own control tags', () => {
  const entry = (slug: string, question: string, controls: string[]): MatchableEntry => ({
    slug,
    question,
    answer: '',
    alternativePhrasings: [],
    controls,
    category: 'Operations',
    tags: [],
  });
  const library = [
    entry('backup-schedule', 'How often are backups taken and where are backup copies kept?', ['A.8.13']),
    entry('backup-offsite', 'Are backup copies kept in another region?', ['A.8.13']),
    entry('backup-keys', 'How are the keys that encrypt backup copies managed?', ['A.8.24']),
    entry('support-hours', 'When is the support desk open?', ['A.5.24']),
    entry('laptops', 'Are laptops encrypted?', ['A.8.1']),
  ];
  const scores = (candidates: MatchCandidate[]) =>
    new Map(candidates.map((candidate) => [candidate.slug, candidate.score]));

  it('lowers a candidate whose controls the leading candidates do not share, and never raises one', () => {
    const without = scores(createMatcher(library, { weights: { controlFeedback: 0 } }).match('Backup copies', 5));
    const withFeedback = scores(createMatcher(library).match('Backup copies', 5));
    for (const [slug, score] of withFeedback) expect(score).toBeLessThanOrEqual(without.get(slug) ?? 0);
    expect(withFeedback.get('backup-schedule')).toBe(without.get('backup-schedule'));
    expect(withFeedback.get('backup-keys') ?? 0).toBeLessThan(without.get('backup-keys') ?? 0);
  });

  it('offers a candidate on another control before a sibling of the leader when their scores are close', () => {
    const siblingsFirst = createMatcher(library, { weights: { diversity: 0 } }).match('Backup copies', 3);
    expect(siblingsFirst.map((candidate) => candidate.slug)).toEqual([
      'backup-schedule',
      'backup-offsite',
      'backup-keys',
    ]);
    const diverse = createMatcher(library).match('Backup copies', 3);
    expect(diverse.map((candidate) => candidate.slug)).toEqual(['backup-schedule', 'backup-keys', 'backup-offsite']);
  });
});

describe('domain vocabulary on full questions', () => {
  const library: MatchableEntry[] = [
    {
      slug: 'sso',
      question: 'Can customers sign in through their own identity provider?',
      answer: 'Yes, with single sign-on.',
      alternativePhrasings: [],
      controls: ['A.8.5'],
      category: 'Access',
      tags: [],
    },
    {
      slug: 'sessions',
      question: 'How long does a customer session last before sign-in is required again?',
      answer: 'Twelve hours.',
      alternativePhrasings: [],
      controls: ['A.8.5'],
      category: 'Access',
      tags: [],
    },
  ];
  const scoreOf = (question: string, expansionForFullQuestions: number) =>
    createMatcher(library, { weights: { expansionForFullQuestions } })
      .match(question, 2)
      .find((candidate) => candidate.slug === 'sso')?.score ?? 0;

  it('counts the vocabulary less for a full question than for a requirement statement', () => {
    const question = 'Do customers log in to the console with SAML?';
    expect(scoreOf(question, 0.5)).toBeLessThan(scoreOf(question, 1));
    const statement = 'Customers log in to the console with SAML';
    expect(scoreOf(statement, 0.5)).toBe(scoreOf(statement, 1));
  });
});

describe('British and American spelling', () => {
  const library = [
    libraryEntry('centers', 'Which data centers host customer data?'),
    libraryEntry('residency', 'Which countries host customer data?'),
    libraryEntry('anonymized', 'Is production data anonymized before it is used in testing?'),
    libraryEntry('testing', 'Is production data used in testing?'),
    libraryEntry('awareness', 'Do all staff take part in the security awareness programme?'),
    libraryEntry('onboarding', 'Do all staff get security training when they join?'),
  ];
  const matcher = createMatcher(library);

  it.each([
    ['Which data centres host our data?', 'centers'],
    ['Is production data anonymised before testing?', 'anonymized'],
  ])('reads "%s" as the library spells it', (question, slug) => {
    const [first] = matcher.match(question, 2);
    expect(first?.slug).toBe(slug);
    expect(first?.reasons.matchedTerms.length).toBeGreaterThanOrEqual(3);
  });

  it('reads "program" as "programme", which the typo tolerance does not reach', () => {
    const [first] = matcher.match('Do staff take part in a security awareness program?', 2);
    expect(first?.slug).toBe('awareness');
    expect(first?.reasons.matchedTerms).toContain('program');
  });
});

describe('words the stemmer would merge with an unrelated word', () => {
  const library = [
    libraryEntry('authorization', 'Is authorization enforced on every API call?'),
    libraryEntry('regulators', 'Do you report significant incidents to the competent authority?'),
    libraryEntry('test-environment', 'Is the test environment monitored apart from production?'),
    libraryEntry('fire', 'Is the server room protected against fire and flooding?'),
  ];
  const matcher = createMatcher(library);

  it.each([
    ['Which authorities do you inform?', 'regulators'],
    ['Is the server room monitored for environmental hazards?', 'fire'],
  ])('does not read "%s" as a question about another topic', (question, slug) => {
    const [first] = matcher.match(question, 2);
    expect(first?.slug).toBe(slug);
  });
});
