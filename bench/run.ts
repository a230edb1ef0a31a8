/**
 * Tillit benchmarks, in one run: `npm run bench` (node --import tsx bench/run.ts).
 *
 *   1. Page throughput of Tillit (every core) against nginx serving the same bytes as static files and a bare
 *      node:http server answering them from a buffer (every core), measured with wrk (autocannon only as a fallback).
 *   2. Search latency over 10,000 generated entries (bench/search.bench.ts, if present).
 *   3. Memory (RSS) and cold start with 10,000 entries, against the example content.
 *   4. Scale-out: SQLite vs PostgreSQL, and 1 vs 2 app processes on PostgreSQL behind an nginx proxy
 *      (bench/scale.bench.ts; needs the PostgreSQL server binaries under /usr/lib/postgresql).
 *   5. Hostile inputs: peak RSS growth and the worst /healthz latency while anonymous 200 MB bodies,
 *      lying zip bombs, a 20,000-row questionnaire and a nested-quote answer hit the server
 *      (bench/hostile.bench.ts).
 *   6. Documents: watermarking a 50-page PDF in the worker (time, peak RSS) beside pdf-lib load + save of the
 *      same file (bench/documents.bench.ts).
 *   7. Downloads over HTTP: a watermarked 50-page PDF beside the same PDF as a public download, and 50 concurrent
 *      downloads of a 20 MB document (public and gated) beside one download; time, MB/s, the server's peak RSS and
 *      the worst /healthz latency (bench/downloads.bench.ts).
 *
 * Environment:
 *   BENCH_DURATION     seconds per measured load run (default 10; warm-up is 2 s each)
 *   BENCH_CONNECTIONS  connections of the load generator (default 50; wrk when installed, else autocannon)
 *   BENCH_ENTRIES      entries in the generated content folder (default 10000)
 *   BENCH_COLD_RUNS    cold starts per content size, the median is reported (default 3)
 *   BENCH_ONLY         comma list of parts to run: throughput,search,memory,scale,hostile,documents,downloads (default all)
 *   BENCH_VERBOSE=1    show the search benchmark's own console output
 *   BENCH_KEEP=1       keep the temporary folder (path is printed)
 *
 * Uses only Node built-ins, autocannon and the project's own code. Every child process is
 * stopped at the end, also on errors and Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon, { type Result as CannonResult } from 'autocannon';
import type { ScaleFigures } from './scale.bench.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_CONTENT = join(ROOT, 'content');
const NGINX = '/usr/sbin/nginx';

const DURATION_S = positiveInt('BENCH_DURATION', 10);
const WARMUP_S = 2;
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 50);
const ENTRY_COUNT = positiveInt('BENCH_ENTRIES', 10_000);
const COLD_RUNS = positiveInt('BENCH_COLD_RUNS', 3);
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'throughput,search,memory,scale,hostile,documents,downloads')
    .split(',')
    .map((part) => part.trim()),
);

const TARGET_RATIO = 0.5;
const TARGET_HOME_RATIO = 0.8;
const TARGET_NODE_RATIO = 0.8;
const TARGET_RSS_MB = 200;
const TARGET_COLD_START_MS = 1_000;
const TARGET_SEARCH_P95_MS = 2;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is registered so that nothing outlives the benchmark.

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Synchronous clean-ups that are not child processes (a PostgreSQL cluster), run after the children are killed. */
const exitCleanups = new Set<() => void>();

/** Registers a synchronous clean-up for exit, error and Ctrl-C; returns a function that unregisters it. */
function onExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** Synchronous last resort: node children are killed, nginx masters told to stop their workers. */
function killAllNow(): void {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    // nginx's master stops its workers on SIGTERM; SIGKILL would orphan them.
    child.kill(child.spawnfile === NGINX ? 'SIGTERM' : 'SIGKILL');
  }
  for (const cleanup of [...exitCleanups]) {
    exitCleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort on the way out.
    }
  }
}
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

/** Asks a child to stop (SIGTERM), then SIGKILLs it after a grace period. */
async function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain GET without Accept-Encoding, as autocannon sends it; no keep-alive. */
function get(url: string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)));
    req.on('error', fail);
    req.end();
  });
}

/** Polls a URL until it answers 200; returns the time of that answer. Fails if the child dies. */
async function waitFor200(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered\n${stderr()}`);
    }
    try {
      const response = await get(url, Math.max(1, deadline - performance.now()));
      if (response.status === 200) return performance.now();
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms\n${stderr()}`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

interface Tillit {
  child: ChildProcess;
  port: number;
  base: string;
  /** Milliseconds from spawn to the first 200 on `/`. */
  startMs: number;
}

/**
 * Spawns `node --optimize-for-size dist/main.js` (what npm start runs, built by the bench script) directly, so the pid
 * is the server. Keep these flags the same as package.json's start script.
 * `database` is a SQLite file path; `databaseUrl` (e.g. postgres://…) takes precedence. With `healthz`, it also
 * waits for GET /healthz 200 after the first 200 on `/` (startMs still ends at that first `/`).
 */
async function startTillit(options: {
  database?: string;
  databaseUrl?: string;
  contentDir: string;
  timeoutMs: number;
  healthz?: boolean;
  env?: Record<string, string>;
}): Promise<Tillit> {
  const databaseUrl = options.databaseUrl ?? (options.database === undefined ? undefined : `file:${options.database}`);
  if (databaseUrl === undefined) throw new Error('startTillit needs database or databaseUrl');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let stderr = '';
  const spawnedAt = performance.now();
  const child = track(
    spawn(process.execPath, ['--optimize-for-size', 'dist/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        CONTENT_DIR: options.contentDir,
        LOG_LEVEL: 'silent',
        // The load generators send every request from 127.0.0.1; the per-client search limit would
        // turn most of them into 429s and measure the limiter instead of search.
        RATE_LIMIT_SEARCH: '0',
        // One process, so that the pid is the server whose memory is measured (WORKERS defaults to one per core).
        WORKERS: '1',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const answeredAt = await waitFor200(`${base}/`, child, options.timeoutMs, () => stderr);
  if (options.healthz) await waitFor200(`${base}/healthz`, child, options.timeoutMs, () => stderr);
  return { child, port, base, startMs: answeredAt - spawnedAt };
}

/** Resident set size of a process, from /proc/<pid>/status (VmRSS, and the peak VmHWM). */
async function readRss(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** One autocannon run; with `paths`, every connection requests them in turn (round-robin). */
function cannon(url: string, durationS: number, paths?: readonly string[]): Promise<CannonResult> {
  return new Promise((done, fail) => {
    const requests = paths?.map((path) => ({ method: 'GET', path }));
    autocannon(
      { url, connections: CONNECTIONS, duration: durationS, ...(requests ? { requests } : {}) },
      (error, result) => {
        if (error) fail(error);
        else done(result);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Page throughput against nginx

interface ThroughputRow {
  server: 'tillit' | 'nginx' | 'node';
  page: 'home' | 'entry';
  path: string;
  bytes: number;
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

interface ThroughputFigures {
  rows: ThroughputRow[];
  ratios: { page: 'home' | 'entry'; ratio: number; ratioToNode: number; meetsTarget: boolean }[];
  note: string;
}

function nginxConfig(port: number, root: string, tmp: string, entryPath: string): string {
  return `# Tuned 2-worker configuration from /work/shared/STACK.md ("The ceiling for page-throughput benchmarks").
user root;
worker_processes 2;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${tmp}/client_body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  open_file_cache max=100 inactive=60s; open_file_cache_valid 60s; etag off;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location = / { default_type text/html; try_files /index.html =404; }
    location = ${entryPath} { default_type text/html; try_files /entry.html =404; }
  }
}
`;
}

async function startNginx(
  tmp: string,
  root: string,
  entryPath: string,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const nginxDir = join(tmp, 'nginx');
  await mkdir(nginxDir, { recursive: true });
  const configPath = join(nginxDir, 'nginx.conf');
  await writeFile(configPath, nginxConfig(port, root, nginxDir, entryPath));
  let stderr = '';
  const child = track(
    spawn(NGINX, ['-c', configPath, '-p', nginxDir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/`, child, 10_000, () => `${stderr}${readErrorLogSafe(nginxDir)}`);
  return { child, base };
}

function readErrorLogSafe(nginxDir: string): string {
  return existsSync(join(nginxDir, 'error.log')) ? `(see ${join(nginxDir, 'error.log')})` : '';
}

async function firstEntrySlug(contentDir: string): Promise<string> {
  const files = (await readdir(join(contentDir, 'entries'))).filter((name) => name.endsWith('.md')).sort();
  const first = files[0];
  if (first === undefined) throw new Error(`no entries in ${contentDir}`);
  return first.slice(0, -'.md'.length);
}

const WRK = '/usr/bin/wrk';
const THREADS_WRK = 1;

/** A bare `node:http` server answering every request with one prebuilt buffer, in `workers` processes (node:cluster). */
const BARE_NODE_SERVER = `
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
const [port, file, workers] = process.argv.slice(2);
if (cluster.isPrimary && Number(workers) > 1) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
} else {
  const body = readFileSync(file);
  createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'content-length': body.length });
    response.end(body);
  }).listen(Number(port), '127.0.0.1');
}
`;

/** One load run against a URL: wrk when installed (a native generator), else autocannon (which caps the ceiling). */
async function load(
  url: string,
  durationS: number,
): Promise<{ reqPerS: number; p50Ms: number; p99Ms: number; requests: number; errors: number; non2xx: number }> {
  if (!existsSync(WRK)) {
    const result = await cannon(url, durationS);
    return {
      reqPerS: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
  }
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(WRK, [`-t${THREADS_WRK}`, `-c${CONNECTIONS}`, `-d${durationS}s`, '--latency', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('error', fail);
    child.once('exit', () => done(text));
  });
  const toMs = (value: string | undefined) => {
    const match = /([\d.]+)(us|ms|s)/.exec(value ?? '');
    if (!match) return Number.NaN;
    return Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'] ?? Number.NaN);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    reqPerS: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN),
    p50Ms: toMs(/\s50%\s+(\S+)/.exec(output)?.[1]),
    p99Ms: toMs(/\s99%\s+(\S+)/.exec(output)?.[1]),
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN),
    errors: socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
  };
}

async function startBareNode(
  tmp: string,
  file: string,
  workers: number,
): Promise<{ child: ChildProcess; base: string }> {
  const script = join(tmp, 'bare-node-server.mjs');
  await writeFile(script, BARE_NODE_SERVER);
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [script, String(port), file, String(workers)], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/`, child, 10_000, () => stderr);
  // Every worker listening before the load starts.
  await new Promise((done) => setTimeout(done, 500));
  return { child, base };
}

async function benchThroughput(tmp: string): Promise<ThroughputFigures> {
  const cores = cpus().length;
  const generator = existsSync(WRK)
    ? `wrk -t${THREADS_WRK} -c${CONNECTIONS}`
    : `autocannon -c${CONNECTIONS} (wrk is not installed: autocannon takes a core of its own and caps the ceiling)`;
  heading(
    `1. Page throughput vs nginx and bare Node (${generator}, ${WARMUP_S} s warm-up + ${DURATION_S} s, alternating)`,
  );
  if (!existsSync(WRK)) console.log('  WARNING: apt-get install wrk for figures that show the real ceiling.');
  const slug = await firstEntrySlug(EXAMPLE_CONTENT);
  const pages = [
    { page: 'home' as const, path: '/', file: 'index.html' },
    { page: 'entry' as const, path: `/faq/${slug}`, file: 'entry.html' },
  ];
  const tillit = await startTillit({
    database: join(tmp, 'throughput.db'),
    contentDir: EXAMPLE_CONTENT,
    timeoutMs: 60_000,
    // Every core, as npm start serves.
    env: { WORKERS: String(cores) },
  });
  let nginx: { child: ChildProcess; base: string } | undefined;
  const bare: { child: ChildProcess; base: string; path: string }[] = [];
  try {
    await new Promise((done) => setTimeout(done, 1000));
    // The exact bytes Tillit serves to a client that sends no Accept-Encoding become nginx's files.
    const root = join(tmp, 'www');
    await mkdir(root, { recursive: true });
    const bytes = new Map<string, number>();
    for (const { path, file } of pages) {
      const response = await get(`${tillit.base}${path}`);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      if (response.headers['content-encoding'] !== undefined) throw new Error(`GET ${path} came back encoded`);
      await writeFile(join(root, file), response.body);
      bytes.set(path, response.body.length);
      console.log(
        `  ${path.padEnd(34)} ${response.body.length.toLocaleString('en-US')} bytes of HTML (plain, no gzip)`,
      );
    }
    nginx = await startNginx(tmp, root, pages[1]?.path ?? '/faq/x');
    for (const { path, file } of pages) {
      const fromNginx = await get(`${nginx.base}${path}`);
      if (fromNginx.status !== 200 || fromNginx.body.length !== bytes.get(path)) {
        throw new Error(
          `nginx does not serve the same bytes for ${path} (status ${fromNginx.status}, ${fromNginx.body.length} bytes)`,
        );
      }
      bare.push({ ...(await startBareNode(tmp, join(root, file), cores)), path });
    }

    const rows: ThroughputRow[] = [];
    for (const { page, path } of pages) {
      const bareBase = bare.find((server) => server.path === path)?.base ?? '';
      for (const [server, base] of [
        ['tillit', tillit.base],
        ['nginx', nginx.base],
        ['node', bareBase],
      ] as const) {
        const url = `${base}${server === 'node' ? '/' : path}`;
        await load(url, WARMUP_S);
        const result = await load(url, DURATION_S);
        const row: ThroughputRow = { server, page, path, bytes: bytes.get(path) ?? 0, ...result };
        rows.push(row);
        console.log(
          `  ${server.padEnd(6)} ${page.padEnd(5)} ${fmt(row.reqPerS, 0).padStart(8)} req/s  p50 ${fmt(row.p50Ms, 2)} ms  p99 ${fmt(row.p99Ms, 2)} ms` +
            (row.errors + row.non2xx > 0 ? `  (${row.errors} errors, ${row.non2xx} non-2xx)` : ''),
        );
      }
    }
    const ratios = pages.map(({ page }) => {
      const rate = (server: ThroughputRow['server']) =>
        rows.find((row) => row.server === server && row.page === page)?.reqPerS ?? Number.NaN;
      const ratio = rate('tillit') / rate('nginx');
      const ratioToNode = rate('tillit') / rate('node');
      const target = page === 'home' ? TARGET_HOME_RATIO : TARGET_RATIO;
      const meetsTarget = ratio >= target && (page === 'home' || ratioToNode >= TARGET_NODE_RATIO);
      console.log(
        `  ${page.padEnd(5)} Tillit/nginx ${fmt(ratio, 2)} (target ${target})  Tillit/bare Node ${fmt(ratioToNode, 2)}` +
          `${page === 'entry' ? ` (target ${TARGET_NODE_RATIO})` : ''}  ${verdict(meetsTarget)}`,
      );
      return { page, ratio, ratioToNode, meetsTarget };
    });
    const note =
      `${generator}. nginx: 2 workers, open_file_cache, sendfile, etag off (STACK.md tuned config); tillit: ${cores} processes ` +
      `(WORKERS); bare Node: node:http answering a prebuilt buffer in ${cores} processes (node:cluster). All serve the same ` +
      `plain HTML (no Accept-Encoding sent). Load generator on the same ${cores}-core machine.`;
    return { rows, ratios, note };
  } finally {
    for (const server of bare) await stop(server.child);
    if (nginx) await stop(nginx.child);
    await stop(tillit.child);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Search latency (bench/search.bench.ts belongs to its own author; we only call it)

type SearchFigures = Record<string, unknown> & { p50Ms?: number; p95Ms?: number };

async function benchSearch(): Promise<SearchFigures | { skipped: string }> {
  heading('2. Search latency, 10,000 generated entries (bench/search.bench.ts, in-process)');
  const file = join(ROOT, 'bench', 'search.bench.ts');
  if (!existsSync(file)) {
    console.log('  skipped: bench/search.bench.ts does not exist');
    return { skipped: 'bench/search.bench.ts does not exist' };
  }
  const module = (await import(pathToFileURL(file).href)) as { runSearchBenchmark?: () => Promise<SearchFigures> };
  if (typeof module.runSearchBenchmark !== 'function') {
    console.log('  skipped: bench/search.bench.ts does not export runSearchBenchmark()');
    return { skipped: 'runSearchBenchmark is not exported' };
  }
  // The search benchmark prints its own progress lines; keep the table readable unless asked.
  const originalLog = console.log;
  let hiddenLines = 0;
  if (process.env.BENCH_VERBOSE !== '1') {
    console.log = () => {
      hiddenLines++;
    };
  }
  let figures: SearchFigures;
  try {
    figures = await module.runSearchBenchmark();
  } finally {
    console.log = originalLog;
  }
  if (hiddenLines > 0)
    console.log(`  (${hiddenLines} lines of runSearchBenchmark's own output hidden; BENCH_VERBOSE=1 shows them)`);
  for (const [key, value] of Object.entries(figures)) {
    console.log(
      `  ${key.padEnd(14)} ${typeof value === 'number' ? fmt(value, Number.isInteger(value) ? 0 : 3) : String(value)}`,
    );
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// 3. Memory and cold start

const VOCABULARY = [
  'access',
  'audit',
  'authentication',
  'authorisation',
  'availability',
  'backup',
  'baseline',
  'breach',
  'certificate',
  'change',
  'classification',
  'cloud',
  'compliance',
  'confidentiality',
  'configuration',
  'container',
  'continuity',
  'contract',
  'control',
  'customer',
  'data',
  'database',
  'deletion',
  'deployment',
  'detection',
  'device',
  'disaster',
  'encryption',
  'endpoint',
  'environment',
  'erasure',
  'firewall',
  'governance',
  'hardening',
  'hosting',
  'identity',
  'incident',
  'integrity',
  'intrusion',
  'inventory',
  'isolation',
  'key',
  'laptop',
  'logging',
  'malware',
  'monitoring',
  'network',
  'onboarding',
  'offboarding',
  'password',
  'patching',
  'penetration',
  'personal',
  'physical',
  'policy',
  'privacy',
  'processor',
  'production',
  'protection',
  'provider',
  'recovery',
  'redundancy',
  'regulation',
  'release',
  'remediation',
  'residency',
  'response',
  'restore',
  'retention',
  'review',
  'risk',
  'role',
  'rotation',
  'scanning',
  'segregation',
  'server',
  'session',
  'storage',
  'subprocessor',
  'supplier',
  'testing',
  'threat',
  'token',
  'training',
  'transfer',
  'vendor',
  'vulnerability',
  'workstation',
  'MFA',
  'SSO',
  'TLS',
  'GDPR',
  'NIS2',
  'SIEM',
  'HSM',
  'KMS',
  'SBOM',
  'ISMS',
  'RTO',
  'RPO',
  'DDoS',
];
const FILLER = [
  'we',
  'our',
  'the',
  'all',
  'is',
  'are',
  'with',
  'and',
  'for',
  'by',
  'every',
  'within',
  'across',
  'to',
  'of',
  'in',
  'on',
];
const OPENERS = [
  'How do you handle',
  'Do you have',
  'What is your approach to',
  'Who is responsible for',
  'How often do you review',
  'Where do you keep',
  'Can customers see',
  'Is there a process for',
];
const CONTROL_IDS = [
  ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
  ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
  ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
];

/** mulberry32: small, fast, reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickFrom<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

function slugsIn(yamlText: string): string[] {
  return [...yamlText.matchAll(/^- slug: ([a-z0-9-]+)\s*$/gm)].map((match) => match[1] ?? '');
}

/** Copies the example folder's YAML files and writes `count` generated entries beside them. */
async function generateContent(target: string, count: number): Promise<void> {
  await mkdir(join(target, 'entries'), { recursive: true });
  for (const file of [
    'site.yaml',
    'highlights.yaml',
    'categories.yaml',
    'tags.yaml',
    'certifications.yaml',
    'links.yaml',
  ]) {
    await copyFile(join(EXAMPLE_CONTENT, file), join(target, file));
  }
  const categories = slugsIn(await readFile(join(EXAMPLE_CONTENT, 'categories.yaml'), 'utf8'));
  const tags = slugsIn(await readFile(join(EXAMPLE_CONTENT, 'tags.yaml'), 'utf8'));
  if (categories.length === 0 || tags.length === 0)
    throw new Error('could not read category/tag slugs from the example content');
  const random = seededRandom(0x7111_17);
  const sentence = (words: number) => {
    const parts: string[] = [];
    for (let i = 0; i < words; i++)
      parts.push(random() < 0.6 ? pickFrom(random, VOCABULARY) : pickFrom(random, FILLER));
    const text = parts.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const writes: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const topic = [pickFrom(random, VOCABULARY), pickFrom(random, VOCABULARY), pickFrom(random, VOCABULARY)];
    const question = `${pickFrom(random, OPENERS)} ${topic.join(' ')} (${index + 1})?`;
    const slug = `${topic.join('-').toLowerCase()}-${index + 1}`;
    const entryTags = [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pickFrom(random, tags)))];
    const controls = [
      ...new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pickFrom(random, CONTROL_IDS))),
    ];
    const phrasings = Array.from(
      { length: Math.floor(random() * 3) },
      () => `${sentence(6 + Math.floor(random() * 4))}?`,
    );
    let answer = '';
    let words = 0;
    while (words < 75) {
      const length = 10 + Math.floor(random() * 8);
      answer += `${answer ? ' ' : ''}${sentence(length)}.`;
      words += length;
    }
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const text = [
      '---',
      `question: ${JSON.stringify(question)}`,
      `category: ${pickFrom(random, categories)}`,
      `tags: [${entryTags.join(', ')}]`,
      'status: published',
      'owner: security@norrskenmoln.example',
      `order: ${index % 50}`,
      `last_reviewed: 2026-${pad(month)}-${pad(day)}`,
      'review_interval_days: 365',
      ...(phrasings.length > 0
        ? ['alternative_phrasings:', ...phrasings.map((p) => `  - ${JSON.stringify(p)}`)]
        : ['alternative_phrasings: []']),
      `controls: [${controls.join(', ')}]`,
      `created: 2025-${pad(month)}-${pad(day)}T09:00:00Z`,
      `updated: 2026-${pad(month)}-${pad(day)}T09:00:00Z`,
      '---',
      answer,
      '',
    ].join('\n');
    writes.push(writeFile(join(target, 'entries', `${slug}.md`), text));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

interface FootprintFigures {
  label: string;
  entries: number;
  firstStartMs: number;
  coldStartsMs: number[];
  coldStartMedianMs: number;
  rssMb: number[];
  rssMedianMb: number;
  peakRssMb: number;
  homeBytes: number;
}

const SEARCH_WARMUP_QUERIES = [
  'encryption',
  'backup',
  'incident response',
  'GDPR',
  'access review',
  'A.8.24',
  'pasword',
  'data residency',
  'supplier',
  'logging',
];

async function measureFootprint(
  tmp: string,
  label: string,
  contentDir: string,
  entries: number,
): Promise<FootprintFigures> {
  const database = join(tmp, `${label}.db`);
  // First start: migrate + import of the content folder (information only).
  const first = await startTillit({ database, contentDir, timeoutMs: 600_000 });
  const home = await get(`${first.base}/`);
  await stop(first.child);
  console.log(
    `  ${label}: first start (migrate + import ${entries.toLocaleString('en-US')} entries) ${fmt(first.startMs, 0)} ms`,
  );

  const coldStartsMs: number[] = [];
  const rssMb: number[] = [];
  let peakRssMb = 0;
  for (let run = 0; run < COLD_RUNS; run++) {
    const server = await startTillit({ database, contentDir, timeoutMs: 60_000 });
    try {
      coldStartsMs.push(server.startMs);
      for (let i = 0; i < 100; i++) {
        const page = await get(`${server.base}/`);
        const query = SEARCH_WARMUP_QUERIES[i % SEARCH_WARMUP_QUERIES.length] ?? 'encryption';
        const search = await get(`${server.base}/search?q=${encodeURIComponent(query)}`);
        if (page.status !== 200 || search.status !== 200)
          throw new Error(`warm-up got ${page.status}/${search.status}`);
      }
      const pid = server.child.pid;
      if (pid === undefined) throw new Error('no pid');
      const rss = await readRss(pid);
      rssMb.push(rss.rssMb);
      peakRssMb = Math.max(peakRssMb, rss.peakMb);
      console.log(
        `  ${label}: cold start #${run + 1} ${fmt(server.startMs, 0)} ms, RSS after 200 requests ${fmt(rss.rssMb, 1)} MB (peak ${fmt(rss.peakMb, 1)} MB)`,
      );
    } finally {
      await stop(server.child);
    }
  }
  return {
    label,
    entries,
    firstStartMs: first.startMs,
    coldStartsMs,
    coldStartMedianMs: median(coldStartsMs),
    rssMb,
    rssMedianMb: median(rssMb),
    peakRssMb,
    homeBytes: home.body.length,
  };
}

async function benchFootprint(tmp: string): Promise<{ small: FootprintFigures; large: FootprintFigures }> {
  heading(
    `3. Memory and cold start, ${ENTRY_COUNT.toLocaleString('en-US')} entries vs the example content (${COLD_RUNS} cold starts each, median)`,
  );
  const exampleCount = (await readdir(join(EXAMPLE_CONTENT, 'entries'))).filter((name) => name.endsWith('.md')).length;
  const generated = join(tmp, 'content-large');
  const started = performance.now();
  await generateContent(generated, ENTRY_COUNT);
  console.log(
    `  generated ${ENTRY_COUNT.toLocaleString('en-US')} entries in ${fmt(performance.now() - started, 0)} ms (${generated})`,
  );
  const small = await measureFootprint(tmp, 'example', EXAMPLE_CONTENT, exampleCount);
  const large = await measureFootprint(tmp, 'large', generated, ENTRY_COUNT);
  return { small, large };
}

// ---------------------------------------------------------------------------------------------
// 5. Hostile inputs (bench/hostile.bench.ts)

async function benchHostile() {
  heading('5. Hostile inputs: peak RSS and /healthz while attacks run (bench/hostile.bench.ts)');
  const { runHostileBenchmark, printHostileFigures } = await import('./hostile.bench.js');
  const figures = await runHostileBenchmark();
  printHostileFigures(figures);
  return figures;
}

// ---------------------------------------------------------------------------------------------
// 6. Documents (bench/documents.bench.ts)

async function benchDocuments() {
  heading('6. Documents: watermarking a PDF in the worker, against pdf-lib load + save (bench/documents.bench.ts)');
  const { runDocumentsBenchmark, printDocumentsFigures } = await import('./documents.bench.js');
  const figures = await runDocumentsBenchmark();
  printDocumentsFigures(figures);
  return figures;
}

// ---------------------------------------------------------------------------------------------
// 7. Downloads (bench/downloads.bench.ts)

async function benchDownloads() {
  heading('7. Downloads over HTTP: watermarked PDF, 50 concurrent 20 MB downloads (bench/downloads.bench.ts)');
  const { runDownloadsBenchmark, printDownloadFigures } = await import('./downloads.bench.js');
  const figures = await runDownloadsBenchmark();
  printDownloadFigures(figures);
  return figures;
}

// ---------------------------------------------------------------------------------------------
// 4. Scale-out (bench/scale.bench.ts, which gets this file's helpers)

async function benchScale(tmp: string): Promise<ScaleFigures | { skipped: string }> {
  if (!existsSync('/usr/lib/postgresql')) {
    heading('4. Scale-out: SQLite vs PostgreSQL, 1 vs 2 processes behind nginx');
    console.log('  skipped: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
    return { skipped: 'PostgreSQL server binaries not installed' };
  }
  const { runScaleBenchmark } = await import('./scale.bench.js');
  return runScaleBenchmark({
    tmp,
    contentDir: EXAMPLE_CONTENT,
    nginxBinary: NGINX,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    connections: CONNECTIONS,
    startTillit,
    spawnTracked: (command, args, options) => track(spawn(command, args, options)),
    stop: (child) => stop(child),
    freePort,
    get: (url) => get(url),
    waitFor200,
    cannon,
    onExit,
    heading,
    table,
    fmt,
  });
}

// ---------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Load averages seen at the start of each part; other work on the machine skews every figure. */
const loadSeen: { part: string; load1: number; load5: number }[] = [];

function heading(text: string): void {
  console.log(`\n${text}`);
  const [load1 = 0, load5 = 0] = loadavg();
  loadSeen.push({ part: text.slice(0, 40), load1, load5 });
  const busy = load1 > 1 ? '  <- other work is running on this machine; figures are skewed' : '';
  console.log(`  (load average 1 min ${fmt(load1, 2)}, 5 min ${fmt(load5, 2)}, on ${cpus().length} cores${busy})`);
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  rows.forEach((row, index) => {
    console.log(
      `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`,
    );
    if (index === 0) console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  });
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'tillit-bench-'));
  console.log(
    `Tillit benchmarks  node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM`,
  );
  console.log(`temporary folder ${tmp}`);
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    settings: {
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      connections: CONNECTIONS,
      entries: ENTRY_COUNT,
      coldRuns: COLD_RUNS,
    },
  };
  let failed = false;
  try {
    const throughput = ONLY.has('throughput') ? await benchThroughput(tmp) : undefined;
    results.throughput = throughput;
    const search = ONLY.has('search') ? await benchSearch() : undefined;
    results.search = search;
    const footprint = ONLY.has('memory') ? await benchFootprint(tmp) : undefined;
    results.footprint = footprint;
    const scale = ONLY.has('scale') ? await benchScale(tmp) : undefined;
    results.scale = scale;
    const hostile = ONLY.has('hostile') ? await benchHostile() : undefined;
    results.hostile = hostile;
    const documents = ONLY.has('documents') ? await benchDocuments() : undefined;
    results.documents = documents;
    const downloads = ONLY.has('downloads') ? await benchDownloads() : undefined;
    results.downloads = downloads;

    heading('Summary');
    const rows: string[][] = [['benchmark', 'measured', 'target', 'result']];
    if (throughput) {
      for (const { page, ratio, ratioToNode, meetsTarget } of throughput.ratios) {
        const rate = (server: ThroughputRow['server']) =>
          throughput.rows.find((row) => row.server === server && row.page === page);
        const t = rate('tillit');
        const n = rate('nginx');
        const b = rate('node');
        rows.push([
          `${page} page req/s, tillit / nginx / bare Node`,
          `${fmt(t?.reqPerS ?? 0, 0)} / ${fmt(n?.reqPerS ?? 0, 0)} / ${fmt(b?.reqPerS ?? 0, 0)}: ${fmt(ratio, 2)}x nginx, ${fmt(ratioToNode, 2)}x Node`,
          page === 'home'
            ? `>= ${TARGET_HOME_RATIO}x nginx`
            : `>= ${TARGET_RATIO}x nginx, >= ${TARGET_NODE_RATIO}x Node`,
          verdict(meetsTarget),
        ]);
        rows.push([
          `${page} page latency p50 / p99, tillit | nginx | Node`,
          `${fmt(t?.p50Ms ?? 0, 1)} / ${fmt(t?.p99Ms ?? 0, 1)} | ${fmt(n?.p50Ms ?? 0, 1)} / ${fmt(n?.p99Ms ?? 0, 1)} | ${fmt(b?.p50Ms ?? 0, 1)} / ${fmt(b?.p99Ms ?? 0, 1)} ms`,
          '',
          '',
        ]);
      }
    }
    if (search && !('skipped' in search) && typeof search.p95Ms === 'number') {
      rows.push([
        `search p50 / p95 (${String(search.documents ?? '?')} docs)`,
        `${fmt(search.p50Ms ?? 0, 3)} / ${fmt(search.p95Ms, 3)} ms`,
        `p95 <= ${TARGET_SEARCH_P95_MS} ms`,
        verdict(search.p95Ms <= TARGET_SEARCH_P95_MS),
      ]);
    } else if (search) {
      rows.push(['search latency', 'skipped', `p95 <= ${TARGET_SEARCH_P95_MS} ms`, '-']);
    }
    if (footprint) {
      const { small, large } = footprint;
      rows.push([
        `RSS, ${large.entries} entries (${small.entries})`,
        `${fmt(large.rssMedianMb, 1)} MB (${fmt(small.rssMedianMb, 1)} MB) = ${fmt(large.rssMedianMb / small.rssMedianMb, 2)}x`,
        `<= ${TARGET_RSS_MB} MB`,
        verdict(large.rssMedianMb <= TARGET_RSS_MB),
      ]);
      rows.push([
        `cold start to first page, ${large.entries} (${small.entries})`,
        `${fmt(large.coldStartMedianMs, 0)} ms (${fmt(small.coldStartMedianMs, 0)} ms) = ${fmt(large.coldStartMedianMs / small.coldStartMedianMs, 2)}x`,
        `<= ${TARGET_COLD_START_MS} ms`,
        verdict(large.coldStartMedianMs <= TARGET_COLD_START_MS),
      ]);
      rows.push([
        `first start: migrate + import, ${large.entries} (${small.entries})`,
        `${fmt(large.firstStartMs, 0)} ms (${fmt(small.firstStartMs, 0)} ms)`,
        'info',
        '',
      ]);
      rows.push([
        `home page size, ${large.entries} (${small.entries})`,
        `${fmt(large.homeBytes / 1024, 0)} KiB (${fmt(small.homeBytes / 1024, 0)} KiB)`,
        'info',
        '',
      ]);
    }
    if (scale && 'skipped' in scale) {
      rows.push(['scale-out (PostgreSQL, 2 processes)', 'skipped', 'info', '-']);
    } else if (scale) {
      const reqs = (part: 'a' | 'b', setup: string, endpoint: 'home' | 'search') =>
        scale.rows.find((row) => row.part === part && row.setup === setup && row.endpoint === endpoint);
      for (const endpoint of ['home', 'search'] as const) {
        const sqlite = reqs('a', 'sqlite, 1 process', endpoint);
        const postgres = reqs('a', 'postgres, 1 process', endpoint);
        const ratio = scale.pgOverSqlite.find((item) => item.endpoint === endpoint)?.ratio ?? Number.NaN;
        rows.push([
          `${endpoint} req/s, postgres / sqlite (1 process)`,
          `${fmt(postgres?.reqPerS ?? 0, 0)} / ${fmt(sqlite?.reqPerS ?? 0, 0)} = ${fmt(ratio, 2)}x`,
          'info',
          '',
        ]);
      }
      for (const endpoint of ['home', 'search'] as const) {
        const one = reqs('b', 'nginx -> 1 process', endpoint);
        const two = reqs('b', 'nginx -> 2 processes', endpoint);
        const ratio = scale.twoOverOne.find((item) => item.endpoint === endpoint)?.ratio ?? Number.NaN;
        rows.push([
          `${endpoint} req/s, postgres 2 / 1 processes via nginx`,
          `${fmt(two?.reqPerS ?? 0, 0)} / ${fmt(one?.reqPerS ?? 0, 0)} = ${fmt(ratio, 2)}x (p99 ${fmt(two?.p99Ms ?? 0, 0)} | ${fmt(one?.p99Ms ?? 0, 0)} ms)`,
          `info (${scale.cores} cores)`,
          '',
        ]);
      }
    }
    if (hostile) {
      rows.push(['hostile inputs: idle /healthz, worst', `${fmt(hostile.idleWorstHealthzMs, 1)} ms`, 'baseline', '']);
      for (const row of hostile.rows) {
        rows.push([
          row.attack,
          `+${fmt(row.growthMb, 0)} MB RSS, /healthz ${fmt(row.worstHealthzMs, 0)} ms, event loop ${fmt(row.worstEventLoopMs, 0)} ms (${row.outcome})`,
          '<= 100 MB, <= 100 ms',
          verdict(row.meetsTarget),
        ]);
      }
    }
    if (documents) {
      const baseline = documents.rows[0];
      for (const row of documents.rows.slice(1)) {
        rows.push([
          `${documents.pages}-page PDF: ${row.part}`,
          `${fmt(row.medianMs, 0)} ms = ${fmt(row.medianMs / (baseline?.medianMs ?? Number.NaN), 2)}x load + save; peak RSS +${fmt(row.peakGrowthMb, 0)} MB`,
          'info',
          '',
        ]);
      }
    }
    if (downloads) {
      const [publicPdf, watermarked] = downloads.watermark;
      if (publicPdf && watermarked) {
        rows.push([
          `${downloads.pages}-page PDF download, watermarked / public`,
          `${fmt(watermarked.ms, 0)} / ${fmt(publicPdf.ms, 0)} ms = ${fmt(watermarked.ms / publicPdf.ms, 2)}x; peak RSS +${fmt(watermarked.peakGrowthMb, 0)} MB`,
          'info',
          '',
        ]);
      }
      const [single, ...together] = downloads.concurrent;
      for (const row of together) {
        rows.push([
          row.part,
          `${fmt(row.ms, 0)} ms, ${fmt(row.megabytesPerSecond, 0)} MB/s = ${fmt(row.megabytesPerSecond / (single?.megabytesPerSecond ?? Number.NaN), 2)}x one; peak RSS +${fmt(row.peakGrowthMb, 0)} MB (one: +${fmt(single?.peakGrowthMb ?? Number.NaN, 0)}); /healthz ${fmt(row.worstHealthzMs, 0)} ms (server's event loop ${fmt(row.worstEventLoopMs, 0)} ms)`,
          `RSS << ${fmt((downloads.clients * downloads.largeBytes) / 1024 / 1024, 0)} MB`,
          verdict(row.peakGrowthMb < (0.1 * downloads.clients * downloads.largeBytes) / 1024 / 1024),
        ]);
      }
    }
    table(rows);
    if (throughput) console.log(`  ${throughput.note}`);
    if (scale && !('skipped' in scale)) console.log(`  ${scale.note}`);
    const [load1 = 0] = loadavg();
    const worst = Math.max(load1, ...loadSeen.map((seen) => seen.load1));
    results.loadAverages = [...loadSeen, { part: 'end', load1, load5: loadavg()[1] ?? 0 }];
    if (worst > 1)
      console.log(
        `  WARNING: 1-minute load average reached ${fmt(worst, 2)} on ${cpus().length} cores during this run; rerun on a quiet machine.`,
      );
  } catch (error) {
    failed = true;
    console.error(`\nbenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const child of [...children]) await stop(child);
    await writeFile(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwrote bench/results.json');
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
