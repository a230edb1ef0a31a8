import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresRun, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import type { Actor } from '../domain/staff.js';
import { CHUNKS_PER_TURN, DocumentRepository } from './document.repository.js';
import { TurnBudget } from './turn-budget.js';

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

  /** Stores a public document of `chunks` chunks and returns its current version's id. */
  async function storeLarge(slug: string, chunks: number): Promise<number> {
    const admin = await adminActor();
    await container.documents.createDocument(
      { actor: admin },
      slug,
      { title: slug, description: 'Big.', category: 'Reports', language: 'en', accessLevel: 'public' },
      {
        fileName: `${slug}.pdf`,
        versionLabel: '1',
        validFrom: '2026-01-01',
        validUntil: null,
        stream: generatedPdf(chunks),
      },
    );
    const opened = await container.documents.openPublicDownload(slug);
    return opened.version.id;
  }

  let admin: Actor | undefined;
  async function adminActor(): Promise<Actor> {
    admin ??= await container.staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: 'a long enough password 1' },
      undefined,
    );
    return admin;
  }

  afterEach(() => {
    admin = undefined;
  });

  it('lets 10 readers at once read no more than the turn budget of chunks in a turn, each file whole', async () => {
    const versionId = await storeLarge('large-report', 6);
    const scheduled: Array<() => void> = [];
    const budget = new TurnBudget(CHUNKS_PER_TURN, (run) => scheduled.push(run));
    const { db, dialect, sqlite } = container.database;
    const repository = new DocumentRepository(db, dialect, { sqlite, chunkTurns: budget });
    let turn = 0;
    const readsByTurn: number[] = [];
    let reading = 10;
    const readers = Array.from({ length: 10 }, async () => {
      let bytes = 0;
      for await (const chunk of repository.readChunks(versionId)) {
        readsByTurn[turn] = (readsByTurn[turn] ?? 0) + 1;
        bytes += chunk.byteLength;
      }
      reading -= 1;
      return bytes;
    });
    /** Until every reader still reading waits for a place (PostgreSQL answers over the network, in later turns). */
    const untilAllWait = async () => {
      for (let step = 0; step < 10_000 && budget.waitingCount < reading; step += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await untilAllWait();
    while (scheduled.length > 0) {
      turn += 1;
      for (const run of scheduled.splice(0)) run();
      await untilAllWait();
    }

    expect(await Promise.all(readers)).toEqual(Array(10).fill(6 * CHUNK_BYTES));
    expect(readsByTurn.reduce((sum, count) => sum + count, 0)).toBe(60);
    expect(Math.max(...readsByTurn)).toBe(CHUNKS_PER_TURN);
  });

  it.skipIf(isPostgresRun)('reads chunks on SQLite through statements prepared once, not once a chunk', async () => {
    const versionId = await storeLarge('large-report', 5);
    const { db, dialect, sqlite } = container.database;
    if (!sqlite) throw new Error('an SQLite test database has its connection');
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    const repository = new DocumentRepository(db, dialect, { sqlite });

    for (let read = 0; read < 3; read += 1) {
      let bytes = 0;
      for await (const chunk of repository.readChunks(versionId)) bytes += chunk.byteLength;
      expect(bytes).toBe(5 * CHUNK_BYTES);
    }
    expect(prepared.filter((source) => source.includes('document_chunk'))).toHaveLength(2);
  });
});
