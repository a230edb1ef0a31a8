import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { degrees, PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { measureLongestStall } from '../../test/event-loop.js';
import { createWatermarker, formatIssuedAt, WatermarkError, type WatermarkStamp, watermarkPdf } from './index.js';

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** One piece of text as a reader shows it: the string and where it sits in the displayed page (origin top left). */
interface ShownText {
  text: string;
  /** The text's baseline start and direction in display space. */
  x: number;
  y: number;
  isUpright: boolean;
}

interface ShownPage {
  width: number;
  height: number;
  items: ShownText[];
  /** Every item's text joined, for `toContain`. */
  text: string;
}

/** Reads a PDF back with pdf.js, as a browser's viewer would, page by page. */
async function readPages(bytes: Uint8Array): Promise<ShownPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the buffer it gets; give it a copy.
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), standardFontDataUrl, verbosity: 0 }).promise;
  const pages: ShownPage[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: ShownText[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [a = 0, b = 0, , , e = 0, f = 0] = pdfjs.Util.transform(viewport.transform, item.transform);
      items.push({ text: item.str, x: e, y: f, isUpright: a > 0 && Math.abs(b) < 1e-6 });
    }
    pages.push({
      width: viewport.width,
      height: viewport.height,
      items,
      text: items.map((item) => item.text).join('\n'),
    });
  }
  await pdf.destroy();
  return pages;
}

/** A report with pages of the kinds found in the wild: plain, landscape by rotation, offset boxes, odd sizes. */
async function buildReport(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const a4 = document.addPage([595, 842]);
  a4.drawText('Penetration test summary', { x: 50, y: 780, size: 18, font });
  const rotated = document.addPage([595, 842]);
  rotated.setRotation(degrees(90));
  rotated.drawText('Rotated page', { x: 50, y: 780, size: 12, font });
  const offset = document.addPage([612, 792]);
  offset.setMediaBox(-300, 500, 612, 792);
  offset.drawText('Offset page', { x: -250, y: 1200, size: 12, font });
  const upsideDown = document.addPage([300, 200]);
  upsideDown.setRotation(degrees(180));
  const quarter = document.addPage([842, 595]);
  quarter.setRotation(degrees(270));
  quarter.setMediaBox(40, 40, 842, 595);
  document.addPage([144, 144]);
  return document.save();
}

const stamp: WatermarkStamp = {
  name: 'Åsa Öberg-Łukasiewicz',
  company: 'Fjällräv Konsult AB',
  email: 'asa.oberg@fjallrav.example',
  issuedAt: new Date('2026-12-05T14:03:59.123Z'),
  documentTitle: 'Penetration test summary 2026',
};

describe('watermarkPdf', () => {
  it('stamps the name, company, e-mail and time of issue on every page, upright and inside the visible page', async () => {
    const pages = await readPages(await watermarkPdf(await buildReport(), stamp));
    expect(pages).toHaveLength(6);
    for (const [index, page] of pages.entries()) {
      for (const part of [stamp.name, stamp.company, stamp.email, '2026-12-05 14:03 UTC']) {
        expect(page.text, `page ${index + 1}`).toContain(part);
      }
      const footer = page.items.find((item) => item.text.startsWith('Issued to'));
      expect(footer, `footer on page ${index + 1}`).toBeDefined();
      // Upright as shown, on the bottom quarter of the displayed page and not off its left edge.
      expect(footer?.isUpright, `page ${index + 1} footer upright`).toBe(true);
      expect(footer?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect(footer?.x ?? Number.POSITIVE_INFINITY).toBeLessThan(page.width);
      expect(footer?.y ?? -1).toBeGreaterThan(page.height * 0.75);
      expect(footer?.y ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(page.height);
    }
    // The page's own text is still there.
    expect(pages[0]?.text).toContain('Penetration test summary');
    expect(pages[2]?.text).toContain('Offset page');
  });

  it.each(['Åsa Öberg-Łukasiewicz', 'Søren Ødegård', 'Zoë Åkesson', 'José Niño', 'Þórunn Ægisdóttir'])(
    'round-trips the name %s exactly',
    async (name) => {
      const pages = await readPages(await watermarkPdf(await buildReport(), { ...stamp, name }));
      for (const page of pages) expect(page.text).toContain(name);
    },
  );

  it('drops characters the font cannot draw instead of failing', async () => {
    const pages = await readPages(
      await watermarkPdf(await buildReport(), { ...stamp, name: 'Li 李 Wei 🙂\u0007', company: 'Example\u200b AB' }),
    );
    expect(pages[0]?.text).toContain('Issued to Li Wei, Example AB, asa.oberg@fjallrav.example');
  });

  it('embeds only the glyphs it uses, so a stamped report grows by a few kilobytes, not the 740 KB font', async () => {
    const report = await buildReport();
    const stamped = await watermarkPdf(report, stamp);
    expect(stamped.byteLength - report.byteLength).toBeLessThan(30 * 1024);
  });

  it('stamps a copy that was stamped before, keeping the first stamp', async () => {
    const first = await watermarkPdf(await buildReport(), stamp);
    const pages = await readPages(await watermarkPdf(first, { ...stamp, name: 'Søren Ødegård' }));
    for (const page of pages) {
      expect(page.text).toContain(stamp.name);
      expect(page.text).toContain('Søren Ødegård');
    }
  });

  it('writes the footer in the recipient’s language', async () => {
    const [swedish] = await readPages(await watermarkPdf(await buildReport(), { ...stamp, language: 'sv' }));
    expect(swedish?.text).toContain(
      `Utfärdad till ${stamp.name}, ${stamp.company}, ${stamp.email}, 2026-12-05 14:03 UTC`,
    );
    const [english] = await readPages(await watermarkPdf(await buildReport(), stamp));
    expect(english?.text).toContain(
      `Issued to ${stamp.name}, ${stamp.company}, ${stamp.email} on 2026-12-05 14:03 UTC`,
    );
  });

  it('formats the time of issue in UTC to the minute', () => {
    expect(formatIssuedAt(new Date('2026-01-02T23:59:59+02:00'))).toBe('2026-01-02 21:59 UTC');
  });

  it('refuses an encrypted PDF with the encrypted reason', async () => {
    const document = await PDFDocument.create();
    document.addPage();
    // pdf-lib cannot encrypt; a standard security handler in the trailer is what marks a file as encrypted.
    document.context.trailerInfo.Encrypt = document.context.obj({
      Filter: PDFName.of('Standard'),
      V: 1,
      R: 2,
      O: PDFHexString.of('00'.repeat(32)),
      U: PDFHexString.of('00'.repeat(32)),
      P: -4,
    });
    // Written without object streams so that the trailer, and its /Encrypt, is a plain dictionary.
    const error = await watermarkPdf(await document.save({ useObjectStreams: false }), stamp).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WatermarkError);
    expect(error).toMatchObject({ reason: 'encrypted', code: 'invalid_input' });
  });

  it.each([
    ['garbage', new TextEncoder().encode('this is not a PDF at all')],
    ['empty', new Uint8Array()],
    ['a header and then garbage', new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2_000)}`)],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ])('refuses %s with the unreadable reason, not the library’s words', async (_, bytes) => {
    const error = await watermarkPdf(bytes, stamp).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WatermarkError);
    expect(error).toMatchObject({ reason: 'unreadable', code: 'invalid_input' });
    expect(String((error as Error).message)).not.toMatch(/offset|parse|line:/i);
  });
});

/** A long PDF: pages of real text, so that parsing and saving it is real work. */
async function buildLongReport(pageCount: number, linesPerPage = 60): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= pageCount; number += 1) {
    const page = document.addPage([595, 842]);
    for (let line = 0; line < linesPerPage; line += 1) {
      page.drawText(`Page ${number}, finding ${line}: the control was tested and found effective.`, {
        x: 40,
        y: 800 - line * 12,
        size: 9,
        font,
      });
    }
  }
  return document.save();
}

describe('createWatermarker', () => {
  const watermarkers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(watermarkers.map((watermarker) => watermarker.close()));
  });
  function create(options: Parameters<typeof createWatermarker>[0] = {}) {
    const watermarker = createWatermarker(options);
    watermarkers.push(watermarker);
    return watermarker;
  }

  it('gives in a worker the same pages as the direct call', async () => {
    const report = await buildReport();
    const [direct, inWorker] = await Promise.all([
      watermarkPdf(report, { ...stamp, language: 'sv' }).then(readPages),
      create()
        .watermark(report, { ...stamp, language: 'sv' })
        .then(readPages),
    ]);
    expect(inWorker.map((page) => page.text)).toEqual(direct.map((page) => page.text));
    // The language reaches the worker too.
    expect(inWorker[0]?.text).toContain('Utfärdad till');
  });

  it('passes the reason on from the worker', async () => {
    const error = await create()
      .watermark(new TextEncoder().encode('not a pdf'), stamp)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'unreadable' });
  });

  it('refuses with busy when the queue is full, and still stamps the ones it took', async () => {
    const report = await buildReport();
    const watermarker = create({ maxConcurrent: 1, maxQueued: 1 });
    const outcomes = await Promise.allSettled([
      watermarker.watermark(report, stamp),
      watermarker.watermark(report, stamp),
      watermarker.watermark(report, stamp),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const refused = outcomes[2];
    expect(refused?.status === 'rejected' ? refused.reason : undefined).toMatchObject({
      reason: 'busy',
      code: 'unavailable',
    });
  });

  it('stops a PDF that takes longer than the time limit', async () => {
    const error = await create({ timeoutMs: 1 })
      .watermark(await buildLongReport(20), stamp)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'timeout', code: 'unavailable' });
  });

  it.each([
    ['just taking its slot', 0],
    ['in its worker', 200],
  ])('stops a PDF %s and the ones waiting when closed', async (_, delayMs) => {
    const watermarker = create({ maxConcurrent: 1 });
    const report = await buildLongReport(1_000, 2);
    const running = watermarker.watermark(report, stamp).catch((caught: unknown) => caught);
    const waiting = watermarker.watermark(report, stamp).catch((caught: unknown) => caught);
    if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
    await watermarker.close();
    expect(await running).toMatchObject({ reason: 'closed' });
    expect(await waiting).toMatchObject({ reason: 'closed' });
  });

  it('refuses work after close', async () => {
    const watermarker = create();
    await watermarker.close();
    await expect(watermarker.watermark(await buildReport(), stamp)).rejects.toMatchObject({ reason: 'closed' });
  });

  it('finds its worker beside an esbuild bundle, as npm start runs it', async () => {
    // Built like scripts/build.mjs builds dist/: the module and the worker as entries side by side.
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    // A fresh clone has no dist/ before `npm start` builds it; the folder sits inside the project so that the
    // bundle resolves the project's node_modules.
    mkdirSync(join(root, 'dist'), { recursive: true });
    const folder = mkdtempSync(join(root, 'dist', '.watermark-test-'));
    try {
      await build({
        entryPoints: {
          documents: join(root, 'src/documents/index.ts'),
          'watermark.worker': join(root, 'src/documents/watermark.worker.ts'),
        },
        outdir: folder,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
      const bundled: { createWatermarker: typeof createWatermarker } = await import(
        pathToFileURL(join(folder, 'documents.js')).href
      );
      const watermarker = bundled.createWatermarker();
      watermarkers.push(watermarker);
      const pages = await readPages(await watermarker.watermark(await buildReport(), stamp));
      for (const page of pages) expect(page.text).toContain(stamp.name);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps the event loop responsive while a large PDF is stamped', async () => {
    // Many small pages: stamping cost grows with the page count, so the work on this thread is long enough to
    // stand well above the scheduling noise of a busy machine.
    const report = await buildLongReport(2_500, 2);
    const watermarker = create();
    // Warm the worker path once (tsx's first compile of the worker) so that the measurement is of stamping.
    await watermarker.watermark(await buildReport(), stamp);
    // The worker goes first, so that the garbage the in-thread run leaves is not collected during its measurement;
    // the best of three worker runs leaves out stalls that come from other processes on a busy machine.
    const offThreadStalls: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const offThread = await measureLongestStall(() => watermarker.watermark(report, stamp));
      expect((await PDFDocument.load(offThread.result)).getPageCount()).toBe(2_500);
      offThreadStalls.push(offThread.longestStallMs);
    }
    const inThread = await measureLongestStall(() => watermarkPdf(report, stamp));
    const offThreadStall = Math.min(...offThreadStalls);
    expect(offThreadStall).toBeLessThan(inThread.longestStallMs / 4);
  }, 60_000);
});
