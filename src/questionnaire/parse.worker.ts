// Runs exceljs off the main thread: loading a large workbook is mostly synchronous XML parsing.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { QuestionnaireError } from './questionnaire-error.js';
import { readWorkbookGrid } from './xlsx-read.js';

const request = z.object({
  bytes: z.instanceof(Uint8Array),
  source: z.string(),
  maxRows: z.number().int().positive(),
  deadline: z.number(),
  preserveText: z.boolean().default(false),
});

const port = parentPort;
if (port !== null) {
  const { bytes, source, maxRows, deadline, preserveText } = request.parse(workerData);
  readWorkbookGrid(bytes, { source, maxRows, deadline, preserveText }).then(
    (grids) => port.postMessage({ ok: true, grids }),
    (error: unknown) => {
      if (error instanceof QuestionnaireError) {
        port.postMessage({
          ok: false,
          problem: error.problem,
          ...(error.location === undefined ? {} : { location: error.location }),
        });
      } else {
        port.postMessage({ ok: false, unexpected: error instanceof Error ? error.message : String(error) });
      }
    },
  );
}
