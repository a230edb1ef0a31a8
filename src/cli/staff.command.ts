import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { isMailAddress } from '../domain/mail.js';
import { ROLES } from '../domain/staff.js';
import { generatePassword } from '../services/credentials.js';
import { migrateToLatest } from '../storage/database.js';
import type { CommandOutput } from './main.js';

const USAGE = [
  'Usage: tillit user add --email <email> --name <name> --role admin|editor|viewer',
  '       tillit user role --email <email> --role admin|editor|viewer',
  '       tillit user disable --email <email>',
  '       tillit user enable --email <email>',
].join('\n');

const email = z.string().refine(isMailAddress, 'must be an email address like name@example.com');
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

const SCHEMAS = {
  add: z.strictObject({
    email,
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    role,
  }),
  role: z.strictObject({ email, role }),
  disable: z.strictObject({ email }),
  enable: z.strictObject({ email }),
} as const;

type Verb = keyof typeof SCHEMAS;

function isVerb(value: string | undefined): value is Verb {
  return value !== undefined && Object.hasOwn(SCHEMAS, value);
}

/** Parses the options of one verb, listing every problem; options the verb does not take are refused. */
function parseOptions<Output>(schema: z.ZodType<Output>, values: Record<string, unknown>): Output {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'invalid_input',
    `Invalid arguments. ${USAGE}`,
    parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ source: 'arguments', field: `--${key}`, message: 'is not used by this command' }))
        : [{ source: 'arguments', field: `--${issue.path.join('.')}`, message: issue.message }],
    ),
  );
}

/**
 * `tillit user add|role|disable|enable`: creates a staff account (printing its one-time password once),
 * changes an account's role, or disables / re-enables it. The last active administrator is never
 * demoted or disabled; the audit log records each change without an actor, as the command line.
 */
export async function runStaff(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  const [verb] = positionals;
  if (positionals.length !== 1 || !isVerb(verb)) throw new AppError('invalid_input', USAGE);

  if (verb === 'add') {
    const input = parseOptions(SCHEMAS.add, values);
    await migrateToLatest(container.database);
    const password = generatePassword();
    const user = await container.staff.createAccount({ ...input, password, isPasswordTemporary: true }, undefined);
    output.out(`Created ${user.role} ${user.email} (${user.name}).`);
    output.out(`One-time password (shown only now; the first sign-in with it asks for a new one): ${password}`);
    return;
  }

  if (verb === 'role') {
    const input = parseOptions(SCHEMAS.role, values);
    await migrateToLatest(container.database);
    const user = await container.staff.getAccountByEmail(input.email);
    const outcome = await container.staff.changeRole(user.id, input.role, undefined);
    output.out(
      outcome === 'changed'
        ? `${user.email} is now ${input.role} (was ${user.role}).`
        : `${user.email} is already ${input.role}; nothing changed.`,
    );
    return;
  }

  const input = parseOptions(SCHEMAS[verb], values);
  await migrateToLatest(container.database);
  const user = await container.staff.getAccountByEmail(input.email);
  if (verb === 'disable') {
    const outcome = await container.staff.disableAccount(user.id, undefined);
    output.out(
      outcome === 'changed'
        ? `Disabled ${user.email}; every session of it has ended and it cannot sign in until re-enabled.`
        : `${user.email} is already disabled; nothing changed.`,
    );
    return;
  }
  const outcome = await container.staff.enableAccount(user.id, undefined);
  output.out(
    outcome === 'changed' ? `Re-enabled ${user.email}.` : `${user.email} is already enabled; nothing changed.`,
  );
}
