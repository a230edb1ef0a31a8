import { describe, expect, it } from 'vitest';
import { analyzeWord } from './analyzer.js';
import { createSearchIndex, SearchIndex } from './search-index.js';
import type { HighlightSegment, SearchDocument } from './types.js';

function createDocument(overrides: Partial<SearchDocument> & Pick<SearchDocument, 'id'>): SearchDocument {
  return {
    question: '',
    phrasings: [],
    answer: '',
    category: { slug: 'security', name: 'Security' },
    tags: [],
    controls: [],
    ...overrides,
  };
}

const corpus: SearchDocument[] = [
  createDocument({
    id: 'encryption-at-rest',
    question: 'Is customer data encrypted at rest?',
    phrasings: ['Do you encrypt stored data?'],
    answer: 'Yes. All customer data is encrypted at rest with AES-256, using keys held in a managed KMS.',
    tags: [
      { slug: 'encryption', name: 'Encryption' },
      { slug: 'data', name: 'Data' },
    ],
    controls: ['A.8.24'],
  }),
  createDocument({
    id: 'logging',
    question: 'How long do you keep audit logs?',
    answer: 'Audit logs are kept for one year. Log archives are stored with encryption enabled.',
    category: { slug: 'operations', name: 'Operations' },
    tags: [{ slug: 'logging', name: 'Logging' }],
    controls: ['A.8.15'],
  }),
  createDocument({
    id: 'mfa',
    question: 'Do employees use multi-factor authentication?',
    answer: 'Every employee signs in with a hardware security key as the second factor.',
    category: { slug: 'access', name: 'Access control' },
    tags: [{ slug: 'identity', name: 'Identity' }],
    controls: ['A.5.17'],
  }),
  createDocument({
    id: 'sso',
    question: 'Can customers log in through their identity provider?',
    answer: 'Yes, enterprise plans support SSO via SAML and OpenID Connect, and customers can require 2FA.',
    category: { slug: 'access', name: 'Access control' },
    tags: [
      { slug: 'identity', name: 'Identity' },
      { slug: 'enterprise', name: 'Enterprise' },
    ],
  }),
  createDocument({
    id: 'kryptering',
    question: 'Hur hanteras krypteringen av säkerhetskopior?',
    answer: 'Alla säkerhetskopior skyddas med kryptering och förvaras inom EU.',
    category: { slug: 'svenska', name: 'Svenska' },
    tags: [{ slug: 'data', name: 'Data' }],
  }),
  createDocument({
    id: 'continuity',
    question: 'Do you have a business continuity plan?',
    answer: 'Our BCP covers disaster recovery and is tested every year.',
    category: { slug: 'resilience', name: 'Resilience' },
  }),
  createDocument({
    id: 'pentest',
    question: 'Do you run regular pentests?',
    answer: 'An external firm runs a pentest every year and we fix findings by severity.',
    tags: [{ slug: 'testing', name: 'Testing' }],
  }),
  createDocument({
    id: 'vulnerabilities',
    question: 'How do you handle vulnerabilities in dependencies?',
    answer: 'Dependencies are scanned daily and critical issues are patched within 48 hours.',
    tags: [{ slug: 'testing', name: 'Testing' }],
    controls: ['A.8.8'],
  }),
];

function ids(index: SearchIndex, query: string, options?: Parameters<SearchIndex['search']>[1]): string[] {
  return index.search(query, options).hits.map((hit) => hit.id);
}

function join(segments: HighlightSegment[]): string {
  return segments.map((segment) => segment.text).join('');
}

function marked(segments: HighlightSegment[]): string[] {
  return segments.filter((segment) => segment.isMatch).map((segment) => segment.text);
}

describe('SearchIndex ranking', () => {
  const index = createSearchIndex(corpus);

  it('ranks a question match above an answer-only match', () => {
    // "encryption" is in the logging answer only, and in the encryption entry's question stem.
    expect(ids(index, 'encrypted').indexOf('encryption-at-rest')).toBeLessThan(
      ids(index, 'encrypted').indexOf('logging'),
    );
    expect(ids(index, 'encrypted')[0]).toBe('encryption-at-rest');
  });

  it('weighs the question above phrasings, tags and the answer', () => {
    const filler = 'Some unrelated words pad this field out.';
    const matching = `Firewall rules. ${filler}`;
    const plain = { question: filler, phrasings: [filler], answer: filler, tags: [{ slug: 'misc', name: 'Misc' }] };
    const fielded = createSearchIndex([
      createDocument({ ...plain, id: 'in-answer', answer: matching }),
      createDocument({ ...plain, id: 'in-question', question: matching }),
      createDocument({ ...plain, id: 'in-phrasing', phrasings: [matching] }),
      createDocument({ ...plain, id: 'in-tag', tags: [{ slug: 'firewall', name: 'Firewall' }] }),
    ]);
    expect(ids(fielded, 'firewall')).toEqual(['in-question', 'in-phrasing', 'in-tag', 'in-answer']);
  });

  it('ranks an exact phrase above the same words apart', () => {
    const phrased = createSearchIndex([
      createDocument({ id: 'apart', question: 'Is rest of the data kept safe?' }),
      createDocument({ id: 'phrase', question: 'Is the data at rest kept safe?' }),
    ]);
    expect(ids(phrased, 'data at rest')).toEqual(['phrase', 'apart']);
  });

  it('prefers entries matching every query word over entries matching one', () => {
    expect(ids(index, 'audit logs encryption')[0]).toBe('logging');
  });

  it('finds entries by tag, category and control id', () => {
    expect(ids(index, 'enterprise')).toEqual(['sso']);
    expect(ids(index, 'resilience')).toEqual(['continuity']);
    expect(ids(index, 'A.8.24')).toEqual(['encryption-at-rest']);
    expect(ids(index, '8.24')).toEqual(['encryption-at-rest']);
  });

  it('returns positive scores in descending order', () => {
    const { hits } = index.search('data encryption');
    expect(hits.length).toBeGreaterThan(1);
    for (let position = 1; position < hits.length; position++) {
      expect(hits[position - 1]?.score ?? 0).toBeGreaterThanOrEqual(hits[position]?.score ?? 0);
    }
    expect(hits.every((hit) => hit.score > 0)).toBe(true);
  });
});

describe('SearchIndex preferring exact wording (the public search)', () => {
  function createExactIndex(documents: SearchDocument[]): SearchIndex {
    const index = new SearchIndex({ prefersExactWording: true });
    index.replaceAll(documents);
    return index;
  }

  it('puts a word written in a question above the same stem scattered through an answer', () => {
    const index = createExactIndex([
      createDocument({
        id: 'power',
        question: 'How are power and cooling kept running?',
        phrasings: ['Do you have generator backup?'],
        answer: 'Each rack is backed by its own UPS, and generator backups are tested monthly.',
      }),
      createDocument({
        id: 'customer-backups',
        question: 'Do you back up our data automatically?',
        phrasings: ['Are customer machines backed up by default?'],
        answer: 'No; you can order the managed backup service.',
      }),
      createDocument({
        id: 'encryption',
        question: 'Is our data encrypted at rest?',
        phrasings: ['Are volumes and backups encrypted?'],
        answer: 'Volumes, images and backups are encrypted.',
      }),
    ]);
    expect(ids(index, 'backup')[0]).toBe('customer-backups');
    expect(ids(index, 'backup ')[0]).toBe('customer-backups');
  });

  it('lets a synonym phrase count no more than the word it replaces', () => {
    const index = createExactIndex([
      createDocument({
        id: 'passwords',
        question: 'How do you store passwords for console accounts?',
        phrasings: ['Do you offer multi-factor authentication?'],
        answer: 'Every user can add multi-factor authentication with a second factor.',
      }),
      createDocument({
        id: 'admin-mfa',
        question: 'Do you require MFA for administrative access?',
        answer: 'Every employee signs in with a hardware key, and sessions are recorded.',
      }),
    ]);
    expect(ids(index, 'mfa')).toEqual(['admin-mfa', 'passwords']);
  });

  it('finds names written with and without a space between letters and digits', () => {
    const index = createExactIndex([
      createDocument({ id: 'soc', question: 'Do you have a SOC 2 report?' }),
      createDocument({ id: 'nis', question: 'Are you covered by NIS2?' }),
      createDocument({ id: 'iso', question: 'Are you certified to ISO 27001?' }),
      createDocument({ id: 'aes', question: 'Which ciphers do you use?', answer: 'We use AES-256.' }),
      createDocument({ id: 'noise', question: 'Do you report 2 incidents a year?' }),
    ]);
    expect(ids(index, 'soc2')[0]).toBe('soc');
    expect(ids(index, 'nis 2')[0]).toBe('nis');
    expect(ids(index, 'NIS2')[0]).toBe('nis');
    expect(ids(index, 'iso27001')[0]).toBe('iso');
    expect(ids(index, 'aes256')[0]).toBe('aes');
    expect(index.search('soc2').suggestions).toEqual([]);
  });

  it('matches a one-word spelling with its hyphenated or written-apart form in a question', () => {
    const index = createExactIndex([
      createDocument({ id: 'mail', question: 'Do you send alerts by e-mail?' }),
      createDocument({ id: 'failover', question: 'Do you test fail over between zones?' }),
      createDocument({ id: 'other', question: 'Do you mail printed reports?', answer: 'Zones fail rarely.' }),
    ]);
    expect(ids(index, 'email')).toEqual(['mail']);
    expect(ids(index, 'failover')).toEqual(['failover']);
  });

  it('marks only real words, never its exact-wording keys, as matched', () => {
    const index = createExactIndex([createDocument({ id: 'mfa', question: 'Do you require MFA?' })]);
    expect(index.search('mfa').hits[0]?.matchedTerms).toEqual(['mfa']);
  });

  it('is off unless asked for, so other rankers keep the plain engine', () => {
    const documents = [createDocument({ id: 'iso', question: 'Are you certified to ISO 27001?' })];
    const plain = new SearchIndex();
    plain.replaceAll(documents);
    expect(ids(plain, 'iso27001')).toEqual([]);
    expect(ids(createSearchIndex(documents), 'iso27001')).toEqual(['iso']);
  });

  it('takes a document and its exact-wording keys back out on removal', () => {
    const index = createExactIndex([
      createDocument({ id: 'a', question: 'Do you back up data?' }),
      createDocument({ id: 'b', question: 'Where is data stored?' }),
    ]);
    index.remove('a');
    expect(ids(index, 'backup')).toEqual([]);
    index.upsert(createDocument({ id: 'a', question: 'Do you back up data?' }));
    expect(ids(index, 'backup')).toEqual(['a']);
  });
});

describe('SearchIndex stemming', () => {
  const index = createSearchIndex(corpus);

  it('matches English inflections through a shared stem', () => {
    expect(ids(index, 'encrypt')).toContain('encryption-at-rest');
    expect(ids(index, 'vulnerability')).toContain('vulnerabilities');
  });

  it('finds a text in British spelling by its American spelling, and the other way round', () => {
    const spelt = createSearchIndex([
      createDocument({ id: 'awareness', question: 'Do you run a security awareness programme?' }),
      createDocument({ id: 'centre', question: 'Is every data centre certified?' }),
      createDocument({ id: 'anonymized', question: 'Is test data anonymized?' }),
    ]);
    // Found as words of the vocabulary, not as typos of them: no correction is suggested, and the match is the term.
    for (const [query, id] of [
      ['program awareness', 'awareness'],
      ['center data', 'centre'],
      ['anonymised test', 'anonymized'],
    ] as const) {
      const result = spelt.search(`${query} `);
      expect(result.hits[0]?.id, query).toBe(id);
      expect(result.suggestions, query).toEqual([]);
      expect(result.hits[0]?.matchedTerms, query).toContain(analyzeWord(query.split(' ')[0] ?? '')[0]);
    }
  });

  it('matches Swedish inflections through a shared stem', () => {
    expect(ids(index, 'kryptering')[0]).toBe('kryptering');
    expect(ids(index, 'krypteringen')[0]).toBe('kryptering');
    expect(ids(index, 'säkerhetskopia')).toContain('kryptering');
  });
});

describe('SearchIndex synonyms', () => {
  const index = createSearchIndex(corpus);

  it('finds a spelled-out phrase from an abbreviation', () => {
    expect(ids(index, '2FA')).toContain('mfa');
    expect(ids(index, 'MFA')).toContain('mfa');
  });

  it('finds an abbreviation from a spelled-out phrase', () => {
    expect(ids(index, 'two-factor authentication')).toEqual(expect.arrayContaining(['mfa', 'sso']));
    expect(ids(index, 'single sign-on')[0]).toBe('sso');
    expect(ids(index, 'penetration test')[0]).toBe('pentest');
  });

  it('crosses languages', () => {
    expect(ids(index, 'backup')).toContain('kryptering');
    expect(ids(index, 'encryption')).toContain('kryptering');
  });

  it('ranks the literal word above its synonym', () => {
    const hits = ids(index, 'BCP');
    expect(hits[0]).toBe('continuity');
    const literal = index.search('encryption').hits.find((hit) => hit.id === 'logging');
    const synonym = index.search('kryptering').hits.find((hit) => hit.id === 'logging');
    expect(literal?.score ?? 0).toBeGreaterThan(synonym?.score ?? 0);
  });

  it('requires every word of a multi-word synonym', () => {
    // "disaster recovery" is a DR synonym; a lone "recovery" elsewhere must not count for it.
    const index = createSearchIndex([
      createDocument({ id: 'recovery-only', question: 'Key recovery', answer: 'Lost keys can be recovered.' }),
      createDocument({ id: 'disaster-only', question: 'Disaster drills', answer: 'We rehearse yearly.' }),
      createDocument({ id: 'both', question: 'Disaster recovery', answer: 'A second region takes over.' }),
    ]);
    expect(ids(index, 'DR ')).toEqual(['both']);
  });

  it('uses custom synonym groups when given', () => {
    const custom = new SearchIndex({ synonyms: [['widget', 'gadget']] });
    custom.replaceAll([createDocument({ id: 'gadget', question: 'Gadget support' })]);
    expect(ids(custom, 'widget')).toEqual(['gadget']);
  });
});

describe('SearchIndex prefix and typo tolerance', () => {
  const index = createSearchIndex(corpus);

  it('completes the last word as the user types', () => {
    expect(ids(index, 'encr')).toContain('encryption-at-rest');
    expect(ids(index, 'customer encr')[0]).toBe('encryption-at-rest');
  });

  it('does not complete a word followed by a space', () => {
    expect(ids(index, 'encr ')).toEqual([]);
  });

  it('tolerates one typo in words of four letters or more', () => {
    expect(ids(index, 'encrypton')).toContain('encryption-at-rest');
    expect(ids(index, 'pentets')).toContain('pentest');
  });

  it('tolerates two typos in words of eight letters or more, but not in short words', () => {
    expect(ids(index, 'dependancys')).toContain('vulnerabilities');
    expect(ids(index, 'lgo ')).toEqual([]);
  });

  it('ranks an exact match above a typo match', () => {
    const exact = index.search('logs').hits.find((hit) => hit.id === 'logging');
    const typo = index.search('lohs').hits.find((hit) => hit.id === 'logging');
    expect(exact?.score ?? 0).toBeGreaterThan(typo?.score ?? 0);
  });
});

describe('SearchIndex filters and pagination', () => {
  const index = createSearchIndex(corpus);

  it('keeps only the requested category', () => {
    expect(ids(index, 'identity', { filters: { category: 'access' } })).toEqual(expect.arrayContaining(['mfa', 'sso']));
    expect(ids(index, 'encryption', { filters: { category: 'operations' } })).toEqual(['logging']);
  });

  it('requires every requested tag', () => {
    expect(ids(index, 'identity', { filters: { tags: ['identity', 'enterprise'] } })).toEqual(['sso']);
    expect(ids(index, 'data', { filters: { tags: ['data'] } }).sort()).toEqual(['encryption-at-rest', 'kryptering']);
    expect(index.search('data', { filters: { tags: ['data', 'missing'] } }).total).toBe(0);
  });

  it('counts every match in total and pages through them without overlap', () => {
    const all = index.search('data encryption key', { limit: 100 });
    expect(all.total).toBe(all.hits.length);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const first = index.search('data encryption key', { limit: 2 });
    const second = index.search('data encryption key', { limit: 2, offset: 2 });
    expect(first.total).toBe(all.total);
    expect(first.hits.map((hit) => hit.id)).toEqual(all.hits.slice(0, 2).map((hit) => hit.id));
    expect(second.hits.map((hit) => hit.id)).toEqual(all.hits.slice(2, 4).map((hit) => hit.id));
  });

  it('defaults to ten hits and tolerates nonsense paging values', () => {
    const many = createSearchIndex(
      Array.from({ length: 25 }, (_, number) =>
        createDocument({ id: `entry-${number}`, question: `Backup question ${number}` }),
      ),
    );
    expect(many.search('backup').hits).toHaveLength(10);
    expect(many.search('backup').total).toBe(25);
    expect(many.search('backup', { limit: -5 }).hits).toHaveLength(0);
    expect(many.search('backup', { limit: Number.NaN, offset: Number.POSITIVE_INFINITY }).hits).toHaveLength(10);
    expect(many.search('backup', { offset: 20 }).hits).toHaveLength(5);
  });

  it('counts facets for a query and for everything', () => {
    expect(index.facetCounts('identity').categories).toEqual({ access: 2 });
    expect(index.facetCounts().categories.security).toBe(3);
    expect(index.facetCounts('', { tags: ['testing'] }).tags).toEqual({ testing: 2 });
  });
});

describe('SearchIndex highlighting', () => {
  const index = createSearchIndex(corpus);

  it('segments the question so that it reconstructs exactly and marks matched words', () => {
    const hit = index.search('encrypted data').hits[0];
    expect(hit?.id).toBe('encryption-at-rest');
    expect(join(hit?.question ?? [])).toBe('Is customer data encrypted at rest?');
    expect(marked(hit?.question ?? [])).toEqual(['data', 'encrypted']);
  });

  it('marks words matched through synonyms, prefixes and typos', () => {
    expect(marked(index.search('2FA').hits.find((hit) => hit.id === 'mfa')?.question ?? [])).toEqual([
      'multi',
      'factor',
      'authentication',
    ]);
    expect(marked(index.search('encr').hits.find((hit) => hit.id === 'encryption-at-rest')?.question ?? [])).toEqual([
      'encrypted',
    ]);
    expect(marked(index.search('custmer').hits[0]?.question ?? [])).toEqual(['customer']);
  });

  it('builds the snippet from the answer around the matches', () => {
    const hit = index.search('AES').hits[0];
    expect(marked(hit?.snippet ?? [])).toEqual(['AES']);
    expect(corpus[0]?.answer).toContain(join(hit?.snippet ?? []));
  });

  it('falls back to a matching phrasing when the answer does not match', () => {
    const hit = index.search('stored').hits.find((entry) => entry.id === 'encryption-at-rest');
    expect(join(hit?.snippet ?? [])).toBe('Do you encrypt stored data?');
    expect(marked(hit?.snippet ?? [])).toEqual(['stored']);
  });

  it('lists the matched stems of each hit', () => {
    const hit = index.search('encrypted').hits.find((entry) => entry.id === 'encryption-at-rest');
    expect(hit?.matchedTerms).toContain('encrypt');
    expect(hit?.matchedTerms).not.toContain('data');
  });
});

describe('SearchIndex suggestions', () => {
  const index = createSearchIndex(corpus);

  it('proposes the corrected query for a misspelling', () => {
    expect(index.search('encrypton').suggestions[0]).toBe('encryption');
    expect(index.search('customer encrypton at rest').suggestions[0]).toBe('customer encryption at rest');
  });

  it('returns at most three suggestions, all distinct', () => {
    const { suggestions } = index.search('encrypton vulnerabilites');
    expect(suggestions[0]).toBe('encryption vulnerabilities');
    expect(suggestions.length).toBeGreaterThan(1);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(new Set(suggestions).size).toBe(suggestions.length);
  });

  it('stays quiet when every word is known or being typed', () => {
    expect(index.search('customer data').suggestions).toEqual([]);
    expect(index.search('encr').suggestions).toEqual([]);
  });

  it('suggests even when there are no hits at all', () => {
    const result = index.search('zzq encryptoin');
    expect(result.suggestions).toContain('zzq encryption');
  });
});

describe('SearchIndex updates', () => {
  it('replaces a document on upsert so old words no longer match', () => {
    const index = createSearchIndex(corpus);
    index.upsert(createDocument({ id: 'logging', question: 'How long do you keep traces?', answer: 'Ninety days.' }));
    expect(index.size).toBe(corpus.length);
    expect(ids(index, 'audit')).toEqual([]);
    expect(ids(index, 'traces')).toEqual(['logging']);
    expect(index.search('encryption').hits.map((hit) => hit.id)).not.toContain('logging');
  });

  it('adds new documents and new words on upsert', () => {
    const index = createSearchIndex(corpus);
    index.upsert(
      createDocument({ id: 'sbom', question: 'Do you publish an SBOM?', answer: 'Yes, in CycloneDX format.' }),
    );
    expect(index.size).toBe(corpus.length + 1);
    expect(ids(index, 'cyclonedx')).toEqual(['sbom']);
    expect(ids(index, 'cyclo')).toEqual(['sbom']);
    expect(ids(index, 'software bill of materials')).toEqual(['sbom']);
  });

  it('forgets removed documents, their words and their suggestions', () => {
    const index = createSearchIndex(corpus);
    index.remove('pentest');
    index.remove('does-not-exist');
    expect(index.size).toBe(corpus.length - 1);
    expect(ids(index, 'pentest')).toEqual([]);
    expect(ids(index, 'firm')).toEqual([]);
    expect(index.search('pentets').suggestions).toEqual([]);
  });

  it('gives the same results after incremental updates as after a rebuild', () => {
    const incremental = createSearchIndex([]);
    for (const document of corpus) incremental.upsert(document);
    incremental.upsert(
      createDocument({ id: 'temporary', question: 'Encryption of temporary files', answer: 'Encrypted.' }),
    );
    incremental.remove('temporary');
    const rebuilt = createSearchIndex(corpus);
    for (const query of ['encryption', 'data at rest', '2FA', 'kryptering', 'encr', 'vulnerabilty']) {
      const left = incremental.search(query);
      const right = rebuilt.search(query);
      expect(left.hits.map((hit) => hit.id)).toEqual(right.hits.map((hit) => hit.id));
      left.hits.forEach((hit, position) => {
        expect(hit.score).toBeCloseTo(right.hits[position]?.score ?? 0, 9);
      });
    }
  });

  it('survives heavy churn of the same document', () => {
    const index = createSearchIndex(corpus);
    for (let round = 0; round < 3_000; round++) {
      index.upsert(createDocument({ id: 'churn', question: `Revision ${round}`, answer: 'Changing text.' }));
    }
    expect(index.size).toBe(corpus.length + 1);
    expect(ids(index, 'revision')).toEqual(['churn']);
    expect(join(index.search('revision').hits[0]?.question ?? [])).toBe('Revision 2999');
    expect(ids(index, 'encrypted')[0]).toBe('encryption-at-rest');
  });

  it('keeps the last of duplicate ids on replaceAll', () => {
    const index = new SearchIndex();
    index.replaceAll([
      createDocument({ id: 'same', question: 'First version' }),
      createDocument({ id: 'same', question: 'Second version' }),
    ]);
    expect(index.size).toBe(1);
    expect(ids(index, 'first')).toEqual([]);
    expect(ids(index, 'second')).toEqual(['same']);
  });
});

describe('SearchIndex robustness', () => {
  const index = createSearchIndex(corpus);

  it('returns nothing for an empty, blank or stop-word-only query', () => {
    for (const query of ['', '   ', 'the of and', '?!']) {
      expect(index.search(query)).toEqual({ hits: [], total: 0, suggestions: [] });
    }
  });

  it('ignores control characters in the query', () => {
    expect(ids(index, '\u0000encrypted\u0007')).toEqual(ids(index, 'encrypted'));
  });

  it('reads only the start of a 10,000-character query, so its cost is bounded', () => {
    const words = Array.from({ length: 2_000 }, (_, position) => `word${position}`);
    const tail = ' encryption backup policy';
    const long = `${words.join(' ')}${tail}`.slice(0, 10_000 - tail.length) + tail;
    // The words at the end lie beyond the limit, so they cannot match anything.
    expect(index.search(long).total).toBe(0);
    const repeated = 'encryption data backup policy '.repeat(400).slice(0, 10_000);
    expect(ids(index, repeated)).toEqual(ids(index, 'encryption data backup policy'));
  });

  it('does not throw on binary garbage', () => {
    const garbage = String.fromCharCode(
      ...Array.from({ length: 4_096 }, (_, index) => (index * 2_654_435_761) % 65_536),
    );
    expect(() => index.search(garbage)).not.toThrow();
    expect(() => index.search('\uD800\uDFFF\uDBFF')).not.toThrow();
  });

  it('works on an empty index', () => {
    expect(new SearchIndex().search('anything')).toEqual({ hits: [], total: 0, suggestions: [] });
  });
});
