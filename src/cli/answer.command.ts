import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { toCsv } from '../questionnaire/csv.js';
import type { Confidence } from '../questionnaire/matcher.js';
import { isConfidentSuggestion } from '../services/questionnaire-export.service.js';
import type { CommandOutput } from './main.js';

const USAGE =
  'Usage: tillit answer <file.xlsx|file.csv> [--sheet S]... [--header-row N] [--column C] [--top 5] [--format json|csv|xlsx] [--answer-column X] [--choice-column Y] [--out FILE]';

const optionsSchema = z.object({
  file: z.string().min(1),
  sheet: z.array(z.string().min(1, '--sheet needs a sheet name')).optional(),
  column: z.string().min(1).optional(),
  answerColumn: z.string().min(1).optional(),
  choiceColumn: z.string().min(1, '--choice-column needs a column letter or heading').optional(),
  headerRow: z.coerce
    .number({ message: '--header-row must be a whole number' })
    .int('--header-row must be a whole number')
    .min(1, '--header-row must be at least 1')
    .max(1_048_576, '--header-row must be a row of the sheet')
    .optional(),
  top: z.coerce
    .number({ message: '--top must be a whole number' })
    .int('--top must be a whole number')
    .min(1, '--top must be at least 1')
    .max(20, '--top must be at most 20'),
  format: z.enum(['json', 'csv', 'xlsx'], { message: '--format must be json, csv or xlsx' }),
  out: z.string().min(1).optional(),
});

/** What `--format json` prints: each question with its ranked candidates, and the sheets left out. */
export interface AnswerReport {
  file: string;
  skippedSheets: { name: string; reason: string }[];
  questions: {
    reference: string;
    row: number;
    sheet: string;
    text: string;
    candidates: { slug: string; score: number; confidence: Confidence }[];
  }[];
}

/**
 * `tillit answer <file>`: suggests knowledge-base entries (and draft answers) for every question
 * of a questionnaire, from the published content of this instance's database.
 */
export async function runAnswer(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      sheet: { type: 'string', multiple: true },
      column: { type: 'string' },
      'answer-column': { type: 'string' },
      'choice-column': { type: 'string' },
      'header-row': { type: 'string' },
      top: { type: 'string', default: '5' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new AppError('invalid_input', USAGE);
  const parsed = optionsSchema.safeParse({
    ...values,
    answerColumn: values['answer-column'],
    choiceColumn: values['choice-column'],
    headerRow: values['header-row'],
    file: positionals[0],
  });
  if (!parsed.success) {
    throw new AppError('invalid_input', `${parsed.error.issues.map((issue) => issue.message).join('; ')}\n${USAGE}`);
  }
  const options = parsed.data;
  if (options.format === 'xlsx' && options.out === undefined) {
    throw new AppError('invalid_input', '--format xlsx writes a workbook, so it needs --out answered.xlsx');
  }

  const bytes = await readFile(options.file).catch(() => {
    throw new AppError('not_found', `Questionnaire ${options.file} does not exist or cannot be read`);
  });
  const answered = await container.questionnaires.answerFile({
    fileName: basename(options.file),
    bytes,
    top: options.top,
    ...(options.sheet === undefined ? {} : { sheets: options.sheet }),
    ...(options.column === undefined ? {} : { column: options.column }),
    ...(options.answerColumn === undefined ? {} : { answerColumn: options.answerColumn }),
    ...(options.choiceColumn === undefined ? {} : { choiceColumn: options.choiceColumn }),
    ...(options.headerRow === undefined ? {} : { headerRow: options.headerRow }),
  });
  if (options.format === 'xlsx' && answered.format !== 'xlsx') {
    throw new AppError(
      'invalid_input',
      `${basename(options.file)} is a CSV file, so there is no workbook to fill in; use --format csv (or json) instead`,
    );
  }
  // What reading left out or changed goes to stderr, so that stdout stays the report alone.
  for (const skipped of answered.skippedSheets) {
    output.error(`Skipped sheet "${skipped.name}": ${skipped.reason} (choose it with --sheet to read it).`);
  }
  for (const warning of answered.warnings) output.error(`Warning: ${warning}.`);
  const matches = answered.questions;
  const confident = matches.filter(({ candidates }) => isConfidentSuggestion(candidates)).length;
  if (options.format === 'xlsx' && options.out !== undefined) {
    // Only confident drafts go into the file a customer receives; the others stay blank for a person to answer.
    const written = await container.questionnaireExports.writeConfidentDrafts(bytes, answered);
    await writeFile(options.out, written.bytes);
    for (const warning of written.warnings) output.error(`Not written: ${warning}.`);
    output.out(
      `Wrote ${written.drafted} draft answers (high or medium confidence) for ${matches.length} questions to ${options.out}; the others are left blank.`,
    );
    return;
  }
  let text: string;
  if (options.format === 'json') {
    const report: AnswerReport = {
      file: basename(options.file),
      skippedSheets: answered.skippedSheets,
      questions: matches.map(({ question, candidates }) => ({
        reference: question.reference,
        row: question.row,
        sheet: question.sheet,
        text: question.text,
        candidates: candidates.map(({ slug, score, confidence }) => ({ slug, score, confidence })),
      })),
    };
    text = `${JSON.stringify(report, null, 2)}\n`;
  } else {
    text = toCsv(
      ['reference', 'question', 'top slug', 'confidence', 'draft answer'],
      matches.map(({ question, candidates }) => {
        const best = candidates[0];
        return [
          question.reference,
          question.text,
          best?.slug ?? '',
          best?.confidence ?? 'none',
          best?.draftAnswer ?? '',
        ];
      }),
    );
  }
  if (options.out === undefined) {
    output.out(text.replace(/\r?\n$/u, ''));
    return;
  }
  await writeFile(options.out, text, 'utf8');
  output.out(
    `Wrote suggestions for ${matches.length} questions to ${options.out} (${confident} with high or medium confidence).`,
  );
}
