// Watermarks PDFs off the main thread, one at a time: pdf-lib's parse and save are synchronous CPU work that would
// otherwise stall every other request for as long as a large report takes. The worker stays up between PDFs, so
// only the first pays for loading pdf-lib and the font and for warming up the compiler.
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { LANGUAGES } from '../i18n/index.js';
import { WatermarkError, watermarkPdf } from './watermark.js';

const request = z.object({
  id: z.number(),
  bytes: z.instanceof(Uint8Array),
  stamp: z.object({
    name: z.string(),
    company: z.string(),
    email: z.string(),
    issuedAt: z.date(),
    documentTitle: z.string().optional(),
    language: z.enum(LANGUAGES).optional(),
  }),
});

const port = parentPort;
port?.on('message', (message: unknown) => {
  const { id, bytes, stamp } = request.parse(message);
  watermarkPdf(bytes, {
    name: stamp.name,
    company: stamp.company,
    email: stamp.email,
    issuedAt: stamp.issuedAt,
    ...(stamp.documentTitle === undefined ? {} : { documentTitle: stamp.documentTitle }),
    ...(stamp.language === undefined ? {} : { language: stamp.language }),
  }).then(
    // The result's buffer is handed over, not copied.
    (result) =>
      port.postMessage({ id, ok: true, bytes: result }, result.buffer instanceof ArrayBuffer ? [result.buffer] : []),
    (error: unknown) => {
      if (error instanceof WatermarkError) port.postMessage({ id, ok: false, reason: error.reason });
      else port.postMessage({ id, ok: false, unexpected: error instanceof Error ? error.message : String(error) });
    },
  );
});
