import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { SearchDocument } from '../src/search/index.js';
import { defaultSynonymGroups, SearchIndex } from '../src/search/index.js';

/** Figures produced by one run of the search benchmark. */
export interface SearchBenchmarkFigures {
  documents: number;
  buildMs: number;
  heapGrowthMb: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  targetP95Ms: number;
  meetsTarget: boolean;
  naiveMeanMs: number;
  naiveP95Ms: number;
  /** Naive mean time divided by indexed mean time. */
  speedup: number;
}

const DOCUMENT_COUNT = 10_000;
const QUERY_COUNT = 2_000;
const WARMUP_QUERIES = 200;
const TARGET_P95_MS = 2;
const SEED = 0x7111_1e;

const SECURITY_WORDS = [
  'access',
  'account',
  'admin',
  'agreement',
  'alert',
  'antivirus',
  'application',
  'architecture',
  'assessment',
  'asset',
  'audit',
  'authentication',
  'authorization',
  'availability',
  'awareness',
  'backup',
  'baseline',
  'breach',
  'business',
  'certificate',
  'certification',
  'change',
  'classification',
  'cloud',
  'compliance',
  'confidentiality',
  'configuration',
  'container',
  'continuity',
  'contract',
  'control',
  'customer',
  'data',
  'database',
  'deletion',
  'deployment',
  'detection',
  'development',
  'device',
  'disaster',
  'disclosure',
  'employee',
  'encryption',
  'encrypted',
  'endpoint',
  'environment',
  'erasure',
  'event',
  'firewall',
  'framework',
  'governance',
  'hardening',
  'hosting',
  'identity',
  'incident',
  'information',
  'infrastructure',
  'integrity',
  'intrusion',
  'inventory',
  'isolation',
  'key',
  'keys',
  'laptop',
  'least',
  'privilege',
  'logging',
  'logs',
  'malware',
  'management',
  'monitoring',
  'network',
  'onboarding',
  'offboarding',
  'password',
  'patching',
  'penetration',
  'personal',
  'physical',
  'policy',
  'policies',
  'privacy',
  'processing',
  'processor',
  'production',
  'protection',
  'provider',
  'recovery',
  'redundancy',
  'regulation',
  'release',
  'remediation',
  'residency',
  'response',
  'restore',
  'retention',
  'review',
  'risk',
  'role',
  'rotation',
  'scanning',
  'secure',
  'security',
  'segregation',
  'server',
  'service',
  'session',
  'storage',
  'subprocessor',
  'supplier',
  'testing',
  'threat',
  'token',
  'training',
  'transfer',
  'transit',
  'rest',
  'vendor',
  'vulnerability',
  'vulnerabilities',
  'workstation',
  'mfa',
  'sso',
  'tls',
  'gdpr',
  'dpa',
  'siem',
  'hsm',
  'kms',
  'sbom',
  'isms',
  'rto',
  'rpo',
  'ddos',
  'iso',
  '27001',
  'soc',
  'nis2',
  '2fa',
  'kryptering',
  'krypteringen',
  'säkerhetskopiering',
  'sårbarhet',
  'sårbarheter',
  'behörighetsstyrning',
  'personuppgifter',
  'leverantör',
  'incidenthantering',
  'lösenord',
];
const FILLER_WORDS = [
  'we',
  'our',
  'the',
  'all',
  'are',
  'is',
  'with',
  'and',
  'for',
  'by',
  'at',
  'in',
  'on',
  'every',
  'yearly',
  'quarterly',
  'daily',
  'using',
  'within',
  'across',
  'including',
  'according',
  'to',
];
const CATEGORIES = [
  'Security',
  'Privacy',
  'Compliance',
  'Infrastructure',
  'Access control',
  'Resilience',
  'Application security',
  'Human resources',
  'Vendor management',
  'Data handling',
  'Legal',
  'Operations',
];
const TAGS = Array.from({ length: 40 }, (_, index) => `Tag ${SECURITY_WORDS[index * 3] ?? 'misc'}`);
const CONTROLS = [
  ...Array.from({ length: 37 }, (_, index) => `A.5.${index + 1}`),
  ...Array.from({ length: 8 }, (_, index) => `A.6.${index + 1}`),
  ...Array.from({ length: 14 }, (_, index) => `A.7.${index + 1}`),
  ...Array.from({ length: 34 }, (_, index) => `A.8.${index + 1}`),
];
const SYLLABLES = [
  'ka',
  'ro',
  'ti',
  'ven',
  'lu',
  'mar',
  'po',
  'sen',
  'da',
  'el',
  'fi',
  'gor',
  'hu',
  'in',
  'jo',
  'ne',
  'qua',
  'ras',
  'tu',
  'vo',
  'wen',
  'zel',
];

/** Measure index build time and query latency against a naive scan over a generated corpus. */
export async function runSearchBenchmark(): Promise<SearchBenchmarkFigures> {
  const random = createRandom(SEED);
  const randomWords = createRandomWords(random, 3_000);
  const documents = createCorpus(random, randomWords, DOCUMENT_COUNT);
  const queries = createQueries(random, randomWords, documents, QUERY_COUNT);

  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  // The public site's index (createSearchIndex): exact wording preferred, as visitors' searches run.
  const index = new SearchIndex({ prefersExactWording: process.env.SEARCH_BENCH_PLAIN !== '1' });
  index.replaceAll(documents);
  const buildMs = performance.now() - buildStart;
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;

  for (const query of queries.slice(0, WARMUP_QUERIES)) index.search(query);
  const indexedTimes = queries.map((query) => {
    const start = performance.now();
    index.search(query);
    return performance.now() - start;
  });

  const lowered = documents.map((document) =>
    [
      document.question,
      ...document.phrasings,
      document.answer,
      document.category.name,
      ...document.tags.map((tag) => tag.name),
      ...document.controls,
    ]
      .join(' ')
      .toLowerCase(),
  );
  const naiveTimes = queries.map((query) => {
    const start = performance.now();
    scanNaively(lowered, query);
    return performance.now() - start;
  });

  const indexedMean = computeMean(indexedTimes);
  const naiveMean = computeMean(naiveTimes);
  const p95Ms = computePercentile(indexedTimes, 0.95);
  return {
    documents: documents.length,
    buildMs: roundToMicroseconds(buildMs),
    heapGrowthMb: roundToMicroseconds(heapGrowthMb),
    queries: queries.length,
    p50Ms: roundToMicroseconds(computePercentile(indexedTimes, 0.5)),
    p95Ms: roundToMicroseconds(p95Ms),
    p99Ms: roundToMicroseconds(computePercentile(indexedTimes, 0.99)),
    meanMs: roundToMicroseconds(indexedMean),
    targetP95Ms: TARGET_P95_MS,
    meetsTarget: p95Ms <= TARGET_P95_MS,
    naiveMeanMs: roundToMicroseconds(naiveMean),
    naiveP95Ms: roundToMicroseconds(computePercentile(naiveTimes, 0.95)),
    speedup: roundToMicroseconds(naiveMean / indexedMean),
  };
}

// The baseline a small site might start with: every query word as a substring of every entry.
function scanNaively(lowered: readonly string[], query: string): number {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  let matches = 0;
  for (const text of lowered) {
    if (words.some((word) => text.includes(word))) matches++;
  }
  return matches;
}

// mulberry32: tiny, fast and good enough for reproducible test data.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

function createRandomWords(random: () => number, count: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const syllableCount = 2 + Math.floor(random() * 3);
    let word = '';
    for (let index = 0; index < syllableCount; index++) word += pick(random, SYLLABLES);
    words.add(word);
  }
  return [...words];
}

function createSentence(random: () => number, randomWords: readonly string[], length: number): string {
  const words: string[] = [];
  for (let index = 0; index < length; index++) {
    const roll = random();
    if (roll < 0.45) words.push(pick(random, SECURITY_WORDS));
    else if (roll < 0.75) words.push(pick(random, FILLER_WORDS));
    else words.push(pick(random, randomWords));
  }
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function createCorpus(random: () => number, randomWords: readonly string[], count: number): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (let number = 0; number < count; number++) {
    const category = pick(random, CATEGORIES);
    const tagCount = Math.floor(random() * 4);
    const tags = Array.from({ length: tagCount }, () => pick(random, TAGS));
    const sentences = 3 + Math.floor(random() * 6);
    documents.push({
      id: `entry-${number}`,
      question: `${createSentence(random, randomWords, 5 + Math.floor(random() * 8))}?`,
      phrasings: Array.from({ length: Math.floor(random() * 3) }, () => `${createSentence(random, randomWords, 6)}?`),
      answer: Array.from(
        { length: sentences },
        () => `${createSentence(random, randomWords, 8 + Math.floor(random() * 12))}.`,
      ).join(' '),
      category: { slug: slugify(category), name: category },
      tags: [...new Set(tags)].map((name) => ({ slug: slugify(name), name })),
      controls: Array.from({ length: Math.floor(random() * 3) }, () => pick(random, CONTROLS)),
    });
  }
  return documents;
}

function createQueries(
  random: () => number,
  randomWords: readonly string[],
  documents: readonly SearchDocument[],
  count: number,
): string[] {
  const synonymPhrases = defaultSynonymGroups.flat();
  const queries: string[] = [];
  while (queries.length < count) {
    const roll = random();
    if (roll < 0.25) queries.push(pick(random, SECURITY_WORDS));
    else if (roll < 0.45) {
      const length = 2 + Math.floor(random() * 3);
      queries.push(Array.from({ length }, () => pick(random, SECURITY_WORDS)).join(' '));
    } else if (roll < 0.55) {
      // A real question typed almost verbatim.
      queries.push(pick(random, documents).question.split(' ').slice(0, 6).join(' '));
    } else if (roll < 0.7) {
      const word = pick(random, SECURITY_WORDS);
      queries.push(word.slice(0, 2 + Math.floor(random() * Math.max(1, word.length - 2))));
    } else if (roll < 0.85) {
      queries.push(
        introduceTypo(
          random,
          pick(
            random,
            SECURITY_WORDS.filter((word) => word.length >= 5),
          ),
        ),
      );
    } else if (roll < 0.93) queries.push(pick(random, synonymPhrases));
    else if (roll < 0.96) queries.push(pick(random, CONTROLS));
    else queries.push(`${pick(random, randomWords)} ${introduceTypo(random, pick(random, randomWords))}`);
  }
  return queries;
}

function introduceTypo(random: () => number, word: string): string {
  const position = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, position) + word.slice(position + 1);
  if (kind === 1) return `${word.slice(0, position)}x${word.slice(position)}`;
  if (kind === 2) return `${word.slice(0, position)}q${word.slice(position + 1)}`;
  return `${word.slice(0, position)}${word.charAt(position + 1)}${word.charAt(position)}${word.slice(position + 2)}`;
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function computeMean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function computePercentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

function roundToMicroseconds(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const entryScript = process.argv[1];
if (entryScript !== undefined && import.meta.url === pathToFileURL(entryScript).href) {
  const figures = await runSearchBenchmark();
  console.log(`search benchmark: ${figures.documents} documents, ${figures.queries} queries`);
  console.log(
    `  index build        ${figures.buildMs.toFixed(1)} ms (heap ${figures.heapGrowthMb >= 0 ? '+' : ''}${figures.heapGrowthMb.toFixed(1)} MB)`,
  );
  console.log(
    `  search p50/p95/p99 ${figures.p50Ms.toFixed(3)} / ${figures.p95Ms.toFixed(3)} / ${figures.p99Ms.toFixed(3)} ms (mean ${figures.meanMs.toFixed(3)} ms)`,
  );
  console.log(`  target             p95 <= ${figures.targetP95Ms} ms: ${figures.meetsTarget ? 'met' : 'MISSED'}`);
  console.log(
    `  naive scan         mean ${figures.naiveMeanMs.toFixed(3)} ms, p95 ${figures.naiveP95Ms.toFixed(3)} ms`,
  );
  console.log(`  speedup            ${figures.speedup.toFixed(1)}x (naive mean / indexed mean)`);
}
