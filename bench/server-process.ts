/**
 * What the benchmarks that start a server process share: starting it as `npm start` does, a free port on loopback,
 * and the process's memory as Linux reports it (current RSS, and the peak since the last reset).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** A port nothing listens on, on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Reads a field (in kB) of /proc/PID/status, as MB. */
export async function readStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

/** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so the next peak is the next measurement's. */
export async function resetPeak(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the built server (`main`, dist/main.js) with the node options `npm start` gives it (package.json), so the
 * figures are those of a real server: one process on 127.0.0.1:`port` over `databaseUrl`, logging errors only, with
 * `env` on top. `nodeArgs` go before the script (a preload, say); TILLIT_BENCH_NODE_ARGS adds more for a look inside
 * (`--cpu-prof --cpu-prof-dir=/tmp/prof`, or `--trace-gc` with TILLIT_BENCH_STDOUT=1 to see the server's standard
 * output).
 */
export function spawnBenchServer(options: {
  main: string;
  cwd: string;
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  nodeArgs?: readonly string[];
}): ChildProcess {
  const extraArgs = (process.env.TILLIT_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  return spawn(
    process.execPath,
    ['--optimize-for-size', '--enable-source-maps', ...(options.nodeArgs ?? []), ...extraArgs, options.main],
    {
      cwd: options.cwd,
      env: {
        ...process.env,
        PORT: String(options.port),
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        LOG_LEVEL: 'error',
        WORKERS: '1',
        ...options.env,
      },
      stdio: ['ignore', process.env.TILLIT_BENCH_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    },
  );
}
