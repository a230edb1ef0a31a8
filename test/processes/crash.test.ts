import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContainer, prepareDatabase } from '../../src/container.js';
import { type AppProcess, startAppProcess } from '../app-process.js';
import { CookieClient, readHiddenField } from '../create-admin-test-app.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

/**
 * Crash safety: the server is killed with SIGKILL in the middle of a burst of staff writes, again and again, and
 * started again each time exactly as an operator would (no repair step). No write the server acknowledged (answered
 * with its redirect) may be lost, and the database must pass its own integrity checks. `npm test` runs a few rounds;
 * `npm run crash` runs 20 (TILLIT_CRASH_ROUNDS), and on PostgreSQL with TILLIT_TEST_DATABASE=postgres.
 */
const ROUNDS = Number(process.env.TILLIT_CRASH_ROUNDS ?? '3');
const EMAIL = 'crash-admin@example.test';
const PASSWORD = 'crash-test-password-1234';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A CookieClient speaking to a real server over HTTP. */
function httpClient(baseUrl: string, cookies?: Map<string, string>): CookieClient {
  const client = new CookieClient(
    { request: (input: string, init?: RequestInit) => fetch(input, { ...init, redirect: 'manual' }) },
    baseUrl,
  );
  for (const [name, value] of cookies ?? []) client.cookies.set(name, value);
  return client;
}

function entryForm(slug: string, version: number, csrf: string): Record<string, string> {
  return {
    _csrf: csrf,
    slug,
    question: `Is ${slug} kept safe through a crash?`,
    answer: `Version ${version} of this answer.`,
    category: 'asset-management',
    owner: 'security@example.test',
    reviewIntervalDays: '',
    alternativePhrasings: '',
    controls: 'A.5.9',
  };
}

/** What the server acknowledged: the entries it created and, per entry, the last version it saved. */
interface Acknowledged {
  created: Set<string>;
  versions: Map<string, number>;
  submitted: Set<string>;
}

/**
 * Sends creates, edits and submissions for review from several clients at once until `killAfter` were
 * acknowledged, then kills the server with SIGKILL while more are in flight.
 */
async function burstAndKill(
  server: AppProcess,
  client: CookieClient,
  csrf: string,
  round: number,
  acknowledged: Acknowledged,
) {
  const killAfter = 12;
  let count = 0;
  let isKilled = false;
  const note = () => {
    count += 1;
    if (count >= killAfter && !isKilled) {
      isKilled = true;
      server.child.kill('SIGKILL');
    }
  };
  const writer = async (lane: number) => {
    for (let step = 0; !isKilled; step += 1) {
      const slug = `crash-r${round}-l${lane}-s${step}`;
      try {
        const created = await client.post('/admin/entries', entryForm(slug, 1, csrf));
        if (created.response.status !== 303) throw new Error(`create answered ${created.response.status}`);
        acknowledged.created.add(slug);
        acknowledged.versions.set(slug, 1);
        note();
        const edited = await client.post(`/admin/entries/${slug}`, entryForm(slug, 2, csrf));
        if (edited.response.status !== 303) throw new Error(`edit answered ${edited.response.status}`);
        acknowledged.versions.set(slug, 2);
        note();
        const submitted = await client.post(`/admin/entries/${slug}/submit`, { _csrf: csrf });
        if (submitted.response.status !== 303) throw new Error(`submit answered ${submitted.response.status}`);
        acknowledged.submitted.add(slug);
        note();
      } catch (error) {
        // A request cut off by the kill is not acknowledged; anything else is a failure of the test.
        if (isKilled) return;
        throw error;
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
  await new Promise<void>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) resolve();
    else server.child.once('exit', () => resolve());
  });
  expect(server.child.signalCode).toBe('SIGKILL');
}

describe('crash safety', () => {
  it(
    `loses no acknowledged staff write when the server is killed ${ROUNDS} times mid-burst, and starts again each time`,
    async () => {
      const database: TestDatabase = await createTestDatabase();
      cleanups.push(() => database.remove());
      const setup = createContainer({ databaseUrl: database.url, listenForChanges: false });
      await prepareDatabase(setup, EXAMPLE_CONTENT);
      await setup.staff.createAccount(
        { email: EMAIL, name: 'Crash Admin', role: 'admin', password: PASSWORD },
        undefined,
      );
      await setup.close();

      const acknowledged: Acknowledged = { created: new Set(), versions: new Map(), submitted: new Set() };
      let cookies: Map<string, string> | undefined;
      for (let round = 1; round <= ROUNDS; round += 1) {
        const server = await startAppProcess({ DATABASE_URL: database.url });
        cleanups.push(() => server.stop());
        const client = httpClient(server.baseUrl, cookies);
        if (cookies === undefined) {
          const signIn = await client.signIn(EMAIL, PASSWORD);
          expect(signIn.response.status).toBe(303);
          cookies = client.cookies;
        }
        // The session survives the crashes: it lives in the database.
        const csrf = readHiddenField((await client.get('/admin')).text, '_csrf');
        await burstAndKill(server, client, csrf, round, acknowledged);
      }

      const check = createContainer({ databaseUrl: database.url, listenForChanges: false });
      try {
        if (database.dialect === 'sqlite') {
          const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check.database.db);
          expect(integrity.rows.map((row) => row.integrity_check)).toEqual(['ok']);
          const foreignKeys = await sql`pragma foreign_key_check`.execute(check.database.db);
          expect(foreignKeys.rows).toEqual([]);
        }
        expect(acknowledged.created.size).toBeGreaterThanOrEqual(ROUNDS * 4);
        const lost: string[] = [];
        for (const slug of acknowledged.created) {
          const entry = await check.entries.getEntry(slug).catch(() => undefined);
          if (entry === undefined) {
            lost.push(`${slug}: missing`);
            continue;
          }
          const version = Number(/Version (\d+)/.exec(entry.answer)?.[1] ?? 0);
          if (version < (acknowledged.versions.get(slug) ?? 0)) lost.push(`${slug}: version ${version}`);
          if (acknowledged.submitted.has(slug) && entry.status !== 'in_review') lost.push(`${slug}: ${entry.status}`);
        }
        expect(lost).toEqual([]);
        if (process.env.TILLIT_CRASH_ROUNDS !== undefined) {
          process.stdout.write(
            `crash: ${ROUNDS} kills on ${database.dialect}; acknowledged ${acknowledged.created.size} creations, ` +
              `${[...acknowledged.versions.values()].filter((version) => version === 2).length} edits, ` +
              `${acknowledged.submitted.size} submissions; lost 0; integrity ok\n`,
          );
        }
        // The audit log kept up: every acknowledged creation has its event (written in the same transaction).
        const { items } = await check.audit.list({ actionPrefix: 'entry.create' }, 1, 10_000);
        const audited = new Set(items.map((event) => event.targetId));
        expect([...acknowledged.created].filter((slug) => !audited.has(slug))).toEqual([]);
      } finally {
        await check.close();
      }
    },
    60_000 + ROUNDS * 45_000,
  );
});
