import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createContainer } from '../../src/container.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

const WRITE_LOOP = fileURLToPath(new URL('./write-loop.ts', import.meta.url));
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.remove();
});

/** Runs the write loop, kills it with SIGKILL after some acknowledged writes, returns the last one. */
async function killDuringWrites(url: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITE_LOOP, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let lastAcknowledged = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const revision = Number(/^ack (\d+)$/.exec(line)?.[1]);
        if (revision > 0) lastAcknowledged = revision;
        // Kill in the middle of the stream of writes, not at a quiet moment.
        if (lastAcknowledged >= 8 && child.exitCode === null) child.kill('SIGKILL');
      }
    });
    child.once('exit', () => resolve());
    child.once('error', reject);
    setTimeout(() => reject(new Error(`write loop did not get going: ${stderr}`)), 60_000).unref();
  });
  expect(child.signalCode).toBe('SIGKILL');
  return lastAcknowledged;
}

describe('durability', () => {
  it('loses no acknowledged write when the writing process is killed with SIGKILL', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const lastAcknowledged = await killDuringWrites(database.url);
    expect(lastAcknowledged).toBeGreaterThanOrEqual(8);

    const container = createContainer({ databaseUrl: database.url, listenForChanges: false });
    try {
      const revision = await container.content.getRevision();
      expect(revision).toBeGreaterThanOrEqual(lastAcknowledged);
      // The database is whole: the content loads and the question carries a committed round.
      const content = await container.content.getContent();
      expect(content.entries.length).toBeGreaterThanOrEqual(60);
      expect(content.entries[0]?.question).toMatch(/^Round \d+: /);
    } finally {
      await container.close();
    }
  });
});
