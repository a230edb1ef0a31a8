/**
 * Soak: mixed public traffic at 200 connections for 60 s while staff edit and publish, against the server as
 * `npm start` runs it (dist/main.js, WORKERS = every core unless set). Reports errors, p99 latency, stale pages
 * after the last publish, and the RSS of all server processes over time.
 *
 *   npm run soak                       (SQLite in a temporary folder)
 *   SOAK_SECONDS=60 SOAK_CONNECTIONS=200 WORKERS=2 DATABASE_URL=postgres://… npm run soak
 *
 * Needs `wrk` (Debian package): a load generator written in JavaScript would take a core of its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContainer, prepareDatabase } from '../src/container.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WRK = '/usr/bin/wrk';
const SECONDS = Number(process.env.SOAK_SECONDS ?? '60');
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? '200');
const WORKERS = process.env.WORKERS ?? String(availableParallelism());
const PASSWORD = 'soak-password-1234567';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident memory of a process and its children, in MB (Linux /proc). */
function measureRssMb(pid: number): number {
  const pids = [pid];
  try {
    pids.push(
      ...execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    // No children: one process.
  }
  let kilobytes = 0;
  for (const each of pids) {
    const status = existsSync(`/proc/${each}/status`) ? readFileSync(`/proc/${each}/status`, 'utf8') : '';
    kilobytes += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kilobytes / 1024;
}

/** A staff member's browser, reduced to what the soak needs: cookies kept, forms posted, redirects not followed. */
class StaffClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: response.status, text: await response.text() };
  }

  post(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async signIn(email: string, password: string): Promise<string> {
    const page = await this.request('/admin/sign-in');
    const signedIn = await this.post('/admin/sign-in', { _csrf: readHiddenField(page.text, '_csrf'), email, password });
    if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
    return readHiddenField((await this.request('/admin')).text, '_csrf');
  }
}

function readHiddenField(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden field ${name} in the page`);
  return match[1];
}

function entryForm(slug: string, version: number, csrf: string): Record<string, string> {
  return {
    _csrf: csrf,
    slug,
    question: `How does the soak test keep ${slug} current?`,
    answer: `Soak version ${version} of this answer.`,
    category: 'asset-management',
    owner: 'security@example.test',
    reviewIntervalDays: '',
    alternativePhrasings: '',
    controls: 'A.5.9',
  };
}

async function main(): Promise<void> {
  if (!existsSync(WRK)) throw new Error(`wrk is not installed (${WRK}): apt-get install wrk`);
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `node scripts/build.mjs` first');
  const folder = await mkdtemp(join(tmpdir(), 'tillit-soak-'));
  const databaseUrl = process.env.DATABASE_URL ?? `file:${join(folder, 'soak.db')}`;
  const setup = createContainer({ databaseUrl, listenForChanges: false });
  await prepareDatabase(setup, join(ROOT, 'content'));
  for (const email of ['writer@soak.test', 'approver@soak.test']) {
    await setup.staff.createAccount({ email, name: email, role: 'admin', password: PASSWORD }, undefined);
  }
  const published = (await setup.content.getContent()).entries.filter((entry) => entry.status === 'published');
  await setup.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--optimize-for-size', main], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
      RATE_LIMIT_SEARCH: '0',
      WORKERS,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let tries = 0; ; tries += 1) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (tries > 300) throw new Error('the server did not start');
      await new Promise((done) => setTimeout(done, 100));
    }
    // Every worker must be up before the load starts.
    await new Promise((done) => setTimeout(done, 2000));

    const paths = [
      '/',
      ...published.slice(0, 30).map((entry) => `/faq/${entry.slug}`),
      '/category/asset-management',
      '/search?q=backup',
      '/search?q=encryption+keys',
      '/search?q=mfa',
      '/api/v1/search?q=data+residency',
      '/api/v1/search?q=incident',
    ];
    const script = join(folder, 'mixed.lua');
    await writeFile(
      script,
      `local paths = {${paths.map((path) => JSON.stringify(path)).join(', ')}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end
`,
    );

    const rss: { second: number; mb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      if (server.pid !== undefined)
        rss.push({ second: Math.round((Date.now() - started) / 1000), mb: measureRssMb(server.pid) });
    }, 5000);
    if (server.pid !== undefined) rss.push({ second: 0, mb: measureRssMb(server.pid) });

    const wrk = spawn(
      WRK,
      ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--timeout', '10s', '--latency', '-s', script, base],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let wrkOutput = '';
    wrk.stdout.on('data', (chunk: Buffer) => {
      wrkOutput += chunk.toString();
    });
    wrk.stderr.on('data', (chunk: Buffer) => {
      wrkOutput += chunk.toString();
    });
    const wrkDone = new Promise<void>((done) => wrk.once('exit', () => done()));

    // Staff: one writes and sends for review, the other approves (four eyes), for the length of the run.
    const writer = new StaffClient(base);
    const approver = new StaffClient(base);
    const writerCsrf = await writer.signIn('writer@soak.test', PASSWORD);
    const approverCsrf = await approver.signIn('approver@soak.test', PASSWORD);
    const latest = new Map<string, number>();
    const statuses = new Map<string, number>();
    const count = (what: string, status: number) =>
      statuses.set(`${what} ${status}`, (statuses.get(`${what} ${status}`) ?? 0) + 1);
    let cycle = 0;
    let isRunning = true;
    void wrkDone.then(() => {
      isRunning = false;
    });
    while (isRunning) {
      cycle += 1;
      const slug = `soak-entry-${cycle}`;
      count('create', (await writer.post('/admin/entries', entryForm(slug, 1, writerCsrf))).status);
      count('submit', (await writer.post(`/admin/entries/${slug}/submit`, { _csrf: writerCsrf })).status);
      count('approve', (await approver.post(`/admin/entries/${slug}/approve`, { _csrf: approverCsrf })).status);
      latest.set(slug, 1);
      // Edit a published soak entry again; without four-eyes (the default) the edit is public at once.
      const previous = `soak-entry-${Math.max(1, cycle - 1)}`;
      const version = (latest.get(previous) ?? 1) + 1;
      const edited = await writer.post(`/admin/entries/${previous}`, entryForm(previous, version, writerCsrf));
      count('edit', edited.status);
      if (edited.status === 303) latest.set(previous, version);
      await new Promise((done) => setTimeout(done, 1000));
    }
    await wrkDone;
    clearInterval(sampler);
    if (server.pid !== undefined)
      rss.push({ second: Math.round((Date.now() - started) / 1000), mb: measureRssMb(server.pid) });

    // Every process checks the revision at most every 500 ms: a second after the last publish, nothing is stale.
    await new Promise((done) => setTimeout(done, 1000));
    let stale = 0;
    let checked = 0;
    for (const [slug, version] of latest) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const page = await fetch(`${base}/faq/${slug}`, { headers: { connection: 'close' } }).then((r) => r.text());
        checked += 1;
        if (!page.includes(`Soak version ${version} of this answer.`)) stale += 1;
      }
    }

    const requests = Number(/(\d+) requests in/.exec(wrkOutput)?.[1] ?? Number.NaN);
    const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOutput)?.[1] ?? Number.NaN);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrkOutput)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(wrkOutput);
    const socketErrors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
    const p99 = /\s99%\s+([\d.]+\w+)/.exec(wrkOutput)?.[1] ?? '?';
    const p50 = /\s50%\s+([\d.]+\w+)/.exec(wrkOutput)?.[1] ?? '?';
    process.stdout.write(
      [
        `Soak: ${SECONDS} s, ${CONNECTIONS} connections, ${WORKERS} server processes, ${databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}`,
        `  public requests: ${requests} (${perSecond} req/s), errors: ${non2xx} non-2xx/3xx + ${socketErrors} socket${socket ? ` (connect ${socket[1]}, read ${socket[2]}, write ${socket[3]}, timeout ${socket[4]})` : ''}`,
        `  latency: p50 ${p50}, p99 ${p99}`,
        `  staff: ${cycle} cycles; ${[...statuses].map(([key, value]) => `${key} ×${value}`).join(', ')}`,
        `  stale pages after the last publish: ${stale} of ${checked}`,
        `  RSS of all server processes (MB): ${rss.map((sample) => `${sample.second}s ${sample.mb.toFixed(0)}`).join(', ')}`,
        `  RSS max ${Math.max(...rss.map((sample) => sample.mb)).toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
    if (non2xx + socketErrors > 0 || stale > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    if (process.env.SOAK_KEEP !== '1') await rm(folder, { recursive: true, force: true });
  }
}

await main();
