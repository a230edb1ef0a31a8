import { crc32, createInflateRaw } from 'node:zlib';
import { QuestionnaireError } from './questionnaire-error.js';

/** Limits that keep a small upload from expanding into gigabytes (a zip bomb). */
export interface ZipLimits {
  maxEntries: number;
  /** No part may unpack to more than this many bytes, counted on what the inflater really produces. */
  maxPartBytes: number;
  /** All parts unpacked from one archive together may not exceed this, counted the same way. */
  maxTotalUncompressedBytes: number;
  maxRatio: number;
  /** The ratio limit applies only to entries larger than this; small XML parts compress far better than 200:1. */
  ratioCheckAboveBytes: number;
}

/** The limits every workbook is read under. */
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxPartBytes: 100 * 1024 * 1024,
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioCheckAboveBytes: 10 * 1024 * 1024,
};

/**
 * Counts the bytes really unpacked from one archive across all its parts. A zip's directory is written by whoever made
 * the file, so its sizes only decide what to refuse early; this count decides when to stop.
 */
export class UnpackBudget {
  private unpackedBytes = 0;

  constructor(readonly limits: ZipLimits = ZIP_LIMITS) {}

  /** Bytes unpacked so far (parts finished or in progress). */
  get used(): number {
    return this.unpackedBytes;
  }

  /** Adds `bytes` just produced for `part`; throws the zip-bomb refusal once a cap is passed. */
  spend(bytes: number, partBytes: number, part: string, source: string): void {
    this.unpackedBytes += bytes;
    if (partBytes > this.limits.maxPartBytes) throw expandsBeyond(this.limits.maxPartBytes, part, source);
    if (this.unpackedBytes > this.limits.maxTotalUncompressedBytes) {
      throw expandsBeyond(this.limits.maxTotalUncompressedBytes, part, source);
    }
  }
}

/** The refusal shown to the user when a workbook would unpack past a cap (declared or really produced). */
function expandsBeyond(limit: number, part: string, source: string): QuestionnaireError {
  return new QuestionnaireError(`refused: the workbook expands beyond ${megabytes(limit)} when unpacked`, {
    source,
    location: part,
  });
}

/** The refusal when a part unpacks to more than its zip directory declares. */
function expandsBeyondDeclared(entry: ZipEntry, source: string): QuestionnaireError {
  return new QuestionnaireError(
    `refused: the workbook expands beyond the ${entry.uncompressedSize} bytes its zip directory declares for ${entry.name} (a zip bomb or a damaged file)`,
    { source, location: entry.name },
  );
}

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
export function readZipDirectory(bytes: Uint8Array, source: string, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
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
  if (entryCount > limits.maxEntries) {
    throw new QuestionnaireError(
      `the workbook contains ${entryCount} files; more than ${limits.maxEntries} is refused as a likely zip bomb`,
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

    // An honest bomb says how big it is; a lying one is caught by UnpackBudget while it unpacks.
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.maxPartBytes) throw expandsBeyond(limits.maxPartBytes, entry.name, source);
    if (total > limits.maxTotalUncompressedBytes) {
      throw expandsBeyond(limits.maxTotalUncompressedBytes, entry.name, source);
    }
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > limits.ratioCheckAboveBytes && ratio > limits.maxRatio) {
      throw new QuestionnaireError(
        `the part ${entry.name} expands ${Math.round(ratio)}:1 to ${megabytes(entry.uncompressedSize)}; more than ${limits.maxRatio}:1 is refused as a likely zip bomb`,
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

/**
 * Unpacks one entry, counting the bytes really produced against `budget` (a fresh one per call when omitted), so a
 * directory that understates a part's size cannot make it expand past the caps: a part is refused as soon as it
 * outgrows its declared size, so at most that much is kept and inflated.
 */
export async function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  source: string,
  budget: UnpackBudget = new UnpackBudget(),
): Promise<Buffer> {
  const data = readCompressedBytes(bytes, entry, source);
  let output: Buffer;
  if (entry.method === 0) {
    budget.spend(data.length, data.length, entry.name, source);
    output = Buffer.from(data);
  } else if (entry.method === 8) {
    output = await inflateWithinBudget(data, entry, source, budget);
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

// Large output chunks keep the number of round trips to zlib's thread low; memory stays at one chunk beyond what is kept.
const INFLATE_CHUNK_BYTES = 64 * 1024;

function inflateWithinBudget(data: Uint8Array, entry: ZipEntry, source: string, budget: UnpackBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    const kept: Buffer[] = [];
    let produced = 0;
    let isSettled = false;
    const fail = (error: QuestionnaireError): void => {
      if (isSettled) return;
      isSettled = true;
      inflater.destroy();
      reject(error);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (isSettled) return;
      produced += chunk.length;
      // A part that outgrows the size its directory declares is lying (or damaged): stop at once
      // rather than spend CPU inflating up to the caps.
      if (produced > entry.uncompressedSize) {
        fail(expandsBeyondDeclared(entry, source));
        return;
      }
      try {
        budget.spend(chunk.length, produced, entry.name, source);
      } catch (error) {
        if (error instanceof QuestionnaireError) fail(error);
        return;
      }
      kept.push(chunk);
    });
    inflater.on('error', () =>
      fail(
        new QuestionnaireError(`the workbook is damaged: the part ${entry.name} cannot be unpacked`, {
          source,
          location: entry.name,
        }),
      ),
    );
    inflater.on('end', () => {
      if (isSettled) return;
      isSettled = true;
      resolve(Buffer.concat(kept, produced));
    });
    inflater.end(data);
  });
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
export function readCompressedBytes(bytes: Uint8Array, entry: ZipEntry, source = 'workbook'): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new QuestionnaireError(`the workbook is damaged: the part ${entry.name} has no local header`, {
      source,
      location: entry.name,
    });
  }
  // The local header is 30 bytes, then the file name and the extra field, then the data.
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, start + entry.compressedSize);
}
