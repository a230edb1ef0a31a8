/**
 * Part 4 of `npm run bench` (BENCH_ONLY=scale): how Tillit behaves on PostgreSQL and with more than one process.
 *
 *   a. Home page and search API throughput: SQLite (1 process) against PostgreSQL (1 process), both direct.
 *   b. PostgreSQL with 1 against 2 app processes, each behind the same nginx reverse proxy (1 worker,
 *      upstream keepalive 64), so the only difference is the number of upstream servers.
 *
 * bench/run.ts calls runScaleBenchmark() with its own helpers (child tracking, autocannon, table output), so
 * every process started here is stopped by run.ts as well if something fails or Ctrl-C arrives. The private
 * PostgreSQL cluster (test/postgres-cluster.ts) is destroyed at the end, on errors, and on exit.
 *
 * Pages and search are served from an in-memory snapshot of the published content; each process checks the
 * content revision in the database at most every 500 ms. So the database should barely matter here.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Result as CannonResult } from 'autocannon';
import pg from 'pg';
import { type PostgresCluster, startPostgresCluster } from '../test/postgres-cluster.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Tillit {
  child: ChildProcess;
  port: number;
  base: string;
  startMs: number;
}

/** What bench/run.ts lends this part (it cannot be imported: run.ts runs its main() at the top level). */
export interface ScaleContext {
  tmp: string;
  contentDir: string;
  nginxBinary: string;
  durationS: number;
  warmupS: number;
  connections: number;
  startTillit(options: {
    database?: string;
    databaseUrl?: string;
    contentDir: string;
    timeoutMs: number;
    healthz?: boolean;
  }): Promise<Tillit>;
  /** spawn() whose child is tracked by run.ts (stopped at the end, on errors and on Ctrl-C). */
  spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess;
  stop(child: ChildProcess): Promise<void>;
  freePort(): Promise<number>;
  get(url: string): Promise<RawResponse>;
  waitFor200(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number>;
  cannon(url: string, durationS: number, paths?: readonly string[]): Promise<CannonResult>;
  onExit(cleanup: () => void): () => void;
  heading(text: string): void;
  table(rows: string[][]): void;
  fmt(value: number, digits: number): string;
}

type Endpoint = 'home' | 'search';

export interface ScaleRow {
  /** a: database comparison, direct; b: process comparison, behind nginx. */
  part: 'a' | 'b';
  setup: string;
  endpoint: Endpoint;
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU used during the measured run, in % of one core (100 = one core busy): load generator, proxy, apps, whole machine. */
  cpu: {
    loadGenerator: number;
    proxy: number | null;
    apps: number[];
    machine: number;
    /** machine minus the above: PostgreSQL's backends and any other work on the machine. */
    rest: number;
  };
}

export interface ScaleFigures {
  cores: number;
  homeBytes: number;
  searchPaths: string[];
  rows: ScaleRow[];
  /** PostgreSQL / SQLite, 1 process each, direct. */
  pgOverSqlite: { endpoint: Endpoint; ratio: number }[];
  /** 2 processes / 1 process, PostgreSQL, both behind the same nginx configuration. */
  twoOverOne: { endpoint: Endpoint; ratio: number }[];
  /** How nginx spread 40 sequential requests over the upstreams of the 2-process proxy. */
  upstreamSpread: Record<string, number>;
  note: string;
}

const SEARCH_QUERIES = [
  'encryption key management',
  'backup',
  'incident response',
  'GDPR',
  'access review',
  'data residency',
  'subprocessor',
  'penetration test',
];
const SEARCH_PATHS = SEARCH_QUERIES.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`);
const DATABASE = 'tillit_scale';
/** A run whose "rest" (CPU outside load generator, proxy and apps) exceeds this % of a core is marked as skewed. */
const BUSY_REST_PERCENT = 15;

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux), so the output can show where the 2 cores went.

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86-64

async function processCpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name "(...)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
async function machineJiffies(): Promise<{ busy: number; total: number }> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** The nginx worker processes (children of the master), from /proc/<pid>/task/<pid>/children. */
async function childPids(pid: number | undefined): Promise<number[]> {
  if (pid === undefined) return [];
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface CpuSnapshot {
  at: number;
  self: number;
  proxy: number;
  apps: number[];
  machine: { busy: number; total: number };
}

async function snapshot(proxyPids: number[], appPids: (number | undefined)[]): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const proxyTimes = await Promise.all(proxyPids.map(processCpuSeconds));
  return {
    at: performance.now(),
    self: (usage.user + usage.system) / 1e6,
    proxy: proxyTimes.reduce((sum, value) => sum + value, 0),
    apps: await Promise.all(appPids.map(processCpuSeconds)),
    machine: await machineJiffies(),
  };
}

function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, hasProxy: boolean, cores: number): ScaleRow['cpu'] {
  const wallS = (after.at - before.at) / 1000;
  const percent = (seconds: number) => (seconds / wallS) * 100;
  const machineShare = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
  const loadGenerator = percent(after.self - before.self);
  const proxy = hasProxy ? percent(after.proxy - before.proxy) : null;
  const apps = after.apps.map((value, index) => percent(value - (before.apps[index] ?? Number.NaN)));
  const machine = machineShare * cores * 100;
  const rest = machine - loadGenerator - (proxy ?? 0) - apps.reduce((sum, value) => sum + value, 0);
  return { loadGenerator, proxy, apps, machine, rest };
}

// ---------------------------------------------------------------------------------------------
// nginx as a reverse proxy: 1 worker, keep-alive to the upstreams.

function proxyConfig(port: number, upstreams: readonly number[], dir: string): string {
  return `# Reverse proxy for the scale-out benchmark (bench/scale.bench.ts).
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000;
  upstream tillit {
${upstreams.map((upstream) => `    server 127.0.0.1:${upstream};`).join('\n')}
    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://tillit;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # The home page is ~170 KiB: keep whole responses in memory instead of spilling to temp files.
      proxy_buffer_size 16k;
      proxy_buffers 32 16k;
      proxy_busy_buffers_size 64k;
      add_header X-Bench-Upstream $upstream_addr always;
    }
  }
}
`;
}

interface Proxy {
  child: ChildProcess;
  base: string;
  workerPids: number[];
}

async function startProxy(context: ScaleContext, name: string, upstreams: readonly number[]): Promise<Proxy> {
  const port = await context.freePort();
  const dir = join(context.tmp, name);
  await mkdir(dir, { recursive: true });
  const configPath = join(dir, 'nginx.conf');
  await writeFile(configPath, proxyConfig(port, upstreams, dir));
  let stderr = '';
  const child = context.spawnTracked(context.nginxBinary, ['-c', configPath, '-p', dir, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  await context.waitFor200(`${base}/healthz`, child, 10_000, () => `${stderr} (see ${join(dir, 'error.log')})`);
  return { child, base, workerPids: await childPids(child.pid) };
}

// ---------------------------------------------------------------------------------------------

async function createDatabase(cluster: PostgresCluster): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return cluster.url(DATABASE);
}

async function checkEndpoints(context: ScaleContext, base: string, label: string): Promise<number> {
  let homeBytes = 0;
  for (const path of ['/', ...SEARCH_PATHS]) {
    const response = await context.get(`${base}${path}`);
    if (response.status !== 200) throw new Error(`${label}: GET ${path} answered ${response.status}`);
    if (path === '/') homeBytes = response.body.length;
    else if (!Array.isArray((JSON.parse(response.body.toString()) as { hits?: unknown }).hits)) {
      throw new Error(`${label}: GET ${path} did not return JSON with hits`);
    }
  }
  return homeBytes;
}

export async function runScaleBenchmark(context: ScaleContext): Promise<ScaleFigures> {
  const { fmt } = context;
  const cores = cpus().length;
  context.heading(
    `4. Scale-out: SQLite vs PostgreSQL, 1 vs 2 processes behind nginx (autocannon -c ${context.connections}, ${context.warmupS} s warm-up + ${context.durationS} s, alternating)`,
  );
  console.log(
    `  NOTE: ${cores} cores shared by the load generator (autocannon, 1 thread), the nginx proxy, PostgreSQL and every app process;` +
      ' a second app process cannot double throughput here.',
  );

  let cluster: PostgresCluster | undefined;
  let unregister: (() => void) | undefined;
  const started: ChildProcess[] = [];
  try {
    cluster = await startPostgresCluster();
    const clusterRef = cluster;
    unregister = context.onExit(() => clusterRef.destroy());
    const pgUrl = await createDatabase(cluster);
    console.log(`  PostgreSQL cluster on 127.0.0.1:${cluster.port}, database ${DATABASE}`);

    const sqlite = await context.startTillit({
      database: join(context.tmp, 'scale.db'),
      contentDir: context.contentDir,
      timeoutMs: 60_000,
      healthz: true,
    });
    started.push(sqlite.child);
    // One process imports the content into the empty PostgreSQL database; the second starts only after that.
    const pg1 = await context.startTillit({
      databaseUrl: pgUrl,
      contentDir: context.contentDir,
      timeoutMs: 120_000,
      healthz: true,
    });
    started.push(pg1.child);
    const pg2 = await context.startTillit({
      databaseUrl: pgUrl,
      contentDir: context.contentDir,
      timeoutMs: 120_000,
      healthz: true,
    });
    started.push(pg2.child);
    const proxy1 = await startProxy(context, 'proxy-1', [pg1.port]);
    started.push(proxy1.child);
    const proxy2 = await startProxy(context, 'proxy-2', [pg1.port, pg2.port]);
    started.push(proxy2.child);

    const homeBytes = await checkEndpoints(context, sqlite.base, 'sqlite');
    for (const [label, base] of [
      ['postgres', pg1.base],
      ['postgres (2nd process)', pg2.base],
      ['nginx -> 1 process', proxy1.base],
      ['nginx -> 2 processes', proxy2.base],
    ] as const) {
      const bytes = await checkEndpoints(context, base, label);
      if (bytes !== homeBytes) console.log(`  note: ${label} home page is ${bytes} bytes, SQLite's is ${homeBytes}`);
    }
    const upstreamSpread: Record<string, number> = {};
    for (let i = 0; i < 40; i++) {
      const response = await context.get(`${proxy2.base}/healthz`);
      const upstream = String(response.headers['x-bench-upstream'] ?? '?');
      upstreamSpread[upstream] = (upstreamSpread[upstream] ?? 0) + 1;
    }
    console.log(
      `  home page ${fmt(homeBytes / 1024, 0)} KiB; search: ${SEARCH_QUERIES.length} queries round-robin per connection`,
    );
    console.log(
      `  2-process proxy spread 40 requests: ${Object.entries(upstreamSpread)
        .map(([upstream, count]) => `${upstream} ${count}`)
        .join(', ')}`,
    );

    const rows: ScaleRow[] = [];
    const measure = async (
      part: 'a' | 'b',
      setup: string,
      endpoint: Endpoint,
      base: string,
      apps: Tillit[],
      proxy: Proxy | undefined,
    ): Promise<void> => {
      const paths = endpoint === 'home' ? undefined : SEARCH_PATHS;
      const url = `${base}${endpoint === 'home' ? '/' : SEARCH_PATHS[0]}`;
      await context.cannon(url, context.warmupS, paths);
      const proxyPids = proxy ? proxy.workerPids : [];
      const appPids = apps.map((app) => app.child.pid);
      const before = await snapshot(proxyPids, appPids);
      const result = await context.cannon(url, context.durationS, paths);
      const after = await snapshot(proxyPids, appPids);
      const row: ScaleRow = {
        part,
        setup,
        endpoint,
        reqPerS: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        cpu: cpuBetween(before, after, proxy !== undefined, cores),
      };
      rows.push(row);
      const cpu = row.cpu;
      console.log(
        `  ${setup.padEnd(22)} ${endpoint.padEnd(6)} ${fmt(row.reqPerS, 0).padStart(7)} req/s  p50 ${fmt(row.p50Ms, 0)} ms  p99 ${fmt(row.p99Ms, 0)} ms` +
          `  cpu%: load gen ${fmt(cpu.loadGenerator, 0)}${cpu.proxy === null ? '' : `, nginx ${fmt(cpu.proxy, 0)}`}, app ${cpu.apps.map((value) => fmt(value, 0)).join('+')}, rest ${fmt(cpu.rest, 0)}, machine ${fmt(cpu.machine, 0)}/${cores * 100}` +
          (row.errors + row.non2xx > 0 ? `  (${row.errors} errors, ${row.non2xx} non-2xx)` : ''),
      );
    };

    console.log('  a. 1 process, direct (no proxy)');
    for (const endpoint of ['home', 'search'] as const) {
      await measure('a', 'sqlite, 1 process', endpoint, sqlite.base, [sqlite], undefined);
      await measure('a', 'postgres, 1 process', endpoint, pg1.base, [pg1], undefined);
    }
    await context.stop(sqlite.child);
    console.log('  b. PostgreSQL behind nginx (1 worker, upstream keepalive 64)');
    for (const endpoint of ['home', 'search'] as const) {
      await measure('b', 'nginx -> 1 process', endpoint, proxy1.base, [pg1], proxy1);
      await measure('b', 'nginx -> 2 processes', endpoint, proxy2.base, [pg1, pg2], proxy2);
    }

    const find = (part: 'a' | 'b', setup: string, endpoint: Endpoint) =>
      rows.find((row) => row.part === part && row.setup === setup && row.endpoint === endpoint)?.reqPerS ?? Number.NaN;
    const endpoints: Endpoint[] = ['home', 'search'];
    const pgOverSqlite = endpoints.map((endpoint) => ({
      endpoint,
      ratio: find('a', 'postgres, 1 process', endpoint) / find('a', 'sqlite, 1 process', endpoint),
    }));
    const twoOverOne = endpoints.map((endpoint) => ({
      endpoint,
      ratio: find('b', 'nginx -> 2 processes', endpoint) / find('b', 'nginx -> 1 process', endpoint),
    }));

    console.log();
    const table: string[][] = [
      ['setup', 'endpoint', 'req/s', 'p50 ms', 'p99 ms', 'cpu% loadgen / nginx / apps / rest / machine'],
    ];
    for (const row of rows) {
      table.push([
        `${row.part}. ${row.setup}${row.cpu.rest > BUSY_REST_PERCENT ? ' *' : ''}`,
        row.endpoint,
        fmt(row.reqPerS, 0),
        fmt(row.p50Ms, 0),
        fmt(row.p99Ms, 0),
        `${fmt(row.cpu.loadGenerator, 0)} / ${row.cpu.proxy === null ? '-' : fmt(row.cpu.proxy, 0)} / ${row.cpu.apps.map((value) => fmt(value, 0)).join('+')} / ${fmt(row.cpu.rest, 0)} / ${fmt(row.cpu.machine, 0)}`,
      ]);
    }
    for (const { endpoint, ratio } of pgOverSqlite)
      table.push([`postgres / sqlite, 1 process`, endpoint, `${fmt(ratio, 2)}x`, '', '', '']);
    for (const { endpoint, ratio } of twoOverOne)
      table.push([`2 processes / 1 process, behind nginx`, endpoint, `${fmt(ratio, 2)}x`, '', '', '']);
    context.table(table);
    if (rows.some((row) => row.cpu.rest > BUSY_REST_PERCENT)) {
      console.log(
        `  * rest above ${BUSY_REST_PERCENT}% of a core: PostgreSQL or other work on the machine took CPU during that run; its figure and ratio are skewed.`,
      );
    }
    const note =
      `Only ${cores} cores, shared by autocannon (1 thread), nginx (1 worker), PostgreSQL and the app processes; ` +
      'once they are all busy a second app process has no free core to use, so 2x is not expected. ' +
      'cpu% = per cent of one core during the measured run; machine = whole machine (out of ' +
      `${cores * 100}); rest = machine minus load generator, nginx and apps (PostgreSQL and any other work).`;
    console.log(`  ${note}`);
    return {
      cores,
      homeBytes,
      searchPaths: SEARCH_PATHS,
      rows,
      pgOverSqlite,
      twoOverOne,
      upstreamSpread,
      note,
    };
  } finally {
    for (const child of started.reverse()) await context.stop(child);
    if (cluster) {
      try {
        cluster.destroy();
      } finally {
        unregister?.();
      }
    }
  }
}
