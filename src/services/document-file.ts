import { createHash, type Hash } from 'node:crypto';
import { constants, inflateRawSync } from 'node:zlib';
import {
  DOCUMENT_CHUNK_BYTES,
  FILE_KINDS,
  type FileKind,
  findFileKind,
  formatFileSize as formatBytes,
  OOXML_MAIN_PARTS,
} from '../domain/document.js';
import { AppError } from '../domain/errors.js';

/** What a checked upload turned out to be. */
export interface CheckedFile {
  kind: FileKind;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Where a problem with an uploaded file is reported. */
const SOURCE = 'file';

function refuse(fileName: string, message: string): never {
  throw new AppError('invalid_input', `${fileName}: ${message}; nothing was stored`, [
    { source: SOURCE, field: 'file', message: `${fileName}: ${message}` },
  ]);
}

/**
 * Checks an upload while it streams: the extension names an accepted kind, the first bytes agree with
 * it, the size stays within the limit, and text is valid UTF-8 without NUL bytes. It re-cuts the
 * stream into chunks of DOCUMENT_CHUNK_BYTES and hashes them on the way, so the file is never held
 * whole by us: only the chunk being written and, for zip formats, the first chunk to read its first
 * parts from.
 */
export class DocumentFileCheck {
  readonly kind: FileKind;
  private readonly hash: Hash = createHash('sha256');
  private sizeBytes = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private isFinished = false;

  constructor(
    readonly fileName: string,
    private readonly maxBytes: number,
  ) {
    const kind = findFileKind(fileName);
    if (!kind) {
      refuse(fileName, 'this kind of file is not accepted (PDF, docx, xlsx, pptx, odt, ods, txt or csv)');
    }
    this.kind = kind;
  }

  /** Re-cuts a stream of byte arrays into checked chunks of DOCUMENT_CHUNK_BYTES (the last may be shorter). */
  async *chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let pending = new Uint8Array(DOCUMENT_CHUNK_BYTES);
    let filled = 0;
    let index = 0;
    for await (const piece of source) {
      let offset = 0;
      while (offset < piece.length) {
        const take = Math.min(piece.length - offset, DOCUMENT_CHUNK_BYTES - filled);
        pending.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === DOCUMENT_CHUNK_BYTES) {
          this.check(pending, index);
          yield pending;
          index += 1;
          pending = new Uint8Array(DOCUMENT_CHUNK_BYTES);
          filled = 0;
        }
      }
    }
    if (filled > 0 || index === 0) {
      const last = pending.subarray(0, filled);
      this.check(last, index);
      if (filled > 0) yield last;
    }
    this.finish();
  }

  /** The outcome, once every chunk passed. */
  result(): CheckedFile {
    if (!this.isFinished) throw new Error('DocumentFileCheck.result() before the stream ended');
    return {
      kind: this.kind,
      contentType: FILE_KINDS[this.kind].contentType,
      sizeBytes: this.sizeBytes,
      sha256: this.hash.digest('hex'),
    };
  }

  private check(chunk: Uint8Array, index: number): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.maxBytes) {
      throw new AppError(
        'too_large',
        `${this.fileName}: the file is larger than ${formatBytes(this.maxBytes)}, the most a document may be; nothing was stored`,
        [
          {
            source: SOURCE,
            field: 'file',
            message: `${this.fileName}: the file is larger than ${formatBytes(this.maxBytes)}, the most a document may be`,
          },
        ],
      );
    }
    if (index === 0) {
      if (chunk.length === 0) refuse(this.fileName, 'the file is empty');
      this.checkFirstChunk(chunk);
    }
    if (this.kind === 'text' || this.kind === 'csv') this.checkText(chunk);
    this.hash.update(chunk);
  }

  private finish(): void {
    if (this.kind === 'text' || this.kind === 'csv') {
      try {
        this.decoder.decode();
      } catch {
        refuse(this.fileName, 'the text ends inside a UTF-8 character');
      }
    }
    this.isFinished = true;
  }

  private checkText(chunk: Uint8Array): void {
    if (chunk.includes(0)) refuse(this.fileName, 'the text contains a NUL byte (it looks like a binary file)');
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      refuse(this.fileName, 'the text is not valid UTF-8');
    }
  }

  private checkFirstChunk(chunk: Uint8Array): void {
    const label = FILE_KINDS[this.kind].label;
    if (this.kind === 'pdf') {
      if (!startsWith(chunk, '%PDF-'))
        refuse(this.fileName, `the file is not a ${label}: it does not begin with %PDF-`);
      return;
    }
    if (this.kind === 'text' || this.kind === 'csv') return;
    if (!startsWith(chunk, 'PK\u0003\u0004'))
      refuse(this.fileName, `the file is not a ${label}: it is not a zip archive`);
    const parts = readLeadingParts(chunk);
    if (this.kind === 'odt' || this.kind === 'ods') {
      // OpenDocument requires an uncompressed "mimetype" part first, naming the document's type.
      const first = parts[0];
      const expected = FILE_KINDS[this.kind].contentType;
      if (first?.name !== 'mimetype' || first.method !== 0 || decodeLatin(first.data) !== expected) {
        refuse(this.fileName, `the file is not an ${label}: its mimetype part does not say ${expected}`);
      }
      return;
    }
    const mainPart = OOXML_MAIN_PARTS[this.kind];
    const types = parts.find((part) => part.name === '[Content_Types].xml');
    const text = types ? inflatePart(types) : undefined;
    if (mainPart === undefined || text === undefined || !text.includes(`"${mainPart}"`)) {
      refuse(this.fileName, `the file is not a ${label}: its [Content_Types].xml does not name the ${label} main part`);
    }
  }
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index += 1) {
    if (bytes[index] !== prefix.charCodeAt(index)) return false;
  }
  return true;
}

function decodeLatin(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

interface LeadingPart {
  name: string;
  method: number;
  /** The part's compressed bytes as far as the chunk holds them. */
  data: Uint8Array;
  /** Compressed size from the local header; 0 when a data descriptor follows instead. */
  compressedSize: number;
}

/**
 * The parts whose local headers lie in the first chunk. A zip's directory is at its end, which we
 * have not seen yet while streaming; the writers of Office and OpenDocument files put
 * `[Content_Types].xml` and `mimetype` first, so the first chunk is where we look.
 */
function readLeadingParts(chunk: Uint8Array): LeadingPart[] {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const parts: LeadingPart[] = [];
  let offset = 0;
  while (offset + 30 <= chunk.length && view.getUint32(offset, true) === 0x04034b50 && parts.length < 16) {
    const flags = view.getUint16(offset + 6, true);
    const method = view.getUint16(offset + 8, true);
    const compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const nameStart = offset + 30;
    const dataStart = nameStart + nameLength + extraLength;
    if (dataStart > chunk.length) break;
    const name = Buffer.from(chunk.subarray(nameStart, nameStart + nameLength)).toString('utf8');
    const hasDescriptor = (flags & 0x08) !== 0;
    const dataEnd = hasDescriptor ? chunk.length : Math.min(chunk.length, dataStart + compressedSize);
    parts.push({ name, method, data: chunk.subarray(dataStart, dataEnd), compressedSize });
    // After a part with a data descriptor the next header's place is unknown without inflating; stop.
    if (hasDescriptor || dataStart + compressedSize > chunk.length) break;
    offset = dataStart + compressedSize;
  }
  return parts;
}

/** A small part's text, inflated with a 1 MB cap; undefined when it cannot be read. */
function inflatePart(part: LeadingPart): string | undefined {
  if (part.method === 0) return Buffer.from(part.data).toString('utf8');
  if (part.method !== 8) return undefined;
  try {
    // Sync flush: a part cut off by the chunk's end yields what it has instead of throwing.
    return inflateRawSync(part.data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 }).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
