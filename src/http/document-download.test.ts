import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmAccessRequest } from '../../test/confirmed-access-request.js';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import type { AccessLevel } from '../domain/document.js';
import type { Actor } from '../domain/staff.js';
import { createApp } from './app.js';

const BASE = 'https://trust.example.test';
// Nine stored chunks and a part of a tenth (chunks are 256 KB).
const SIZE = 9 * 256 * 1024 + 12_345;

let database: TestDatabase;
let container: Container;
let server: ReturnType<typeof serve>;
let origin: string;
let editor: Actor;

/** A PDF-looking file whose bytes differ from chunk to chunk, so a chunk sent twice or out of order shows. */
function pdfBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + (index >> 18) * 7) % 251;
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
}

/** Numbered lines of Swedish text (UTF-8 with two-byte letters across chunk boundaries). */
function textBytes(size: number): Uint8Array {
  const lines: string[] = [];
  let length = 0;
  for (let line = 0; length < size; line += 1) {
    const text = `Rad ${line}: sekretessbelagd översikt för Åsa Öberg, kund ${line % 97}.\n`;
    lines.push(text);
    length += Buffer.byteLength(text);
  }
  return new TextEncoder().encode(lines.join(''));
}

async function store(slug: string, accessLevel: AccessLevel, fileName: string, bytes: Uint8Array): Promise<void> {
  await container.documents.createDocument(
    { actor: editor },
    slug,
    { title: slug, description: 'Large.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName,
      versionLabel: '1',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: (async function* () {
        // As an upload arrives: in pieces that do not line up with the stored chunks.
        for (let start = 0; start < bytes.length; start += 100_000) yield bytes.subarray(start, start + 100_000);
      })(),
    },
  );
}

/** A GET over its own connection; the body is read when `startReading` resolves (a client that stops reading). */
function download(path: string, startReading: Promise<void> = Promise.resolve()) {
  return new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    get(`${origin}${path}`, { agent: false }, (response) => {
      response.pause();
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts) }));
      response.on('error', reject);
      void startReading.then(() => response.resume());
    }).on('error', reject);
  });
}

beforeEach(async () => {
  database = await createTestDatabase();
  container = createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    access: { grantDays: 30, maintenanceIntervalMs: 0, baseUrl: BASE },
  });
  await prepareDatabase(container, undefined);
  editor = await container.staff.createAccount(
    { email: 'editor@example.test', name: 'Editor', role: 'editor', password: 'a long enough password 1' },
    undefined,
  );
  const app = createApp(container, { publicUrl: BASE });
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await container.close();
  await database.remove();
});

describe('large documents over real connections, many at once', () => {
  it('sends every public and gated download byte for byte, while one client has stopped reading', async () => {
    const report = pdfBytes(SIZE);
    const notes = textBytes(SIZE);
    await store('large-report', 'public', 'large-report.pdf', report);
    await store('large-notes', 'nda', 'large-notes.txt', notes);
    const admin = await container.staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: 'a long enough password 1' },
      undefined,
    );
    await container.nda.publish({ actor: admin }, { label: '2026-1', body: '# NDA\n\nWhat we share stays with you.' });
    const { portalPath } = await confirmAccessRequest(container, ['large-notes'], BASE);
    const portalToken = portalPath.split('/').pop() ?? '';
    const links = await Promise.all(
      [1, 2, 3].map(() => container.access.createDownloadLink(portalToken, 'large-notes')),
    );

    let othersDone: () => void = () => {};
    const othersFinished = new Promise<void>((resolve) => {
      othersDone = resolve;
    });
    const stalled = download('/documents/large-report/download', othersFinished);
    const others = await Promise.all([
      ...Array.from({ length: 5 }, () => download('/documents/large-report/download')),
      ...links.map((link) => download(link)),
    ]);
    othersDone();
    const late = await stalled;

    for (const { status, body } of [...others.slice(0, 5), late]) {
      expect(status).toBe(200);
      expect(body.length).toBe(report.length);
      expect(body.equals(report)).toBe(true);
    }
    for (const { status, body } of others.slice(5)) {
      expect(status).toBe(200);
      expect(body.length).toBe(notes.length);
      expect(body.equals(notes)).toBe(true);
    }
  });
});
