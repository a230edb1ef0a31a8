import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { parseCsv } from './csv.js';
import {
  type ColumnOverrides,
  type DetectedSheet,
  detectSheet,
  type QuestionRow,
  type SheetDetection,
} from './detect.js';
import { columnLetter, gridFromRecords, type SheetGrid } from './grid.js';
import { QuestionnaireError, UNREADABLE_WORKBOOK } from './questionnaire-error.js';
import { type CellRange, type RawValidation, resolveValidations } from './validation.js';
import { prepareWorkbook } from './workbook-package.js';
import { findWorkerScript, WORKER_EXEC_ARGV } from './worker-script.js';
import { readZipDirectory } from './zip.js';

export { parseCsv } from './csv.js';
export type { DetectedSheet, HeaderCell, QuestionRow } from './detect.js';
export { MAX_QUESTION_TEXT } from './detect.js';
export { QuestionnaireError } from './questionnaire-error.js';

/** Everything found in an uploaded questionnaire. */
export interface ParsedQuestionnaire {
  format: 'xlsx' | 'csv';
  /** Every sheet, hidden ones included; `questions` come only from the sheets chosen (see parseQuestionnaire). */
  sheets: DetectedSheet[];
  questions: QuestionRow[];
  /** Sheets that look like a questionnaire but were left out (copies of another sheet), with why. */
  skippedSheets: SkippedSheet[];
  /** What was changed while reading (a question cut to MAX_QUESTION_TEXT), each naming its sheet and cell. */
  warnings: string[];
}

/** A sheet left out of the questions, and why. */
export interface SkippedSheet {
  name: string;
  reason: string;
}

/** Choices that override detection. */
export interface ParseOptions {
  /** Sheet name to read questions from (exact, or case-insensitive); the same as `sheets: [sheet]`. */
  sheet?: string;
  /** Sheets to read questions from, in any number; no sheet is then skipped as a copy. */
  sheets?: string[];
  /** Column of the short answer (Yes/No): a letter or the header text. */
  choiceColumn?: string;
  /** Question column: a letter like `C` or the header text. */
  column?: string;
  /** Answer column: a letter or the header text. */
  answerColumn?: string;
  /** 1-based row of the column headings, instead of the detected one. */
  headerRow?: number;
  /** Refuse sheets with more rows than this; default 20,000. */
  maxRows?: number;
}

/** Largest upload accepted. */
export const MAX_QUESTIONNAIRE_BYTES = 20 * 1024 * 1024;
/** Default row cap per sheet. */
export const DEFAULT_MAX_ROWS = 20_000;
/** How long reading one workbook may take before it is stopped. */
export const PARSE_TIMEOUT_MS = 20_000;
/** Heap of a parse worker: exceljs holds a whole workbook (up to 200 MB unpacked) as objects. */
const PARSE_WORKER_MEMORY_MB = 2048;

const optionsSchema = z.object({
  sheet: z.string().trim().min(1).optional(),
  sheets: z.array(z.string().trim().min(1)).max(200).optional(),
  choiceColumn: z.string().trim().min(1).optional(),
  column: z.string().trim().min(1).optional(),
  answerColumn: z.string().trim().min(1).optional(),
  headerRow: z.number().int().positive().max(1_048_576).optional(),
  maxRows: z.number().int().positive().max(1_000_000).optional(),
});

// Sheets with these names explain how to fill in the questionnaire; they are skipped unless chosen.
const INSTRUCTION_SHEET = /instruction|read ?me|guidance|introduction|cover|how to|anvisning|instruktion|läs ?mig/i;

/**
 * Finds the questions in an uploaded .xlsx or .csv. The format is taken from the content, not the name.
 * By default questions come from every visible sheet that looks like a questionnaire (hidden sheets only when
 * no visible one does); `options` pick a sheet or columns instead. Bad input throws QuestionnaireError.
 */
export async function parseQuestionnaire(
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): Promise<ParsedQuestionnaire> {
  const source = basename(fileName) || 'questionnaire';
  const parsedOptions = optionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    throw new QuestionnaireError(`invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not valid'}`, {
      source,
    });
  }
  const { sheet, column, answerColumn, headerRow, choiceColumn } = parsedOptions.data;
  const sheets = [...(sheet === undefined ? [] : [sheet]), ...(parsedOptions.data.sheets ?? [])];
  const maxRows = parsedOptions.data.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.byteLength > MAX_QUESTIONNAIRE_BYTES) {
    throw new QuestionnaireError(
      `the file is ${(bytes.byteLength / (1024 * 1024)).toFixed(1)} MB; questionnaires may be at most ${MAX_QUESTIONNAIRE_BYTES / (1024 * 1024)} MB`,
      { source },
    );
  }
  const format = detectFormat(bytes, source);
  // Refuse a zip bomb from its directory alone before any unpacking or worker start-up.
  if (format === 'xlsx') readZipDirectory(bytes, source);
  const overrides: ColumnOverrides = {
    ...(column === undefined ? {} : { column }),
    ...(answerColumn === undefined ? {} : { answerColumn }),
    ...(headerRow === undefined ? {} : { headerRow }),
    ...(choiceColumn === undefined ? {} : { choiceColumn }),
  };
  const result = await runParseTaskOffThread({
    bytes,
    source,
    format,
    maxRows,
    preserveText: false,
    select: { ...(sheets.length === 0 ? {} : { sheets: [...new Set(sheets)] }), overrides },
  });
  if (!('sheets' in result)) throw new QuestionnaireError(UNREADABLE_WORKBOOK, { source });
  return { format, ...result };
}

/** One read of a spreadsheet, as the parse worker runs it: the grids, or the questions selected from them. */
export interface ParseTask {
  bytes: Uint8Array;
  source: string;
  format: 'xlsx' | 'csv';
  maxRows: number;
  preserveText: boolean;
  /** When set, detect and select the questions instead of returning the grids. */
  select?: { sheets?: string[]; overrides: ColumnOverrides };
}

/** The questions selected from a spreadsheet, as a parse task returns them. */
export type SelectedQuestions = Omit<ParsedQuestionnaire, 'format'>;

/** What a parse task gives back. */
export type ParseTaskResult = { grids: SheetGrid[] } | SelectedQuestions;

/**
 * Runs a parse task in this thread; the parse worker calls it, and so does the server when no worker script is
 * installed. Everything here is synchronous CPU work on the uploaded bytes, which is why it runs off the main thread.
 */
export async function runParseTask(task: ParseTask, deadline: number): Promise<ParseTaskResult> {
  let grids: SheetGrid[];
  if (task.format === 'csv') {
    grids = [readCsvGrid(task.bytes, task.source, task.maxRows, task.preserveText)];
  } else {
    const options = { source: task.source, maxRows: task.maxRows, deadline, preserveText: task.preserveText };
    // The zip is checked first, without exceljs: it is large, and loaded only for a workbook that passed.
    const prepared = await prepareWorkbook(task.bytes, options);
    const { readPreparedWorkbook } = await import('./xlsx-read.js');
    grids = await readPreparedWorkbook(prepared.bytes, options);
    attachValidations(grids, prepared.validations, prepared.definedNames);
  }
  if (task.select === undefined) return { grids };
  return selectQuestions(grids, task.source, task.select.sheets, task.select.overrides);
}

/** Every sheet of a spreadsheet as a text grid, and which format it was. */
export interface SpreadsheetGrids {
  format: 'xlsx' | 'csv';
  grids: SheetGrid[];
}

/**
 * Reads an .xlsx or .csv (format from the content) into grids with the same size, zip-bomb and time limits as a
 * questionnaire upload. `preserveText` keeps cell text as written instead of tidying spaces. Throws QuestionnaireError.
 */
export async function readSpreadsheet(
  bytes: Uint8Array,
  fileName: string,
  options: { maxRows?: number; preserveText?: boolean } = {},
): Promise<SpreadsheetGrids> {
  const source = basename(fileName) || 'spreadsheet';
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const preserveText = options.preserveText === true;
  if (bytes.byteLength > MAX_QUESTIONNAIRE_BYTES) {
    throw new QuestionnaireError(
      `the file is ${(bytes.byteLength / (1024 * 1024)).toFixed(1)} MB; at most ${MAX_QUESTIONNAIRE_BYTES / (1024 * 1024)} MB is accepted`,
      { source },
    );
  }
  const format = detectFormat(bytes, source);
  if (format === 'xlsx') readZipDirectory(bytes, source);
  const result = await runParseTaskOffThread({ bytes, source, format, maxRows, preserveText });
  if (!('grids' in result)) throw new QuestionnaireError(UNREADABLE_WORKBOOK, { source });
  return { format, grids: result.grids };
}

/** Gives each grid its validations, with lists that name a range read from the grids themselves. */
function attachValidations(
  grids: SheetGrid[],
  validations: Map<string, RawValidation[]>,
  definedNames: Map<string, string>,
): void {
  const byName = new Map(grids.map((grid) => [grid.name.toLowerCase(), grid]));
  const cellsOf = (sheet: string, range: CellRange): string[] | undefined => {
    const grid = byName.get(sheet.toLowerCase());
    if (grid === undefined) return undefined;
    const words: string[] = [];
    for (const row of grid.rows) {
      if (row.row < range.top || row.row > range.bottom) continue;
      for (const cell of row.cells) if (cell.column >= range.left && cell.column <= range.right) words.push(cell.text);
    }
    return words;
  };
  for (const grid of grids) {
    const raw = validations.get(grid.name);
    if (raw !== undefined) grid.validations = resolveValidations(raw, grid.name, definedNames, cellsOf);
  }
}

// A sheet is a copy when this share of its questions are formulas reading another sheet, or repeat an earlier sheet.
const COPY_SHARE = 0.6;
// Fewer formula cells without a value than this are stray cells, not a sheet of copied questions.
const MIN_UNCACHED_COPY = 3;

const normaliseQuestion = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Why a sheet that looks like a questionnaire only repeats another one, or undefined when it does not. */
function copyReason(detection: SheetDetection, earlier: ReadonlyMap<string, Set<string>>): string | undefined {
  const total = detection.questions.length;
  if (total === 0) return undefined;
  const formulas = detection.formulaQuestions;
  if (formulas.count >= COPY_SHARE * total) {
    return `${formulas.count} of its ${total} questions are formulas that take their text from sheet "${formulas.sheet ?? '?'}"`;
  }
  for (const [name, texts] of earlier) {
    const repeated = detection.questions.filter((question) => texts.has(normaliseQuestion(question.text))).length;
    if (repeated >= 2 && repeated >= COPY_SHARE * total) {
      return `${repeated} of its ${total} questions repeat questions of sheet "${name}"`;
    }
  }
  return undefined;
}

/** A sheet whose question cells are formulas saved without their values: named, so a person can fix the file. */
function uncachedProblem(grid: SheetGrid): string | undefined {
  const cells = grid.uncachedFormulas ?? [];
  if (cells.length === 0) return undefined;
  const shown = cells.slice(0, 3).map((cell) => `${columnLetter(cell.column)}${cell.row}`);
  return `${cells.length === 1 ? 'cell' : 'cells'} ${shown.join(', ')}${cells.length > 3 ? ` and ${cells.length - 3} more` : ''} of sheet "${grid.name}" ${cells.length === 1 ? 'is a formula' : 'are formulas'} saved without ${cells.length === 1 ? 'its value' : 'their values'}; open the workbook in Excel, let it calculate and save it again`;
}

function findSheet(grids: SheetGrid[], name: string, source: string): SheetGrid {
  const wanted = name.toLowerCase();
  const grid =
    grids.find((candidate) => candidate.name === name) ??
    grids.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (grid === undefined) {
    throw new QuestionnaireError(
      `sheet "${name}" not found; sheets: ${grids.map((candidate) => `"${candidate.name}"`).join(', ')}`,
      { source },
    );
  }
  return grid;
}

function selectQuestions(
  grids: SheetGrid[],
  source: string,
  sheetNames: string[] | undefined,
  overrides: ColumnOverrides,
): SelectedQuestions {
  const detections = new Map<SheetGrid, SheetDetection>(grids.map((grid) => [grid, detectSheet(grid, {}, source)]));
  const skipped = new Map<SheetGrid, string>();
  let chosen: SheetGrid[];
  if (sheetNames !== undefined && sheetNames.length > 0) {
    chosen = [...new Set(sheetNames.map((name) => findSheet(grids, name, source)))];
  } else {
    const isUsable = (grid: SheetGrid): boolean =>
      detections.get(grid)?.isQuestionnaire === true && !INSTRUCTION_SHEET.test(grid.name);
    const visible = grids.filter((grid) => !grid.isHidden && isUsable(grid));
    const candidates = visible.length > 0 ? visible : grids.filter(isUsable);
    chosen = [];
    const earlier = new Map<string, Set<string>>();
    for (const grid of candidates) {
      const detection = detections.get(grid);
      const reason = detection === undefined ? undefined : copyReason(detection, earlier);
      if (reason !== undefined) {
        skipped.set(grid, reason);
        continue;
      }
      chosen.push(grid);
      earlier.set(grid.name, new Set(detection?.questions.map((question) => normaliseQuestion(question.text))));
    }
    // A buyer-side copy saved without values looks empty: say why it was not read rather than pass over it silently.
    for (const grid of grids) {
      const crossSheet = (grid.uncachedFormulas ?? []).filter((cell) => cell.formulaSheet !== undefined);
      if (!chosen.includes(grid) && !skipped.has(grid) && !grid.isHidden && crossSheet.length >= MIN_UNCACHED_COPY) {
        skipped.set(
          grid,
          `its cells are formulas that take their text from sheet "${crossSheet[0]?.formulaSheet ?? '?'}", saved without values`,
        );
      }
    }
    const hasOverrides =
      overrides.column !== undefined ||
      overrides.answerColumn !== undefined ||
      overrides.headerRow !== undefined ||
      overrides.choiceColumn !== undefined;
    if (chosen.length === 0 && hasOverrides) {
      const fallback =
        grids.find((grid) => !grid.isHidden && grid.rows.length > 0) ?? grids.find((grid) => grid.rows.length > 0);
      chosen = fallback === undefined ? [] : [fallback];
    }
  }
  for (const grid of chosen) detections.set(grid, detectSheet(grid, overrides, source));
  for (const grid of chosen) {
    const problem = uncachedProblem(grid);
    if (problem !== undefined && (detections.get(grid)?.questions.length ?? 0) === 0) {
      throw new QuestionnaireError(problem, { source, location: `sheet "${grid.name}"` });
    }
  }

  const questions = chosen.flatMap((grid) => detections.get(grid)?.questions ?? []);
  if (questions.length === 0 && overrides.column !== undefined) {
    const names = chosen.map((grid) => `"${grid.name}"`).join(', ');
    throw new QuestionnaireError(
      `the question column "${overrides.column}" holds no questions in sheet ${names || '(none)'}; columns seen: ${chosen.map((grid) => detections.get(grid)?.columnsSeen ?? '').join('; ')}`,
      { source },
    );
  }
  if (questions.length === 0) {
    const seen = (chosen.length > 0 ? chosen : grids)
      .map((grid) => `${grids.length > 1 ? `sheet "${grid.name}": ` : ''}${detections.get(grid)?.columnsSeen ?? ''}`)
      .join('; ');
    throw new QuestionnaireError(
      `no question column found in ${source}; columns seen: ${seen}. Choose the question column explicitly.`,
      { source },
    );
  }
  return {
    sheets: grids.flatMap((grid) => {
      const sheet = detections.get(grid)?.sheet;
      return sheet === undefined ? [] : [{ ...sheet, skipped: skipped.get(grid) ?? null }];
    }),
    questions,
    skippedSheets: grids.flatMap((grid) => {
      const reason = skipped.get(grid);
      return reason === undefined ? [] : [{ name: grid.name, reason }];
    }),
    warnings: chosen.flatMap((grid) => detections.get(grid)?.sheet.warnings ?? []),
  };
}

const SIGNATURES: { bytes: number[]; problem: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    problem: 'This workbook is encrypted or in the old .xls format; save it as an unencrypted .xlsx',
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    problem: 'this is a PDF, not a spreadsheet; upload the questionnaire as .xlsx or .csv',
  },
  {
    bytes: [0x89, 0x50, 0x4e, 0x47],
    problem: 'this is a PNG image, not a spreadsheet; upload the questionnaire as .xlsx or .csv',
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    problem: 'this is a JPEG image, not a spreadsheet; upload the questionnaire as .xlsx or .csv',
  },
  {
    bytes: [0x47, 0x49, 0x46, 0x38],
    problem: 'this is a GIF image, not a spreadsheet; upload the questionnaire as .xlsx or .csv',
  },
  { bytes: [0x50, 0x4b, 0x05, 0x06], problem: 'this is an empty zip archive, not a spreadsheet' },
  { bytes: [0xff, 0xfe], problem: 'this text is UTF-16; save the CSV as "CSV UTF-8"' },
  { bytes: [0xfe, 0xff], problem: 'this text is UTF-16; save the CSV as "CSV UTF-8"' },
];

function detectFormat(bytes: Uint8Array, source: string): 'xlsx' | 'csv' {
  if (bytes.byteLength === 0) throw new QuestionnaireError('the file is empty', { source });
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) throw new QuestionnaireError(signature.problem, { source });
  }
  return 'csv';
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.byteLength && prefix.every((value, index) => bytes[index] === value);
}

function readCsvGrid(bytes: Uint8Array, source: string, maxRows: number, preserveText = false): SheetGrid {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new QuestionnaireError(
      'the file is neither an .xlsx workbook nor UTF-8 text (CSV); upload the questionnaire as .xlsx or .csv',
      {
        source,
      },
    );
  }
  // Valid UTF-8 can still be binary; text files do not contain NUL or other C0 control characters.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const controlAt = text.slice(0, 65_536).search(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/);
  if (controlAt !== -1) {
    throw new QuestionnaireError(
      'the file is binary, not an .xlsx workbook or CSV text; upload the questionnaire as .xlsx or .csv',
      { source },
    );
  }
  const records = parseCsv(text, source);
  const grid = gridFromRecords(source, records, { preserveText });
  if (grid.rows.length > maxRows) {
    throw new QuestionnaireError(
      `the CSV has more than ${maxRows} rows; split the questionnaire or remove unused rows`,
      { source },
    );
  }
  return grid;
}

/** Questions a parse worker sends per message; a longer list comes in parts before the answer (parse.worker.ts). */
export const QUESTIONS_PER_MESSAGE = 1_000;

const questionsPart = z.object({ questionsPart: z.custom<QuestionRow[]>((value) => Array.isArray(value)) });

const workerReply = z.union([
  z.object({ ok: z.literal(true), grids: z.array(z.custom<SheetGrid>((value) => isSheetGrid(value))) }),
  z.object({
    ok: z.literal(true),
    // Our own worker's answer, structured-cloned: checked for shape, not re-validated item by item (a schema per
    // item cost 15 ms of the event loop on a 20,000-question file).
    sheets: z.custom<DetectedSheet[]>((value) => Array.isArray(value)),
    questions: z.custom<QuestionRow[]>((value) => Array.isArray(value)),
    skippedSheets: z.array(z.object({ name: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), problem: z.string(), location: z.string().optional() }),
  z.object({ ok: z.literal(false), unexpected: z.string() }),
]);

function isSheetGrid(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    typeof value.name === 'string' &&
    'rows' in value &&
    Array.isArray(value.rows)
  );
}

/**
 * Runs a parse task in a worker thread so a big file (a workbook, or a CSV of 20,000 rows) does not stall other
 * requests. From source (.ts) the worker registers tsx and imports parse.worker.ts; from a build it needs
 * parse.worker.js beside the bundle. Without one, the task runs here.
 */
async function runParseTaskOffThread(task: ParseTask): Promise<ParseTaskResult> {
  const release = await takeReadSlot(task.source);
  try {
    return await runParseTaskInSlot(task);
  } finally {
    release();
  }
}

/**
 * Workbooks read at once: all cores but one, so that however many uploads arrive together one core
 * always stays free to serve visitors (on two cores: one read at a time).
 */
const MAX_PARALLEL_READS = Math.max(1, availableParallelism() - 1);
/** Uploads that may wait for a slot; each holds its file in memory while it waits. */
const MAX_WAITING_READS = 8;
let activeReads = 0;
const waitingReads: (() => void)[] = [];

/** Waits for a free reading slot and returns the function that hands it on. */
async function takeReadSlot(source: string): Promise<() => void> {
  if (activeReads < MAX_PARALLEL_READS) {
    activeReads += 1;
  } else {
    if (waitingReads.length >= MAX_WAITING_READS) {
      throw new QuestionnaireError('the server is busy reading other workbooks; try again in a minute', { source });
    }
    await new Promise<void>((resolve) => waitingReads.push(resolve));
  }
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    const next = waitingReads.shift();
    if (next) next();
    else activeReads -= 1;
  };
}

async function runParseTaskInSlot(task: ParseTask): Promise<ParseTaskResult> {
  const { source } = task;
  const deadline = Date.now() + PARSE_TIMEOUT_MS;
  const launch = findWorkerScript('parse.worker');
  if (launch === undefined) return withTimeout(runParseTask(task, deadline), source, () => undefined);
  const worker = new Worker(launch.script, {
    execArgv: [...WORKER_EXEC_ARGV],
    eval: launch.isEval,
    workerData: { task, deadline },
    resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_MEMORY_MB },
  });
  // The questions come first, a part per message (parse.worker.ts); the last message is the answer itself.
  const parts: QuestionRow[][] = [];
  const reply = new Promise<unknown>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      const part = questionsPart.safeParse(message);
      if (part.success) parts.push(part.data.questionsPart);
      else resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the parser worker stopped with code ${code}`)));
  });
  let message: unknown;
  try {
    message = await withTimeout(reply, source, () => void worker.terminate());
  } catch (error) {
    if (error instanceof QuestionnaireError) throw error;
    // The reason is the parser's own words ("Cannot set properties of undefined"): kept as the cause, never shown.
    throw new QuestionnaireError(UNREADABLE_WORKBOOK, { source }, { cause: error });
  } finally {
    void worker.terminate();
  }
  const parsed = workerReply.safeParse(message);
  if (!parsed.success)
    throw new QuestionnaireError('the workbook could not be read (the parser gave no usable answer)', { source });
  const result = parsed.data;
  if ('grids' in result) return { grids: result.grids };
  if ('sheets' in result) {
    return {
      sheets: result.sheets,
      questions: parts.length === 0 ? result.questions : [...parts.flat(), ...result.questions],
      skippedSheets: result.skippedSheets,
      warnings: result.warnings,
    };
  }
  if ('unexpected' in result)
    throw new QuestionnaireError(UNREADABLE_WORKBOOK, { source }, { cause: result.unexpected });
  throw new QuestionnaireError(result.problem, {
    source,
    ...(result.location === undefined ? {} : { location: result.location }),
  });
}

async function withTimeout<T>(work: Promise<T>, source: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new QuestionnaireError(`reading the workbook took longer than ${PARSE_TIMEOUT_MS / 1000} s and was stopped`, {
          source,
        }),
      );
    }, PARSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
