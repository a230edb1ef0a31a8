import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { findWorkerScript, WORKER_EXEC_ARGV } from '../questionnaire/worker-script.js';
import { WatermarkError, type WatermarkStamp } from './watermark-error.js';

/** Limits of a watermarker; every one has a default suited to a small server. */
export interface WatermarkerOptions {
  /** PDFs stamped at once (one worker each); default all cores but one, so one core always stays free for visitors. */
  maxConcurrent?: number;
  /** PDFs that may wait for a turn (each holds its bytes in memory); default 8. Beyond that: WatermarkError 'busy'. */
  maxQueued?: number;
  /** How long one PDF may take before its worker is stopped; default 30 s. */
  timeoutMs?: number;
}

/** Stamps PDFs in worker threads, a bounded number at a time. */
export interface Watermarker {
  /** The PDF stamped on every page (see watermarkPdf); throws WatermarkError. */
  watermark(bytes: Uint8Array, stamp: WatermarkStamp): Promise<Uint8Array>;
  /** Stops the workers and refuses waiting and later PDFs ('closed'). */
  close(): Promise<void>;
}

/** Heap of one watermark worker: pdf-lib holds the whole parsed document as objects, several times its size. */
const WORKER_MEMORY_MB = 1024;
const DEFAULT_MAX_QUEUED = 8;
const DEFAULT_TIMEOUT_MS = 30_000;
/** An idle worker is stopped after this long, so the memory of the last large PDF goes back to the system. */
const IDLE_WORKER_MS = 60_000;

const optionsSchema = z.object({
  maxConcurrent: z.number().int().positive().max(256).optional(),
  maxQueued: z.number().int().nonnegative().max(10_000).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

const workerReply = z.union([
  z.object({ id: z.number(), ok: z.literal(true), bytes: z.instanceof(Uint8Array) }),
  z.object({
    id: z.number(),
    ok: z.literal(false),
    reason: z.enum(['encrypted', 'unreadable', 'busy', 'timeout', 'closed']),
  }),
  z.object({ id: z.number(), ok: z.literal(false), unexpected: z.string() }),
]);

interface Waiting {
  start: () => void;
  refuse: (error: WatermarkError) => void;
}

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
}

/**
 * Creates a watermarker whose PDFs are stamped in worker threads, kept between PDFs and replaced when one runs out
 * of memory, crashes or passes the time limit (only that PDF fails). From source the worker is watermark.worker.ts
 * under tsx; from the build, watermark.worker.js beside the bundle. Without either, PDFs are stamped on this thread.
 */
export function createWatermarker(options: WatermarkerOptions = {}): Watermarker {
  const parsed = optionsSchema.parse(options);
  const maxConcurrent = parsed.maxConcurrent ?? Math.max(1, availableParallelism() - 1);
  const maxQueued = parsed.maxQueued ?? DEFAULT_MAX_QUEUED;
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let active = 0;
  let isClosed = false;
  let nextId = 1;
  const waiting: Waiting[] = [];
  const idle: IdleWorker[] = [];
  const busy = new Set<Worker>();

  async function takeSlot(): Promise<() => void> {
    if (isClosed) throw new WatermarkError('closed');
    if (active < maxConcurrent) {
      active += 1;
    } else {
      if (waiting.length >= maxQueued) throw new WatermarkError('busy');
      await new Promise<void>((start, refuse) => waiting.push({ start, refuse }));
    }
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = waiting.shift();
      // The slot passes straight to the next in line, so `active` never drops below what is really running.
      if (next) next.start();
      else active -= 1;
    };
  }

  function takeWorker(): Worker | undefined {
    const kept = idle.pop();
    if (kept !== undefined) {
      clearTimeout(kept.timer);
      return kept.worker;
    }
    const launch = findWorkerScript('watermark.worker', import.meta.url);
    if (launch === undefined) return undefined;
    const worker = new Worker(launch.script, {
      eval: launch.isEval,
      execArgv: [...WORKER_EXEC_ARGV],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB },
    });
    // A worker waiting for work must not keep the process alive.
    worker.unref();
    return worker;
  }

  function keepWorker(worker: Worker): void {
    if (isClosed) {
      void worker.terminate();
      return;
    }
    const timer = setTimeout(() => {
      const index = idle.findIndex((kept) => kept.worker === worker);
      if (index !== -1) idle.splice(index, 1);
      void worker.terminate();
    }, IDLE_WORKER_MS);
    timer.unref();
    idle.push({ worker, timer });
  }

  async function stampInWorker(bytes: Uint8Array, stamp: WatermarkStamp): Promise<Uint8Array> {
    // close() may have run while this PDF was getting its slot; from here to `busy.add` nothing awaits.
    if (isClosed) throw new WatermarkError('closed');
    const worker = takeWorker();
    if (worker === undefined) {
      // No worker script (an unusual install): stamp here, loading pdf-lib only now.
      const { watermarkPdf } = await import('./watermark.js');
      return withTimeout(watermarkPdf(bytes, stamp), timeoutMs, () => undefined);
    }
    const id = nextId;
    nextId += 1;
    busy.add(worker);
    let isHealthy = false;
    const reply = new Promise<unknown>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(message);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        reject(error);
      };
      const onExit = (code: number) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        reject(isClosed ? new WatermarkError('closed') : new Error(`the watermark worker stopped with code ${code}`));
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
    worker.postMessage({ id, bytes, stamp });
    let message: unknown;
    try {
      message = await withTimeout(reply, timeoutMs, () => void worker.terminate());
      isHealthy = true;
    } catch (error) {
      if (error instanceof WatermarkError) throw error;
      // A worker that ran out of memory or crashed: the PDF could not be processed; the cause stays for the logs.
      throw new WatermarkError('unreadable', { cause: error });
    } finally {
      busy.delete(worker);
      if (isHealthy) keepWorker(worker);
      else void worker.terminate();
    }
    const result = workerReply.safeParse(message);
    if (!result.success || result.data.id !== id) throw new WatermarkError('unreadable', { cause: result.error });
    const answer = result.data;
    if (answer.ok) return answer.bytes;
    if ('reason' in answer) throw new WatermarkError(answer.reason);
    throw new WatermarkError('unreadable', { cause: answer.unexpected });
  }

  return {
    async watermark(bytes, stamp) {
      const release = await takeSlot();
      try {
        return await stampInWorker(bytes, stamp);
      } finally {
        release();
      }
    },
    async close() {
      isClosed = true;
      for (const next of waiting.splice(0)) next.refuse(new WatermarkError('closed'));
      const kept = idle.splice(0);
      for (const { timer } of kept) clearTimeout(timer);
      await Promise.all([...busy, ...kept.map(({ worker }) => worker)].map((worker) => worker.terminate()));
    },
  };
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new WatermarkError('timeout'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
