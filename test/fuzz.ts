import fc from 'fast-check';

/**
 * Settings of the property-based fuzz tests (`*.fuzz.test.ts`). In `npm test` they run a bounded number of
 * cases from a fixed seed, so a failure reproduces exactly; `npm run fuzz` runs many more cases from a new
 * seed each time (printed), and `TILLIT_FUZZ_SEED` replays one. Every crash found becomes a regression case in
 * the test beside the parser.
 */
export const FUZZ_SCALE = Number(process.env.TILLIT_FUZZ_SCALE ?? '1');
const seedText = process.env.TILLIT_FUZZ_SEED;

/** The seed of this run: fixed in `npm test`, random (and printed) in `npm run fuzz`. */
export const FUZZ_SEED =
  seedText === 'random' || (seedText === undefined && FUZZ_SCALE > 1)
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(seedText ?? '20261205');

if (FUZZ_SCALE > 1 || seedText !== undefined) process.stderr.write(`fuzz seed ${FUZZ_SEED}, scale ${FUZZ_SCALE}\n`);

/** fast-check parameters for a property: `runs` cases in `npm test`, scaled up in `npm run fuzz`. */
export function fuzzParameters<T>(runs: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * FUZZ_SCALE)), endOnFailure: true };
}

/** Text made of pieces that matter to parsers (delimiters, quotes, markup, odd Unicode) mixed with any characters. */
export function parserText(pieces: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength })
    .map((parts) => parts.join(''));
}

/** Pieces of text that are awkward for every text parser: line ends, NUL, BOM, surrogates, RTL and wide characters. */
export const AWKWARD_TEXT = [
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\u0000',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u202e',
  '𝔘',
  'å',
  'Ö',
  ' ',
  '',
] as const;

/** Inserts, deletes or replaces a few characters of a valid text at random places: near-valid input. */
export function mutatedText(valid: string, pieces: readonly string[] = AWKWARD_TEXT): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat({ max: Math.max(0, valid.length) }),
    fc.nat({ max: 8 }),
    fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 4 })),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let text = valid;
    for (const [at, remove, insert] of edits) {
      const position = Math.min(at, text.length);
      text = text.slice(0, position) + insert + text.slice(position + remove);
    }
    return text;
  });
}

/** Flips, overwrites or cuts bytes of a valid file at random places. */
export function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.tuple(fc.nat({ max: Math.max(0, valid.length - 1) }), fc.integer({ min: 0, max: 255 }), fc.boolean());
  return fc
    .record({ edits: fc.array(edit, { minLength: 1, maxLength: 6 }), cut: fc.option(fc.nat({ max: valid.length })) })
    .map(({ edits, cut }) => {
      const bytes = Uint8Array.from(valid);
      for (const [at, value, isFlip] of edits) bytes[at] = isFlip ? (bytes[at] ?? 0) ^ (1 << (value % 8)) : value;
      return cut === null ? bytes : bytes.subarray(0, cut);
    });
}

/** A test's time limit for `runs` cases of about `msPerRun` each, scaled like the runs (with room for a slow machine). */
export function fuzzTimeout(runs: number, msPerRun: number): number {
  return Math.max(30_000, Math.round(runs * FUZZ_SCALE * msPerRun * 4));
}

/**
 * Lets the test worker answer its runner between cases: a long synchronous run of cases blocks the worker's
 * event loop and Vitest reports a timeout of its own RPC.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
