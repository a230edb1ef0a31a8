/**
 * Document watermarking: what stamping a 50-page PDF costs, beside what reading and writing the same PDF costs
 * without a stamp. `npm run bench:documents` (or part `documents` of `npm run bench`).
 *
 * The watermarker runs as `npm start` runs it: src/documents is bundled with esbuild, its worker beside it (as
 * scripts/build.mjs builds dist/), into a scratch folder under dist/. Everything runs in this process, so peak RSS
 * (VmHWM, reset through /proc/self/clear_refs before each part) counts the worker threads too.
 *
 *   baseline   pdf-lib load + save of the PDF on this thread, no stamp
 *   in thread  watermarkPdf on this thread (what the worker does, without the worker)
 *   worker     createWatermarker().watermark: the first call (starts the worker) and warm calls
 *
 * Environment: BENCH_DOCUMENT_PAGES (default 50), BENCH_DOCUMENT_RUNS (warm runs per part, median; default 5).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { WatermarkStamp } from '../src/documents/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One measured way of handling the PDF. */
export interface DocumentsRow {
  part: string;
  medianMs: number;
  /** Growth of peak RSS over the RSS before the part. */
  peakGrowthMb: number;
  outputBytes: number;
}

/** The whole part: the input and one row per way, the baseline first. */
export interface DocumentsFigures {
  pages: number;
  inputBytes: number;
  runs: number;
  rows: DocumentsRow[];
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A report of `pages` A4 pages, 60 lines of text each, as a typical audit report is. */
async function buildReport(pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= pages; number += 1) {
    const page = document.addPage([595, 842]);
    for (let line = 0; line < 60; line += 1) {
      page.drawText(`Page ${number}, finding ${line}: the control was tested over the period and found effective.`, {
        x: 40,
        y: 800 - line * 12,
        size: 9,
        font,
      });
    }
  }
  return document.save();
}

async function readMemory(): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Runs `work` `runs` times after a settle; the median time and the peak RSS growth over all of them. */
async function measure(part: string, runs: number, work: () => Promise<Uint8Array>): Promise<DocumentsRow> {
  globalThis.gc?.();
  await new Promise((done) => setTimeout(done, 200));
  // "5" resets VmHWM to the current RSS (proc(5)).
  await writeFile('/proc/self/clear_refs', '5');
  const before = await readMemory();
  const times: number[] = [];
  let outputBytes = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const output = await work();
    times.push(performance.now() - started);
    outputBytes = output.byteLength;
  }
  const after = await readMemory();
  times.sort((a, b) => a - b);
  return {
    part,
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    peakGrowthMb: after.peakMb - before.rssMb,
    outputBytes,
  };
}

interface BundledDocuments {
  watermarkPdf(bytes: Uint8Array, stamp: WatermarkStamp): Promise<Uint8Array>;
  createWatermarker(): {
    watermark(bytes: Uint8Array, stamp: WatermarkStamp): Promise<Uint8Array>;
    close(): Promise<void>;
  };
}

/** Bundles src/documents and its worker the way scripts/build.mjs builds dist/, into a scratch folder. */
async function bundleDocuments(folder: string): Promise<BundledDocuments> {
  await build({
    entryPoints: {
      documents: join(ROOT, 'src/documents/index.ts'),
      'watermark.worker': join(ROOT, 'src/documents/watermark.worker.ts'),
    },
    outdir: folder,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return import(pathToFileURL(join(folder, 'documents.js')).href);
}

/** Measures the baseline, the in-thread stamp and the worker, in that order, in this process. */
export async function runDocumentsBenchmark(): Promise<DocumentsFigures> {
  const pages = positiveInt('BENCH_DOCUMENT_PAGES', 50);
  const runs = positiveInt('BENCH_DOCUMENT_RUNS', 5);
  const stamp: WatermarkStamp = {
    name: 'Åsa Öberg-Łukasiewicz',
    company: 'Fjällräv Konsult AB',
    email: 'asa.oberg@fjallrav.example',
    issuedAt: new Date(),
    documentTitle: 'Penetration test summary',
  };
  const input = await buildReport(pages);
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  const folder = await mkdtemp(join(ROOT, 'dist', '.bench-documents-'));
  try {
    const documents = await bundleDocuments(folder);
    const rows: DocumentsRow[] = [];
    // One untimed round each warms the compiler and reads the font, as a running server would have.
    await (await PDFDocument.load(input)).save();
    await documents.watermarkPdf(input, stamp);
    rows.push(
      await measure('baseline: pdf-lib load + save, this thread', runs, async () => {
        return (await PDFDocument.load(input)).save();
      }),
    );
    rows.push(await measure('watermarkPdf, this thread', runs, () => documents.watermarkPdf(input, stamp)));
    const watermarker = documents.createWatermarker();
    try {
      rows.push(await measure('worker, first call (starts the worker)', 1, () => watermarker.watermark(input, stamp)));
      rows.push(await measure('worker, warm', runs, () => watermarker.watermark(input, stamp)));
    } finally {
      await watermarker.close();
    }
    return { pages, inputBytes: input.byteLength, runs, rows };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Prints the figures as a table, each row as a ratio to the baseline. */
export function printDocumentsFigures(figures: DocumentsFigures): void {
  const baseline = figures.rows[0];
  console.log(
    `\nWatermarking a ${figures.pages}-page PDF (${(figures.inputBytes / 1024).toFixed(0)} KiB), median of ${figures.runs} runs`,
  );
  for (const row of figures.rows) {
    const ratio = baseline === undefined ? Number.NaN : row.medianMs / baseline.medianMs;
    console.log(
      `  ${row.part.padEnd(42)} ${row.medianMs.toFixed(0).padStart(6)} ms = ${ratio.toFixed(2)}x baseline; peak RSS +${row.peakGrowthMb.toFixed(0)} MB; output ${(row.outputBytes / 1024).toFixed(0)} KiB`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printDocumentsFigures(await runDocumentsBenchmark());
}
