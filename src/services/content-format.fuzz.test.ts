import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import {
  AWKWARD_TEXT,
  fuzzParameters,
  fuzzTimeout,
  mutatedText,
  parserText,
  yieldToEventLoop,
} from '../../test/fuzz.js';
import { readContentDirectory } from './content-directory.js';
import { type ContentFile, parseContentFiles, serializeContent } from './content-format.js';

// Pieces of YAML and front matter that change how a file parses: keys, anchors, tags, flow collections.
const YAML_PIECES = [
  ...AWKWARD_TEXT,
  '---\n',
  ': ',
  '- ',
  '  ',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '!!binary ',
  '!!js/function ',
  '{',
  '}',
  '[',
  ']',
  '|\n',
  '>-\n',
  '<<: *a\n',
  '? ',
  '%YAML 1.2\n',
  'null',
  '~',
  '2025-13-45',
  '1e999',
  '0x',
  'question: ',
  'slug: ',
] as const;

/** A parse either succeeds or lists problems that each name a file; it never throws. */
function expectWellFormedResult(files: ContentFile[]) {
  const result = parseContentFiles(files);
  if (result.ok) {
    // What parsed writes back to files that parse to the same content.
    const again = parseContentFiles(serializeContent(result.content));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.content).toEqual(result.content);
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(typeof problem.source).toBe('string');
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
}

describe('content files under fuzzing (YAML and Markdown front matter)', () => {
  let example: ContentFile[] = [];
  beforeAll(async () => {
    example = (await readContentDirectory(EXAMPLE_CONTENT)).filter((file) => !file.path.startsWith('documents/'));
  });

  it(
    'reads a YAML file edited at random places, or says what is wrong with it',
    async () => {
      const yamlFiles = example.filter((file) => file.path.endsWith('.yaml'));
      await fc.assert(
        fc.asyncProperty(
          fc
            .nat({ max: yamlFiles.length - 1 })
            .chain((index) => fc.tuple(fc.constant(index), mutatedText(yamlFiles[index]?.text ?? '', YAML_PIECES))),
          async ([index, text]) => {
            await yieldToEventLoop();
            const target = yamlFiles[index]?.path;
            expectWellFormedResult(example.map((file) => (file.path === target ? { ...file, text } : file)));
          },
        ),
        fuzzParameters(30),
      );
    },
    fuzzTimeout(30, 100),
  );

  it(
    'reads an entry file edited at random places, or says what is wrong with it',
    async () => {
      const entryFiles = example.filter((file) => file.path.startsWith('entries/'));
      await fc.assert(
        fc.asyncProperty(
          fc
            .nat({ max: entryFiles.length - 1 })
            .chain((index) => fc.tuple(fc.constant(index), mutatedText(entryFiles[index]?.text ?? '', YAML_PIECES))),
          async ([index, text]) => {
            await yieldToEventLoop();
            const target = entryFiles[index]?.path;
            expectWellFormedResult(example.map((file) => (file.path === target ? { ...file, text } : file)));
          },
        ),
        fuzzParameters(30),
      );
    },
    fuzzTimeout(30, 100),
  );

  it(
    'reads an entry file made of arbitrary YAML-like text, or says what is wrong with it',
    async () => {
      await fc.assert(
        fc.asyncProperty(parserText(YAML_PIECES, 80), async (text) => {
          await yieldToEventLoop();
          expectWellFormedResult([...example, { path: 'entries/fuzzed-entry.md', text: `---\n${text}\n---\n${text}` }]);
        }),
        fuzzParameters(40),
      );
    },
    fuzzTimeout(40, 100),
  );
});
