// Reads an uploaded spreadsheet off the main thread: exceljs's load, CSV parsing and question detection are
// synchronous CPU work that would otherwise stall every other request.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { ColumnOverrides } from './detect.js';
import { runParseTask } from './index.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { runInBackground } from './worker-script.js';

// Visitors' requests on the main thread come first when the cores are busy.
runInBackground();

const request = z.object({
  task: z.object({
    bytes: z.instanceof(Uint8Array),
    source: z.string(),
    format: z.enum(['xlsx', 'csv']),
    maxRows: z.number().int().positive(),
    preserveText: z.boolean(),
    select: z
      .object({
        sheets: z.array(z.string()).optional(),
        overrides: z.custom<ColumnOverrides>((value) => typeof value === 'object' && value !== null),
      })
      .optional(),
  }),
  deadline: z.number(),
});

const port = parentPort;
if (port !== null) {
  const { task, deadline } = request.parse(workerData);
  runParseTask(task, deadline).then(
    (result) => port.postMessage({ ok: true, ...result }),
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
