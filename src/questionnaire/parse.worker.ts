// Reads an uploaded spreadsheet off the main thread: exceljs's load, CSV parsing and question detection are
// synchronous CPU work that would otherwise stall every other request.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { ColumnOverrides } from './detect.js';
import { QUESTIONS_PER_MESSAGE, runParseTask } from './index.js';
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
    (result) => {
      // The questions go a part at a time, each its own message: the main thread then takes them in short tasks
      // instead of one that held it for tens of milliseconds on a 20,000-question file.
      if ('questions' in result) {
        const { questions } = result;
        let start = 0;
        for (; start + QUESTIONS_PER_MESSAGE < questions.length; start += QUESTIONS_PER_MESSAGE) {
          port.postMessage({ questionsPart: questions.slice(start, start + QUESTIONS_PER_MESSAGE) });
        }
        port.postMessage({ ok: true, ...result, questions: questions.slice(start) });
      } else {
        port.postMessage({ ok: true, ...result });
      }
    },
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
