import type { Kysely } from 'kysely';
import type { Role } from '../src/domain/staff.js';
import type { AuditInput } from '../src/services/audit.service.js';
import { SignInService } from '../src/services/sign-in.service.js';
import { StaffService } from '../src/services/staff.service.js';
import type { Database } from '../src/storage/schema.js';
import { StaffRepository } from '../src/storage/staff.repository.js';

/**
 * The staff and sign-in services over `db`, on the clock `now` (the real one unless given), with the audit
 * events they record kept in `events` for the test to read.
 */
export function createStaffServices(db: Kysely<Database>, now?: () => Date) {
  const events: AuditInput[] = [];
  const repository = new StaffRepository(db);
  const recordAudit = async (event: AuditInput) => void events.push(event);
  return {
    repository,
    events,
    staff: new StaffService(repository, recordAudit, now),
    signIn: new SignInService(repository, recordAudit, now),
  };
}

let accountCounter = 0;

/**
 * Creates an account of `role` with `password` and an address no other test uses, then empties `events`, so a
 * test sees only the events of what it does itself.
 */
export async function createTestAccount(
  { staff, events }: Pick<ReturnType<typeof createStaffServices>, 'staff' | 'events'>,
  password: string,
  role: Role = 'editor',
) {
  accountCounter += 1;
  const email = `user${accountCounter}-${Date.now()}@example.test`;
  const user = await staff.createAccount({ email, name: `User ${accountCounter}`, role, password }, undefined);
  events.length = 0;
  return { email, user };
}
