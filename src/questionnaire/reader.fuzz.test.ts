import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_TEXT, fuzzParameters, fuzzTimeout, mutatedBytes, mutatedText, parserText } from '../../test/fuzz.js';
import { caiqWorkbook, choiceAndCommentsWorkbook } from '../../test/workbooks.js';
import { parseCsv, toCsv } from './csv.js';
import { runParseTask } from './index.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { readZipDirectory, readZipEntry, writeZip } from './zip.js';

// XML that changes how a workbook part parses: entities, CDATA, unbalanced tags, odd attributes.
const XML_PIECES = [
  ...AWKWARD_TEXT,
  '<',
  '>',
  '</',
  '/>',
  '"',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#xD800;',
  '&unknown;',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;',
  '<c r="A1" t="s"><v>99999</v></c>',
  '<c r="XFD1048576" t="inlineStr"><is><t>Q?</t></is></c>',
  '<row r="0">',
  '<f>Other!A1</f>',
  'sqref="A1:A9999999"',
  '<formula1>"Yes,No"</formula1>',
  ' r="ZZZZ1"',
  ' s="999"',
] as const;

/** Every part of a workbook as text, to edit one and zip them again. */
async function unpackWorkbook(bytes: Uint8Array): Promise<{ name: string; text: string }[]> {
  const parts: { name: string; text: string }[] = [];
  for (const entry of readZipDirectory(bytes, 'valid.xlsx')) {
    parts.push({ name: entry.name, text: (await readZipEntry(bytes, entry, 'valid.xlsx')).toString('utf8') });
  }
  return parts;
}

const CSV_PIECES = [
  ...AWKWARD_TEXT,
  ',',
  ';',
  '"',
  '""',
  '"\n',
  '\n"',
  'Question',
  'Svar',
  '=SUM(A1)',
  '+1',
  '-',
  '@',
] as const;

/** Runs `read`; passes when it returns or throws a QuestionnaireError that says what is wrong, fails on anything else. */
async function expectReadOrClearError(read: () => Promise<unknown>): Promise<'read' | 'refused'> {
  try {
    await read();
    return 'read';
  } catch (error) {
    if (!(error instanceof QuestionnaireError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return 'refused';
  }
}

describe('questionnaire reader under fuzzing', () => {
  it('parses any CSV text into rows or refuses it with a clear error', () => {
    fc.assert(
      fc.property(parserText(CSV_PIECES, 120), (text) => {
        try {
          const rows = parseCsv(text, 'fuzzed.csv');
          for (const row of rows) for (const cell of row) expect(typeof cell).toBe('string');
        } catch (error) {
          if (!(error instanceof QuestionnaireError)) throw error;
        }
      }),
      fuzzParameters(500),
    );
  });

  it('reads back every CSV it writes, cell for cell (after the formula guard)', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A cell with a line break or separator followed by a formula start gets a guard character; keep those out.
        const plain = rows.map((row) => row.map((text) => text.replace(/[,;\t\r\n][=+\-@\t\r]/g, ' ')));
        const parsed = parseCsv(toCsv(['Question', 'Answer'], plain), 'round-trip.csv');
        expect(parsed.slice(1)).toEqual(plain);
      }),
      fuzzParameters(300),
    );
  });

  it('reads a CSV upload of any bytes in the parse task, or refuses it with a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await expectReadOrClearError(() =>
          runParseTask(
            {
              bytes,
              source: 'fuzzed.csv',
              format: 'csv',
              maxRows: 1000,
              preserveText: false,
              select: { overrides: {} },
            },
            Date.now() + 10_000,
          ),
        );
      }),
      fuzzParameters(200),
    );
  });

  describe('workbooks (xlsx: zip, XML, validations)', () => {
    const valid: Uint8Array[] = [];
    beforeAll(async () => {
      valid.push(await choiceAndCommentsWorkbook(), await caiqWorkbook());
    });

    it('reads the zip directory of any damaged workbook, or refuses it with a clear error', () => {
      fc.assert(
        fc.property(
          fc.nat({ max: 1 }).chain((index) => mutatedBytes(valid[index] ?? new Uint8Array())),
          (bytes) => {
            try {
              readZipDirectory(bytes, 'fuzzed.xlsx');
            } catch (error) {
              if (!(error instanceof QuestionnaireError)) throw error;
            }
          },
        ),
        fuzzParameters(300),
      );
    });

    it(
      'reads the questions of a damaged workbook, or refuses it with a clear error',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: 1 }).chain((index) => mutatedBytes(valid[index] ?? new Uint8Array())),
            async (bytes) => {
              await expectReadOrClearError(() =>
                runParseTask(
                  {
                    bytes,
                    source: 'fuzzed.xlsx',
                    format: 'xlsx',
                    maxRows: 1000,
                    preserveText: false,
                    select: { overrides: {} },
                  },
                  Date.now() + 10_000,
                ),
              );
            },
          ),
          fuzzParameters(40),
        );
      },
      fuzzTimeout(40, 150),
    );

    it(
      'reads the questions of a workbook whose XML was edited at random places, or refuses it with a clear error',
      async () => {
        const packages = await Promise.all(valid.map(unpackWorkbook));
        const edited = fc
          .nat({ max: packages.length - 1 })
          .chain((workbook) => {
            const parts = packages[workbook] ?? [];
            const xmlParts = parts.filter((part) => part.name.endsWith('.xml'));
            return fc.tuple(
              fc.constant(parts),
              fc.nat({ max: xmlParts.length - 1 }).chain((index) => {
                const part = xmlParts[index];
                return fc.tuple(fc.constant(part?.name ?? ''), mutatedText(part?.text ?? '', XML_PIECES));
              }),
            );
          })
          .map(([parts, [name, text]]) =>
            writeZip(
              parts.map((part) => ({
                name: part.name,
                data: new TextEncoder().encode(part.name === name ? text : part.text),
              })),
            ),
          );
        const outcomes = { read: 0, refused: 0 };
        await fc.assert(
          fc.asyncProperty(edited, async (bytes) => {
            outcomes[
              await expectReadOrClearError(() =>
                runParseTask(
                  {
                    bytes,
                    source: 'edited.xlsx',
                    format: 'xlsx',
                    maxRows: 1000,
                    preserveText: false,
                    select: { overrides: {} },
                  },
                  Date.now() + 10_000,
                ),
              )
            ] += 1;
          }),
          fuzzParameters(40),
        );
        // The edits must reach the XML reader, not only break the zip: some workbooks still read.
        expect(outcomes.read).toBeGreaterThan(0);
      },
      fuzzTimeout(40, 200),
    );
  });
});
