import { beforeAll, describe, expect, it } from 'vitest';
import { loadFrozenSets, type QuerySet, scoreMatcherOnSet, scorePlainBm25OnSet } from '../../bench/frozen.bench.js';
import { hasSharedDatasets, MISSING_DATASETS_REASON, SHARED_DATASETS } from '../../test/shared-datasets.js';

// The goals for libraries nobody here wrote (bench/frozen.bench.ts prints the full tables): against plain BM25 in the
// same run, every framework set gets hit@1 ≥ 1.3× and hit@3 ≥ +0.10, and no reworded set falls below it.
if (!hasSharedDatasets) it.skip(`the matcher on libraries nobody here wrote: ${MISSING_DATASETS_REASON}`);
describe.runIf(hasSharedDatasets)('the matcher on libraries nobody here wrote (NIS2 and MVSP as the library)', () => {
  let sets: QuerySet[] = [];
  beforeAll(async () => {
    sets = await loadFrozenSets(SHARED_DATASETS);
  });

  const frameworkSets = [
    'MVSP items → NIS2 library',
    'Annex A titles → NIS2 library',
    'NIS2 items → MVSP library (held out)',
    'Annex A titles → MVSP library (held out)',
  ];

  it.each(frameworkSets)('%s: hit@1 at least 1.3× and hit@3 at least 0.10 above plain BM25', (name) => {
    const set = sets.find((candidate) => candidate.name === name);
    if (set === undefined) throw new Error(`no set named ${name}`);
    const matcher = scoreMatcherOnSet(set);
    const plain = scorePlainBm25OnSet(set);
    expect(matcher.hitAt1).toBeGreaterThanOrEqual(1.3 * plain.hitAt1);
    expect(matcher.hitAt3).toBeGreaterThanOrEqual(plain.hitAt3 + 0.1);
  });

  it('never falls below plain BM25 on reworded or near-verbatim questions', () => {
    const reworded = sets.filter((set) => set.name.startsWith('Reworded') || set.name.startsWith('Near-verbatim'));
    expect(reworded.length).toBeGreaterThanOrEqual(6);
    for (const set of reworded) {
      const matcher = scoreMatcherOnSet(set);
      const plain = scorePlainBm25OnSet(set);
      expect(matcher.hitAt1, set.name).toBeGreaterThanOrEqual(plain.hitAt1);
      expect(matcher.hitAt3, set.name).toBeGreaterThanOrEqual(plain.hitAt3);
    }
  });
});
