import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CHUNK_BYTES } from '../domain/document.js';
import { writeZip } from '../questionnaire/zip.js';
import { DocumentFileCheck } from './document-file.js';

async function* piecesOf(bytes: Uint8Array, pieceSize: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += pieceSize) yield bytes.subarray(offset, offset + pieceSize);
}

async function check(fileName: string, bytes: Uint8Array, pieceSize = 10_000) {
  const file = new DocumentFileCheck(fileName, 10 * 1024 * 1024);
  const chunks: Uint8Array[] = [];
  for await (const chunk of file.chunks(piecesOf(bytes, pieceSize))) chunks.push(chunk);
  return { result: file.result(), chunks };
}

const XLSX_TYPES =
  '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';

/** A zip whose first part is written with a data descriptor: sizes 0 in its local header, as streaming writers do. */
function withDataDescriptor(zip: Uint8Array): Uint8Array {
  const copy = new Uint8Array(zip);
  const view = new DataView(copy.buffer);
  view.setUint16(6, view.getUint16(6, true) | 0x08, true);
  view.setUint32(18, 0, true);
  view.setUint32(22, 0, true);
  return copy;
}

describe('checking an uploaded file while it streams', () => {
  it('accepts an xlsx whose compressed [Content_Types].xml has a data descriptor', async () => {
    const types = new TextEncoder().encode(XLSX_TYPES);
    const zip = writeZip([
      {
        name: '[Content_Types].xml',
        method: 8,
        crc: 0,
        compressedData: deflateRawSync(types),
        uncompressedSize: types.length,
      },
      { name: 'xl/workbook.xml', data: new TextEncoder().encode('<workbook/>') },
    ]);
    const { result } = await check('figures.xlsx', withDataDescriptor(zip));
    expect(result.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('refuses an OpenDocument text named as a spreadsheet', async () => {
    const odt = writeZip([
      { name: 'mimetype', data: new TextEncoder().encode('application/vnd.oasis.opendocument.text') },
    ]);
    await expect(check('figures.ods', odt)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('figures.ods: the file is not an OpenDocument spreadsheet'),
    });
  });

  it('accepts UTF-8 text whose multi-byte letters straddle a chunk boundary, and hashes it whole', async () => {
    // "å" is two bytes; put one across the boundary between the first and the second stored chunk.
    const prefix = 'a'.repeat(DOCUMENT_CHUNK_BYTES - 1);
    const text = new TextEncoder().encode(`${prefix}åäö Ærø Łódź\n`);
    const { result, chunks } = await check('names.txt', text, 4096);
    expect(chunks.map((chunk) => chunk.length)).toEqual([DOCUMENT_CHUNK_BYTES, text.length - DOCUMENT_CHUNK_BYTES]);
    expect(result).toMatchObject({
      sizeBytes: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
      contentType: 'text/plain; charset=utf-8',
    });
  });

  it('refuses text that ends inside a UTF-8 letter', async () => {
    const text = new TextEncoder().encode('Malmö');
    await expect(check('cut.csv', text.subarray(0, text.length - 1))).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('cut.csv: the text ends inside a UTF-8 character'),
    });
  });
});
