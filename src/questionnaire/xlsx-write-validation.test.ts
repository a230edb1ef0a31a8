import { describe, expect, it } from 'vitest';
import {
  buildWorkbook,
  caiqWorkbook,
  choiceAndCommentsWorkbook,
  readCells,
  readWorkbookPart,
} from '../../test/workbooks.js';
import { writeWorkbookAnswers } from './xlsx-write.js';

describe('writing into validated cells', () => {
  it('writes a word of an inline list into the choice column and refuses anything else there', async () => {
    const original = await choiceAndCommentsWorkbook();
    const { bytes, unwritten } = await writeWorkbookAnswers(
      original,
      [
        { sheet: 'Security', row: 2, column: 'C', text: 'Yes' },
        { sheet: 'Security', row: 2, column: 'D', text: 'AES-256 on every disk and backup.' },
        { sheet: 'Security', row: 3, column: 'C', text: 'We test every year with an outside firm.' },
      ],
      'D',
    );
    const cells = await readCells(bytes, 'Security');
    expect(cells.get('C2')).toBe('Yes');
    expect(cells.get('D2')).toBe('AES-256 on every disk and backup.');
    expect(cells.has('C3')).toBe(false);
    expect(unwritten).toEqual([
      { sheet: 'Security', cell: 'C3', reason: 'the cell only takes a value from its list (Yes, No, N/A)' },
    ]);
    // The validation itself is untouched.
    expect(await readWorkbookPart(bytes, 'xl/worksheets/sheet1.xml')).toContain('sqref="C2:C400"');
  });

  it('writes into a list kept on another sheet only the words the reader found in it', async () => {
    const original = await caiqWorkbook();
    const { bytes, unwritten } = await writeWorkbookAnswers(
      original,
      [
        { sheet: 'CAIQv4.0.3', row: 2, column: 'C', text: 'NA', listWords: ['Yes', 'No', 'NA'] },
        { sheet: 'CAIQv4.0.3', row: 3, column: 'C', text: 'Yes' },
        { sheet: 'CAIQv4.0.3', row: 3, column: 'D', text: 'We own it.' },
      ],
      'E',
    );
    const cells = await readCells(bytes, 'CAIQv4.0.3');
    expect(cells.get('C2')).toBe('NA');
    expect(cells.has('C3')).toBe(false);
    expect(cells.has('D3')).toBe(false);
    expect(unwritten.map((cell) => cell.cell)).toEqual(['C3', 'D3']);
  });

  it('keeps to a length rule and refuses rules it cannot meet', async () => {
    const original = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('S');
        sheet.addRow(['Question', 'Answer', 'Score']);
        sheet.addRow(['Do you encrypt data at rest?']);
        sheet.addRow(['Do you encrypt data in transit?']);
      },
      [
        { sheet: 'S', sqref: 'B2:B9', type: 'textLength', formula1: '0' },
        { sheet: 'S', sqref: 'C2:C9', type: 'whole', formula1: '1' },
      ],
    );
    const withLimit = await addOperator(original);
    const { bytes, unwritten } = await writeWorkbookAnswers(
      withLimit,
      [
        { sheet: 'S', row: 2, text: 'Yes.' },
        { sheet: 'S', row: 3, text: 'Yes, with TLS 1.2 or later on every connection.' },
        { sheet: 'S', row: 2, column: 'C', text: 'high' },
      ],
      'B',
    );
    const cells = await readCells(bytes, 'S');
    expect(cells.get('B2')).toBe('Yes.');
    expect(cells.has('B3')).toBe(false);
    expect(unwritten.map((cell) => `${cell.cell}: ${cell.reason}`)).toEqual([
      "B3: the cell's rule limits the length of its text (47 characters here)",
      'C2: the cell only takes whole values',
    ]);
  });
});

/** Makes the test's text-length rule "between 0 and 10 characters". */
async function addOperator(bytes: Uint8Array): Promise<Uint8Array> {
  const { readZipDirectory, readZipEntry, writeZip } = await import('./zip.js');
  const entries = readZipDirectory(bytes, 'test');
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const data = await readZipEntry(bytes, entry, 'test');
      if (entry.name !== 'xl/worksheets/sheet1.xml') return { name: entry.name, data };
      const xml = data
        .toString('utf8')
        .replace('type="textLength"', 'type="textLength" operator="between"')
        .replace('<formula1>0</formula1>', '<formula1>0</formula1><formula2>10</formula2>');
      return { name: entry.name, data: Buffer.from(xml, 'utf8') };
    }),
  );
  return writeZip(parts);
}
