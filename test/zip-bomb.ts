import { constants, crc32, deflateRawSync } from 'node:zlib';
import { writeZip, type ZipWriteEntry } from '../src/questionnaire/zip.js';

/** What {@link writeLyingXlsxBomb} builds: which part explodes, how far it really inflates and what its headers claim. */
export interface LyingXlsxBomb {
  /** The part holding the bomb, e.g. `xl/sharedStrings.xml` or `xl/media/image1.png`; replaces a base part of that name. */
  part: string;
  /** How many bytes (zeros) the part really inflates to. */
  inflatedBytes: number;
  /** The uncompressed size written in both the local and the central header; equal to inflatedBytes for an honest bomb. */
  declaredBytes: number;
}

const CHUNK_BYTES = 1024 * 1024;
// A block of zeros deflated with a full flush ends on a byte boundary and refers to nothing before it, so copies of it
// can be laid end to end; a final empty fixed-Huffman block (0x03 0x00) closes the stream.
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);
const fullFlushedZeros = new Map<number, Buffer>();

function deflatedZeros(length: number): Buffer {
  const cached = fullFlushedZeros.get(length);
  if (cached !== undefined) return cached;
  const block = deflateRawSync(Buffer.alloc(length), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  fullFlushedZeros.set(length, block);
  return block;
}

/** The raw-deflate stream of `length` zeros (about 1 KB per MB), built without ever holding the zeros whole. */
export function deflateZeros(length: number): { compressed: Buffer; crc: number } {
  const pieces: Buffer[] = [];
  const zeroChunk = Buffer.alloc(Math.min(CHUNK_BYTES, length));
  let crc = 0;
  for (let done = 0; done < length; done += CHUNK_BYTES) {
    const size = Math.min(CHUNK_BYTES, length - done);
    pieces.push(deflatedZeros(size));
    crc = crc32(size === zeroChunk.length ? zeroChunk : zeroChunk.subarray(0, size), crc);
  }
  pieces.push(FINAL_EMPTY_BLOCK);
  return { compressed: Buffer.concat(pieces), crc };
}

const BASE_PARTS: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Default Extension="png" ContentType="image/png"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '</Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheets><sheet name="Security" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
    '</Relationships>',
  'xl/worksheets/sheet1.xml':
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Question</t></is></c><c r="B1" t="inlineStr"><is><t>Answer</t></is></c></row>' +
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Do you encrypt customer data at rest?</t></is></c></row>' +
    '<row r="3"><c r="A3" t="inlineStr"><is><t>Do you enforce multi-factor authentication for administrators?</t></is></c></row>' +
    '</sheetData></worksheet>',
};

/**
 * An .xlsx with one questionnaire sheet whose `part` inflates to `inflatedBytes` zeros while its local and central
 * headers both claim `declaredBytes` (the CRC is the real one). A 1 GB part costs about 1 MB of file and no memory to build.
 */
export function writeLyingXlsxBomb({ part, inflatedBytes, declaredBytes }: LyingXlsxBomb): Buffer {
  const encoder = new TextEncoder();
  const entries: ZipWriteEntry[] = Object.entries(BASE_PARTS)
    .filter(([name]) => name !== part)
    .map(([name, text]) => ({ name, data: encoder.encode(text) }));
  const { compressed, crc } = deflateZeros(inflatedBytes);
  entries.push({ name: part, method: 8, crc, compressedData: compressed, uncompressedSize: declaredBytes });
  return Buffer.from(writeZip(entries));
}
