import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateZeros } from '../../test/zip-bomb.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { readZipDirectory, readZipEntry, UnpackBudget, writeZip, ZIP_LIMITS, type ZipLimits } from './zip.js';

const MEGABYTE = 1024 * 1024;
// Small caps so each case unpacks a few megabytes at most.
const SMALL: ZipLimits = { ...ZIP_LIMITS, maxPartBytes: 2 * MEGABYTE, maxTotalUncompressedBytes: 3 * MEGABYTE };

function zipOfZeros(parts: { name: string; inflatedBytes: number; declaredBytes: number }[]): Uint8Array {
  return writeZip(
    parts.map(({ name, inflatedBytes, declaredBytes }) => {
      const { compressed, crc } = deflateZeros(inflatedBytes);
      return { name, method: 8, crc, compressedData: compressed, uncompressedSize: declaredBytes };
    }),
  );
}

async function unpackError(work: Promise<unknown>): Promise<QuestionnaireError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof QuestionnaireError) return error;
  throw new Error(`expected a QuestionnaireError, got ${String(error)}`);
}

describe('readZipEntry', () => {
  it('refuses a part that claims 900 bytes as soon as it produces more, without inflating the rest', async () => {
    const bytes = zipOfZeros([{ name: 'xl/sharedStrings.xml', inflatedBytes: 64 * MEGABYTE, declaredBytes: 900 }]);
    const [entry] = readZipDirectory(bytes, 'bomb.xlsx', SMALL);
    if (entry === undefined) throw new Error('no entry');
    const budget = new UnpackBudget(SMALL);
    const error = await unpackError(readZipEntry(bytes, entry, 'bomb.xlsx', budget));
    expect(error.message).toBe(
      'bomb.xlsx (xl/sharedStrings.xml): refused: the workbook expands beyond the 900 bytes its zip directory declares for xl/sharedStrings.xml (a zip bomb or a damaged file)',
    );
    expect(budget.used).toBeLessThanOrEqual(900);
  });

  it('counts every part of an archive against one total cap, on the bytes really produced', async () => {
    const bytes = zipOfZeros([
      { name: 'xl/worksheets/sheet1.xml', inflatedBytes: 1.5 * MEGABYTE, declaredBytes: 1.5 * MEGABYTE },
      { name: 'xl/worksheets/sheet2.xml', inflatedBytes: 1.5 * MEGABYTE, declaredBytes: 1.5 * MEGABYTE },
      { name: 'xl/worksheets/sheet3.xml', inflatedBytes: 1.5 * MEGABYTE, declaredBytes: 1.5 * MEGABYTE },
    ]);
    // The directory is read under the default limits, so only the unpacking budget can stop the third part.
    const budget = new UnpackBudget(SMALL);
    const outcomes = [];
    for (const entry of readZipDirectory(bytes, 'parts.xlsx')) {
      outcomes.push(
        await readZipEntry(bytes, entry, 'parts.xlsx', budget).then(
          (part) => part.length,
          (error: unknown) => (error instanceof QuestionnaireError ? error.problem : String(error)),
        ),
      );
    }
    expect(outcomes).toEqual([
      1.5 * MEGABYTE,
      1.5 * MEGABYTE,
      'refused: the workbook expands beyond 3 MB when unpacked',
    ]);
  });

  it('returns an honest part whole', async () => {
    const text = Buffer.from('<sst>'.padEnd(200_000, ' '), 'utf8');
    const bytes = writeZip([
      {
        name: 'xl/sharedStrings.xml',
        method: 8,
        crc: crc32(text),
        compressedData: deflateRawSync(text),
        uncompressedSize: text.length,
      },
    ]);
    const [entry] = readZipDirectory(bytes, 'ok.xlsx');
    if (entry === undefined) throw new Error('no entry');
    expect((await readZipEntry(bytes, entry, 'ok.xlsx')).equals(text)).toBe(true);
  });
});

describe('readZipDirectory', () => {
  it('refuses an honest bomb from the sizes it declares, per part and in total', () => {
    const part = zipOfZeros([{ name: 'xl/media/image1.png', inflatedBytes: 1024, declaredBytes: 2 * MEGABYTE + 1 }]);
    expect(() => readZipDirectory(part, 'part.xlsx', SMALL)).toThrow(
      'part.xlsx (xl/media/image1.png): refused: the workbook expands beyond 2 MB when unpacked',
    );
    const total = zipOfZeros([
      { name: 'a.xml', inflatedBytes: 1024, declaredBytes: 2 * MEGABYTE },
      { name: 'b.xml', inflatedBytes: 1024, declaredBytes: 2 * MEGABYTE },
    ]);
    expect(() => readZipDirectory(total, 'total.xlsx', SMALL)).toThrow(
      'total.xlsx (b.xml): refused: the workbook expands beyond 3 MB when unpacked',
    );
  });
});
