import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import { QuestionnaireError } from './questionnaire-error.js';

const inflateRawAsync = promisify(inflateRaw);

/** Limits that keep a small upload from expanding into gigabytes (a zip bomb). */
export const ZIP_LIMITS = {
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  /** The ratio limit applies only to entries larger than this; small XML parts compress far better than 200:1. */
  ratioCheckAboveBytes: 10 * 1024 * 1024,
} as const;

/** One file inside a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Reads a zip's central directory and refuses archives that would expand too far; never inflates. */
export function readZipDirectory(bytes: Uint8Array, source: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd === -1) {
    throw new QuestionnaireError(
      'the file starts like an .xlsx (zip) but is damaged or truncated: its zip directory is missing',
      { source },
    );
  }
  const entryCount = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
    // Excel never writes ZIP64 for files under 4 GB, and our uploads are at most 20 MB.
    throw new QuestionnaireError(
      'the workbook uses the ZIP64 format, which is not accepted; save it again from Excel',
      { source },
    );
  }
  if (entryCount > ZIP_LIMITS.maxEntries) {
    throw new QuestionnaireError(
      `the workbook contains ${entryCount} files; more than ${ZIP_LIMITS.maxEntries} is refused as a likely zip bomb`,
      { source },
    );
  }
  if (directoryOffset + directorySize > eocd) {
    throw new QuestionnaireError('the workbook is damaged or truncated: its zip directory points outside the file', {
      source,
    });
  }

  const entries: ZipEntry[] = [];
  let total = 0;
  let offset = directoryOffset;
  const decoder = new TextDecoder();
  for (let index = 0; index < entryCount; index += 1) {
    if (offset + 46 > eocd || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      throw new QuestionnaireError(`the workbook is damaged: zip directory entry ${index + 1} is unreadable`, {
        source,
      });
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const entry: ZipEntry = {
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    };
    offset += 46 + nameLength + extraLength + commentLength;

    total += entry.uncompressedSize;
    if (total > ZIP_LIMITS.maxTotalUncompressedBytes) {
      throw new QuestionnaireError(
        `the workbook would expand to more than ${megabytes(ZIP_LIMITS.maxTotalUncompressedBytes)} when unpacked; refused as a likely zip bomb`,
        { source, location: entry.name },
      );
    }
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > ZIP_LIMITS.ratioCheckAboveBytes && ratio > ZIP_LIMITS.maxRatio) {
      throw new QuestionnaireError(
        `the part ${entry.name} expands ${Math.round(ratio)}:1 to ${megabytes(entry.uncompressedSize)}; more than ${ZIP_LIMITS.maxRatio}:1 is refused as a likely zip bomb`,
        { source, location: entry.name },
      );
    }
    if (entry.localHeaderOffset + 30 + entry.compressedSize > directoryOffset) {
      throw new QuestionnaireError(
        `the workbook is damaged or truncated: the part ${entry.name} lies outside the file`,
        { source, location: entry.name },
      );
    }
    entries.push(entry);
  }
  return entries;
}

/** Unpacks one entry, refusing to produce more bytes than the directory declared (so a lying header cannot bomb). */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, source: string): Promise<Buffer> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new QuestionnaireError(`the workbook is damaged: the part ${entry.name} has no local header`, {
      source,
      location: entry.name,
    });
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  let output: Buffer;
  if (entry.method === 0) {
    output = Buffer.from(data);
  } else if (entry.method === 8) {
    try {
      output = await inflateRawAsync(data, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
    } catch {
      throw new QuestionnaireError(
        `the workbook is damaged: the part ${entry.name} cannot be unpacked or is larger than declared`,
        {
          source,
          location: entry.name,
        },
      );
    }
  } else {
    throw new QuestionnaireError(
      `the part ${entry.name} uses zip compression method ${entry.method}, which is not supported`,
      { source, location: entry.name },
    );
  }
  if (output.length !== entry.uncompressedSize) {
    throw new QuestionnaireError(`the workbook is damaged: the part ${entry.name} does not have its declared size`, {
      source,
      location: entry.name,
    });
  }
  return output;
}

/** A file to put into a zip: either raw bytes to store, or already-compressed bytes copied from another zip. */
export type ZipWriteEntry =
  | { name: string; data: Uint8Array }
  | { name: string; method: number; crc: number; compressedData: Uint8Array; uncompressedSize: number };

/** Writes a plain zip (no ZIP64); stored entries are not compressed because the result is only read back in memory. */
export function writeZip(entries: ZipWriteEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const isRaw = 'data' in entry;
    const method = isRaw ? 0 : entry.method;
    const crc = isRaw ? crc32(entry.data) : entry.crc;
    const body = isRaw ? entry.data : entry.compressedData;
    const size = isRaw ? entry.data.length : entry.uncompressedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    centrals.push(central, Buffer.from(name));
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, so it sits near the end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) return offset;
  }
  return -1;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The still-compressed bytes of an entry, to copy it into another archive without inflating it. */
export function readCompressedBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  // The local header is 30 bytes, then the file name and the extra field, then the data.
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, start + entry.compressedSize);
}
