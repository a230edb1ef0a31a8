import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { type Container, createContainerFromConfig } from '../container.js';
import { AppError, formatProblem } from '../domain/errors.js';
import { runAnswer } from './answer.command.js';
import { runBackup } from './backup.command.js';
import { runCopy } from './copy.command.js';
import { runExport } from './export.command.js';
import { runImport } from './import.command.js';
import { runMigrate } from './migrate.command.js';
import { runRestore } from './restore.command.js';
import { runStaff } from './staff.command.js';

/** Output channel of a command (lets tests capture what a command prints). */
export interface CommandOutput {
  out(line: string): void;
  error(line: string): void;
}

type Command = (container: Container, args: string[], output: CommandOutput) => Promise<void>;

/** A command that names its databases itself and must not open (or create) the configured one. */
type StandaloneCommand = (args: string[], output: CommandOutput) => Promise<void>;

const STANDALONE_COMMANDS: Record<string, { run: StandaloneCommand; usage: string }> = {
  copy: {
    run: (args, output) => runCopy(args, output),
    usage: 'tillit copy --from <url> --to <url> [--force]   copy all data between SQLite and PostgreSQL, then verify',
  },
};

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  import: {
    run: runImport,
    usage:
      'tillit import <dir>       validate a content folder and load it atomically\n  tillit import <file.csv|file.xlsx> [--sheet S] [--owner O] [--status published|draft] [--replace]   merge an answer library (question, answer, category, tags, controls) into the content',
  },
  export: { run: runExport, usage: 'tillit export <dir>       write the stored content as a content folder' },
  migrate: { run: runMigrate, usage: 'tillit migrate            apply pending database migrations' },
  backup: { run: runBackup, usage: 'tillit backup <file> [--force]   copy the live SQLite database to a file' },
  user: {
    run: runStaff,
    usage:
      'tillit user add --email <email> --name <name> --role admin|editor|viewer   create a staff account; prints a one-time password once\n  tillit user role --email <email> --role admin|editor|viewer   change the role of a staff account\n  tillit user disable|enable --email <email>   disable an account (ends its sessions) or re-enable it; never the last administrator',
  },
  answer: {
    run: runAnswer,
    usage:
      'tillit answer <file.xlsx|file.csv> [--sheet S]... [--header-row N] [--column C] [--answer-column X] [--choice-column Y] [--top 5] [--format json|csv|xlsx] [--out FILE]   suggest answers; xlsx writes them into a copy of the workbook',
  },
  restore: { run: runRestore, usage: 'tillit restore <file> [--force]  replace the SQLite database with a backup' },
};

const USAGE = `Usage:\n${[...Object.values(COMMANDS), ...Object.values(STANDALONE_COMMANDS)]
  .map((command) => `  ${command.usage}`)
  .join(
    '\n',
  )}\n  tillit --help             print this help (also -h, help)\n\nThe database comes from DATABASE_URL (default file:./data/tillit.db).`;

/** Asking for help is not a mistake: these print the usage to stdout and exit 0. */
const HELP_WORDS = new Set(['--help', '-h', 'help']);

/** Runs one CLI invocation and returns the exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
  // The command comes first; everything after it, options included, belongs to the command.
  const [name, ...rest] = argv;
  if (name !== undefined && HELP_WORDS.has(name)) {
    output.out(USAGE);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  const standalone = name ? STANDALONE_COMMANDS[name] : undefined;
  if (standalone) {
    try {
      await standalone.run(rest, output);
      return 0;
    } catch (error) {
      reportError(error, output);
      return 1;
    }
  }
  if (!command) {
    output.error(name ? `Unknown command "${name}".\n${USAGE}` : USAGE);
    return 2;
  }
  let container: Container | undefined;
  try {
    const config = loadConfig(env);
    container = createContainerFromConfig(config, { listenForChanges: false, isDeliveringMail: false });
    await command.run(container, rest, output);
    return 0;
  } catch (error) {
    reportError(error, output);
    return 1;
  } finally {
    await container?.close();
  }
}

function reportError(error: unknown, output: CommandOutput): void {
  if (error instanceof ConfigError) {
    output.error(error.message);
  } else if (error instanceof AppError) {
    output.error(`Error: ${error.message}`);
    for (const problem of error.problems) output.error(`  ${formatProblem(problem)}`);
  } else {
    output.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs the CLI on this process's arguments and sets the exit code. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  });
}

// `npm run tillit` runs this file directly; bin/tillit.js calls main() itself.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
