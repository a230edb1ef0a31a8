import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminTestApp, createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import type { DocumentFields } from '../domain/document.js';
import type { Actor } from '../domain/staff.js';
import { writeZip } from '../questionnaire/zip.js';
import { DocumentRepository } from '../storage/document.repository.js';
import { DocumentService, type DocumentUpload } from './document.service.js';

let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let clock: TestClock;
let service: DocumentService;
let editor: Actor;
let viewer: Actor;
let changes: number;

const MAX_BYTES = 2 * 1024 * 1024;

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'none' });
  clock = createTestClock('2026-11-27T10:00:00Z');
  changes = 0;
  const { db, dialect } = testApp.container.database;
  service = new DocumentService(
    new DocumentRepository(db, dialect),
    () => clock.now(),
    MAX_BYTES,
    () => {
      changes += 1;
    },
  );
  editor = await testApp.createUser('editor@example.test', 'correct horse battery staple', 'editor');
  viewer = await testApp.createUser('viewer@example.test', 'correct horse battery staple', 'viewer');
});
afterEach(async () => {
  await testApp.close();
});

const fields: DocumentFields = {
  title: 'ISO/IEC 27001 certificate',
  description: 'Our certificate, issued by an accredited body.',
  category: 'Certificates',
  language: 'en',
  accessLevel: 'public',
};

/** A PDF-looking file of about `size` bytes whose content varies, so chunk order matters to the hash. */
function pdfBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let index = 9; index < size; index += 1) bytes[index] = (index * 31 + (index >> 10)) % 251;
  return bytes;
}

/** Sends bytes in small uneven pieces, as a network stream would. */
async function* piecesOf(bytes: Uint8Array, pieceSize = 70_001): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += pieceSize) yield bytes.subarray(offset, offset + pieceSize);
}

function upload(fileName: string, bytes: Uint8Array, overrides: Partial<DocumentUpload> = {}): DocumentUpload {
  return {
    fileName,
    versionLabel: '2026',
    validFrom: '2026-01-01',
    validUntil: '2029-01-01',
    stream: piecesOf(bytes),
    ...overrides,
  };
}

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; sizes: number[] }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return { bytes: Buffer.concat(parts), sizes: parts.map((part) => part.length) };
}

async function storedRows() {
  const { db } = testApp.container.database;
  const count = async (table: 'document' | 'document_version' | 'document_chunk') =>
    (await db.selectFrom(table).selectAll().execute()).length;
  return {
    documents: await count('document'),
    versions: await count('document_version'),
    chunks: await count('document_chunk'),
    audit: (await db.selectFrom('audit_event').selectAll().where('action', 'like', 'document.%').execute()).length,
  };
}

describe('document library service', () => {
  it('stores an upload in 256 KB chunks and streams back the same bytes with their SHA-256', async () => {
    const bytes = pdfBytes(600_000);
    const created = await service.createDocument({ actor: editor }, 'iso-27001', fields, upload('cert.pdf', bytes));
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(created.current).toMatchObject({ sizeBytes: 600_000, sha256: expected, contentType: 'application/pdf' });
    const opened = await service.openVersion('iso-27001');
    const read = await readAll(opened.chunks);
    expect(read.sizes).toEqual([262_144, 262_144, 75_712]);
    expect(createHash('sha256').update(read.bytes).digest('hex')).toBe(expected);
    expect(read.bytes.equals(Buffer.from(bytes))).toBe(true);
    expect(changes).toBe(1);
    expect((await storedRows()).audit).toBe(1);
  });

  it('keeps every older version when a new one is uploaded, and serves the newest by default', async () => {
    await service.createDocument({ actor: editor }, 'iso-27001', fields, upload('cert-2025.pdf', pdfBytes(1000)));
    const second = await service.uploadVersion(
      { actor: editor },
      'iso-27001',
      upload('cert-2026.pdf', pdfBytes(2000), { versionLabel: '2026' }),
    );
    const { versions } = await service.getForStaff(viewer, 'iso-27001');
    expect(versions.map((version) => version.fileName)).toEqual(['cert-2026.pdf', 'cert-2025.pdf']);
    expect((await service.openVersion('iso-27001')).version.id).toBe(second.id);
    const older = versions[1];
    if (!older) throw new Error('no older version');
    const oldBytes = await readAll((await service.openVersion('iso-27001', older.id)).chunks);
    expect(oldBytes.bytes.length).toBe(1000);
  });

  it('accepts an Office file whose [Content_Types].xml names its main part, compressed or not', async () => {
    const types = new TextEncoder().encode(
      '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    );
    const compressed = deflateRawSync(types);
    const docx = writeZip([
      { name: '[Content_Types].xml', method: 8, crc: 0, compressedData: compressed, uncompressedSize: types.length },
      { name: 'word/document.xml', data: new TextEncoder().encode('<w:document/>') },
    ]);
    const created = await service.createDocument(
      { actor: editor },
      'policy',
      fields,
      upload('policy.docx', docx, { validUntil: null }),
    );
    expect(created.current?.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    // The same archive named as a spreadsheet does not agree with its own content.
    await expect(
      service.createDocument({ actor: editor }, 'sheet', fields, upload('sheet.xlsx', docx)),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('sheet.xlsx') });
  });

  it('accepts an OpenDocument text by its mimetype part, and UTF-8 text', async () => {
    const odt = writeZip([
      { name: 'mimetype', data: new TextEncoder().encode('application/vnd.oasis.opendocument.text') },
      { name: 'content.xml', data: new TextEncoder().encode('<office:document-content/>') },
    ]);
    await service.createDocument({ actor: editor }, 'odt', fields, upload('policy.odt', odt));
    await service.createDocument(
      { actor: editor },
      'csv',
      fields,
      upload('list.csv', new TextEncoder().encode('name,country\nÅkerö Fibre,Sverige\n')),
    );
    expect((await service.listPublic()).items.map((item) => item.current?.contentType)).toEqual([
      'application/vnd.oasis.opendocument.text',
      'text/csv; charset=utf-8',
    ]);
  });

  it.each([
    ['a fake PDF', 'fake.pdf', new TextEncoder().encode('<html>not a pdf</html>'), 'does not begin with %PDF-'],
    ['an empty file', 'empty.pdf', new Uint8Array(0), 'the file is empty'],
    ['an unknown kind', 'tool.exe', pdfBytes(100), 'not accepted'],
    ['text with a NUL byte', 'notes.txt', new Uint8Array([65, 0, 66]), 'NUL byte'],
    ['text that is not UTF-8', 'notes.txt', new Uint8Array([0x41, 0xff, 0x42]), 'not valid UTF-8'],
  ])('refuses %s naming the file, and stores nothing', async (_name, fileName, bytes, reason) => {
    const before = await storedRows();
    await expect(
      service.createDocument({ actor: editor }, 'refused', fields, upload(fileName, bytes)),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(fileName),
      problems: [expect.objectContaining({ message: expect.stringContaining(reason) })],
    });
    expect(await storedRows()).toEqual(before);
    expect(changes).toBe(0);
  });

  it('refuses a file over the size limit after its chunks began to be written, and keeps none of them', async () => {
    await service.createDocument({ actor: editor }, 'iso-27001', fields, upload('cert.pdf', pdfBytes(1000)));
    const before = await storedRows();
    await expect(
      service.uploadVersion({ actor: editor }, 'iso-27001', upload('big.pdf', pdfBytes(MAX_BYTES + 1))),
    ).rejects.toMatchObject({ code: 'too_large', message: expect.stringContaining('big.pdf') });
    expect(await storedRows()).toEqual(before);
  });

  it('flags a document whose validity ended before today, and one ending within 30 days', async () => {
    await service.createDocument(
      { actor: editor },
      'old',
      fields,
      upload('old.pdf', pdfBytes(100), { validUntil: '2026-11-26' }),
    );
    await service.createDocument(
      { actor: editor },
      'today',
      { ...fields, title: 'Valid through today' },
      upload('today.pdf', pdfBytes(100), { validUntil: '2026-11-27' }),
    );
    await service.createDocument(
      { actor: editor },
      'later',
      { ...fields, title: 'Valid for years' },
      upload('later.pdf', pdfBytes(100), { validUntil: '2029-01-01' }),
    );
    const flags = Object.fromEntries(
      (await service.listPublic()).items.map((item) => [item.slug, [item.isExpired, item.isExpiringSoon]]),
    );
    expect(flags).toEqual({ old: [true, false], today: [false, true], later: [false, false] });
    expect((await service.listExpiring()).map((item) => item.slug)).toEqual(['old', 'today']);
    clock.advance(24 * 60 * 60 * 1000);
    expect((await service.getPublic('today')).isExpired).toBe(true);
  });

  it('lets only editors and admins manage documents, and hides archived ones from visitors', async () => {
    await expect(
      service.createDocument({ actor: viewer }, 'iso-27001', fields, upload('cert.pdf', pdfBytes(100))),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await service.createDocument({ actor: editor }, 'iso-27001', fields, upload('cert.pdf', pdfBytes(100)));
    await expect(service.archiveDocument({ actor: viewer }, 'iso-27001')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await service.archiveDocument({ actor: editor }, 'iso-27001');
    expect((await service.listPublic()).items).toEqual([]);
    await expect(service.openVersion('iso-27001')).rejects.toMatchObject({ code: 'not_found' });
    expect((await service.listForStaff(viewer)).map((item) => item.archivedAt)).toEqual(['2026-11-27T10:00:00.000Z']);
    expect(await storedRows()).toMatchObject({ documents: 1, versions: 1, chunks: 1, audit: 2 });
  });

  it('reports every metadata problem on its field before reading the file', async () => {
    await expect(
      service.createDocument(
        { actor: editor },
        'Bad Slug',
        { ...fields, title: ' ', language: 'english', category: 'x'.repeat(81) },
        upload('cert.pdf', pdfBytes(100), { validFrom: '2026-02-30' }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      problems: ['slug', 'title', 'category', 'language', 'validFrom'].map((field) =>
        expect.objectContaining({ field }),
      ),
    });
    expect((await storedRows()).documents).toBe(0);
  });

  it('opens only public documents for a direct download', async () => {
    await service.createDocument(
      { actor: editor },
      'pentest',
      { ...fields, accessLevel: 'nda' },
      upload('pentest.pdf', pdfBytes(100)),
    );
    await expect(service.openPublicDownload('pentest')).rejects.toMatchObject({ code: 'not_found' });
    // Gated downloads built on top open it through openVersion, after checking their grant.
    expect((await service.openVersion('pentest')).version.fileName).toBe('pentest.pdf');
  });
});
