import { parseArgs } from 'node:util';
import { AppError } from '../domain/errors.js';
import { openDatabase } from '../storage/database.js';
import { assertSqliteFileExists, copyDatabase } from '../storage/database-copy.js';
import type { CommandOutput } from './main.js';

const USAGE = 'Usage: tillit copy --from <database-url> --to <database-url> [--force]';
const URL_PATTERN = /^(file:|postgres:\/\/|postgresql:\/\/)/;

/** `tillit copy --from <url> --to <url> [--force]`: copies all data between SQLite and PostgreSQL and verifies it. */
export async function runCopy(args: string[], output: CommandOutput): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const { from, to, force } = values;
  if (positionals.length > 0 || from === undefined || to === undefined) throw new AppError('invalid_input', USAGE);
  for (const [option, url] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!URL_PATTERN.test(url))
      throw new AppError('invalid_input', `${option} must start with file: (SQLite) or postgres:// (PostgreSQL).`);
  }
  assertSqliteFileExists(from);

  const source = openDatabase(from, { poolSize: 2 });
  const target = openDatabase(to, { poolSize: 2 });
  try {
    const report = await copyDatabase(source, target, { replace: force });
    const width = Math.max('table'.length, ...report.tables.map((table) => table.table.length));
    if (report.replaced.length > 0) {
      const replaced = report.replaced.map((table) => `${table.table} ${table.rows}`).join(', ');
      output.out(`Emptied the target first (rows per table: ${replaced}).`);
    }
    output.out(`Copied ${source.location} to ${target.location}:`);
    output.out(`  ${'table'.padEnd(width)}  ${'rows'.padStart(7)}  checksum`);
    for (const table of report.tables) {
      const rows =
        table.sourceRows === table.targetRows ? String(table.sourceRows) : `${table.sourceRows}≠${table.targetRows}`;
      output.out(`  ${table.table.padEnd(width)}  ${rows.padStart(7)}  ${table.isMatch ? 'match' : 'MISMATCH'}`);
    }
    if (!report.isVerified) {
      const failed = report.tables.filter((table) => !table.isMatch).map((table) => table.table);
      throw new AppError(
        'conflict',
        `Verification failed: ${target.location} differs from ${source.location} in ${failed.join(', ')}. Do not switch to the target; copy again with --force.`,
      );
    }
    output.out(
      `Verified: all ${report.tables.length} tables match (${report.tables.reduce((sum, table) => sum + table.sourceRows, 0)} rows).`,
    );
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
