import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/** How to start a worker thread: a script file, or (from source) code to evaluate that loads it. */
export interface WorkerScript {
  script: string | URL;
  isEval: boolean;
}

const tsxManifest = z.object({
  exports: z.object({ './esm/api': z.object({ import: z.object({ default: z.string() }) }) }),
});

/**
 * Finds a worker beside the module `near` (the caller's `import.meta.url`; the questionnaire workers by default):
 * `<name>.ts` when running from source (under tsx or vitest), `<name>.js` beside the esbuild bundle in dist/
 * (scripts/build.mjs builds each worker as its own entry, and every bundled module's URL is the bundle's).
 * Undefined when there is none; callers then do the work on the main thread.
 */
export function findWorkerScript(name: string, near: string = import.meta.url): WorkerScript | undefined {
  const isTypeScript = near.endsWith('.ts');
  const url = new URL(`./${name}.${isTypeScript ? 'ts' : 'js'}`, near);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return undefined;
  if (!isTypeScript) return { script: url, isEval: false };
  // Node 20 ignores `--import tsx` in a worker's execArgv, and tsx's plain loader skips worker threads, so the
  // worker calls tsx's register() itself. Its ESM entry is looked up in tsx's exports map (the CommonJS one fails there).
  let tsxApi: string;
  try {
    const packageJsonPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const manifest = tsxManifest.parse(JSON.parse(readFileSync(packageJsonPath, 'utf8')));
    tsxApi = pathToFileURL(join(dirname(packageJsonPath), manifest.exports['./esm/api'].import.default)).href;
  } catch {
    return undefined;
  }
  const script = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return { script, isEval: true };
}

/**
 * The Node options a worker thread starts with: none. By default a worker inherits the server's, and `npm start` gives
 * `--enable-source-maps`, with which a worker parses the source map of every bundle it loads (4 MB for exceljs's
 * chunk): +50 MB of peak memory per workbook read, for stack traces never shown (a worker's failure is logged by its
 * message only). The server's V8 options (`--optimize-for-size`) are process-wide and may not be repeated here.
 */
export const WORKER_EXEC_ARGV: readonly string[] = [];

/** Nice value of the questionnaire workers' threads (0 is the server's own; 19 the lowest priority). */
export const BACKGROUND_NICENESS = 10;

/**
 * Called first in a worker that does background work (reading an upload, matching a questionnaire): lowers the
 * calling thread's CPU priority, so that when the cores are all busy the main thread, which answers visitors, runs
 * first and the worker takes what is left. Linux keeps a nice value per thread, and setpriority on "process 0" sets
 * the calling thread's; elsewhere it would set the whole server's, so it is left alone there. Raising one's own nice
 * value needs no privilege; if a sandbox refuses it anyway, the worker runs at normal priority.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, BACKGROUND_NICENESS);
  } catch {
    // Normal priority, as before.
  }
}
