import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { ROLES } from '../domain/staff.js';
import { generatePassword } from '../services/auth.service.js';
import { migrateToLatest } from '../storage/database.js';
import type { CommandOutput } from './main.js';

const USAGE = 'Usage: tillit user add --email <email> --name <name> --role admin|editor|viewer';

const addUserSchema = z.object({
  email: z.email('must be an email address like name@example.com'),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
});

/** `tillit user add`: creates a staff account and prints its one-time password once. */
export async function runUser(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'add') throw new AppError('invalid_input', USAGE);
  const parsed = addUserSchema.safeParse(values);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      `Invalid arguments. ${USAGE}`,
      parsed.error.issues.map((issue) => ({
        source: 'arguments',
        field: `--${issue.path.join('.')}`,
        message: issue.message,
      })),
    );
  }

  await migrateToLatest(container.database);
  const password = generatePassword();
  const user = await container.auth.createUser({ ...parsed.data, password }, undefined);
  output.out(`Created ${user.role} ${user.email} (${user.name}).`);
  output.out(`One-time password (shown only now; change it after signing in): ${password}`);
}
