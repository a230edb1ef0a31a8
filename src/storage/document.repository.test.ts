import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';

const CHUNK_BYTES = 256 * 1024;

let database: TestDatabase;
let container: Container;

beforeEach(async () => {
  database = await createTestDatabase();
  container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: 0 });
  await prepareDatabase(container, undefined);
});

afterEach(async () => {
  await container.close();
  await database.remove();
});

/** A PDF-looking file of `chunks` stored chunks, fed in as the upload would be. */
async function* generatedPdf(chunks: number): AsyncGenerator<Uint8Array> {
  for (let index = 0; index < chunks; index += 1) {
    const chunk = new Uint8Array(CHUNK_BYTES).fill(0x41);
    if (index === 0) chunk.set(new TextEncoder().encode('%PDF-1.7\n'));
    yield chunk;
  }
}

describe('reading a stored file', () => {
  it('gives other requests a turn between chunks, so one fast reader does not hold the event loop for the whole file', async () => {
    const admin = await container.staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: 'a long enough password 1' },
      undefined,
    );
    await container.documents.createDocument(
      { actor: admin },
      'large-report',
      { title: 'Large report', description: 'Big.', category: 'Reports', language: 'en', accessLevel: 'public' },
      { fileName: 'large.pdf', versionLabel: '1', validFrom: '2026-01-01', validUntil: null, stream: generatedPdf(8) },
    );
    const opened = await container.documents.openPublicDownload('large-report');

    // A request that arrives while the file is read stands for the other work: it runs on the next turn of the loop.
    let chunksReadWhenOtherWorkRan: number | undefined;
    let chunksRead = 0;
    let bytesRead = 0;
    setImmediate(() => {
      chunksReadWhenOtherWorkRan = chunksRead;
    });
    for await (const chunk of opened.chunks) {
      chunksRead += 1;
      bytesRead += chunk.byteLength;
    }

    expect(bytesRead).toBe(8 * CHUNK_BYTES);
    expect(chunksRead).toBe(8);
    expect(chunksReadWhenOtherWorkRan).toBeDefined();
    expect(chunksReadWhenOtherWorkRan).toBeLessThan(8);
  });
});
