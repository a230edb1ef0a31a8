import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { type AppProcess, startAppProcess } from '../app-process.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { type PostgresCluster, startPostgresCluster } from '../postgres-cluster.js';

let cluster: PostgresCluster;
let processes: AppProcess[] = [];
let folder: string;
const cliErrors: string[] = [];
const cliOutput = { out: () => {}, error: (line: string) => cliErrors.push(line) };

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database tillit');
  await admin.end();
  folder = mkdtempSync(join(tmpdir(), 'tillit-scale-'));
  // The test polls search every 25 ms from one address; the per-client search limit would answer 429.
  const env = { DATABASE_URL: cluster.url('tillit'), CONTENT_DIR: EXAMPLE_CONTENT, RATE_LIMIT_SEARCH: '0' };
  // The first process migrates and loads the content; the second finds both done.
  processes.push(await startAppProcess(env));
  processes.push(await startAppProcess(env));
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((process) => process.stop()));
  processes = [];
  cluster?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not seen within ${timeoutMs} ms`);
}

describe('two app processes on one PostgreSQL', () => {
  it('both serve the same content', async () => {
    for (const process of processes) {
      const html = await (await fetch(`${process.baseUrl}/faq/mfa-for-administrative-access`)).text();
      expect(html).toContain('Do you require MFA for administrative access?');
    }
  });

  it('shows an edit made elsewhere in every process, page and search, within a second', async () => {
    const edited = join(folder, 'content');
    cpSync(EXAMPLE_CONTENT, edited, { recursive: true });
    const path = join(edited, 'entries', 'mfa-for-administrative-access.md');
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8').trimEnd()}\n\nHardware keys are issued as quokkaverified tokens.\n`,
    );

    // Warm both processes so they hold a cached page and index from before the change.
    for (const process of processes) await fetch(`${process.baseUrl}/faq/mfa-for-administrative-access`);
    const code = await runCli(['import', edited], { DATABASE_URL: cluster.url('tillit') }, cliOutput);
    expect(code, cliErrors.join('\n')).toBe(0);

    for (const process of processes) {
      const pageDelay = await waitFor(
        async () =>
          (await (await fetch(`${process.baseUrl}/faq/mfa-for-administrative-access`)).text()).includes(
            'quokkaverified',
          ),
        1000,
      );
      const searchDelay = await waitFor(async () => {
        const body = (await (await fetch(`${process.baseUrl}/api/v1/search?q=quokkaverified`)).json()) as {
          total: number;
        };
        return body.total === 1;
      }, 1000);
      expect(pageDelay).toBeLessThan(1000);
      expect(searchDelay).toBeLessThan(1000);
    }
  });
});
