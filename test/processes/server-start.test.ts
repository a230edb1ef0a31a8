import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/database.js';
import { startAppProcess } from '../app-process.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.remove();
});

function runServer(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', WORKERS: '1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('server start-up', () => {
  it('refuses to start on a database migrated by a newer Tillit', async () => {
    const database = await createTestDatabase({ dialect: 'sqlite' });
    databases.push(database);
    const handle = openDatabase(database.url);
    await migrateToLatest(handle);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-newer', '2030-01-01')`.execute(handle.db);
    await handle.close();
    const result = runServer({ DATABASE_URL: database.url });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Tillit could not start: .*newer Tillit.*9999-newer/);
  });

  it('lists every configuration problem at once', () => {
    const result = runServer({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).toContain('DATABASE_URL: must start with file:');
  });

  it('says so clearly when the PostgreSQL server cannot be reached', () => {
    const result = runServer({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/tillit' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Tillit could not start: .*(ECONNREFUSED|cannot be reached)/);
  });

  it('loads the example folder with its documents and NDA on a first start, and serves a public document', async () => {
    const database = await createTestDatabase({ dialect: 'sqlite' });
    databases.push(database);
    const server = await startAppProcess({ DATABASE_URL: database.url, CONTENT_DIR: EXAMPLE_CONTENT });
    try {
      const listing = await fetch(`${server.baseUrl}/documents`);
      expect(listing.status).toBe(200);
      const html = await listing.text();
      expect(html).toContain('href="/documents/iso-27001-certificate"');
      expect(html).toContain('href="/documents/supplier-review-fibre"');
      const download = await fetch(`${server.baseUrl}/documents/iso-27001-certificate/download`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.equals(readFileSync(`${EXAMPLE_CONTENT}/documents/iso-27001-certificate.pdf`))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('finishes in-flight requests on SIGTERM and then exits', async () => {
    const database = await createTestDatabase({ dialect: 'sqlite' });
    databases.push(database);
    const server = await startAppProcess({ DATABASE_URL: database.url, CONTENT_DIR: EXAMPLE_CONTENT });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    // Ten requests the server is in the middle of receiving when it is told to stop.
    const port = Number(new URL(server.baseUrl).port);
    const sockets = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const socket = connect(port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write('GET /search?q=encryption HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        return socket;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const responses = await Promise.all(
      sockets.map(async (socket) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        socket.write('\r\n');
        await once(socket, 'end');
        return text;
      }),
    );
    for (const response of responses) {
      expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(response).toMatch(/^connection: close/im);
      expect(response).toContain('</html>');
    }
    expect(await exited).toBe(0);
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  });
});
