import { type Kysely, type Selectable, sql } from 'kysely';
import { ROLES, type Role, type SignInMethod, type StaffUserSummary } from '../domain/staff.js';
import type { Database, StaffUserTable } from './schema.js';

/** A staff account as stored (the password hash never leaves the staff and sign-in services). */
export interface StaffUserRecord {
  id: number;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  passwordChangedAt: string;
  createdAt: string;
  disabledAt: string | null;
  disabledBy: string | null;
  /** The password is a generated one-time password that must be replaced at the next password sign-in. */
  isPasswordTemporary: boolean;
}

/** Fields of a new staff account. */
export interface NewStaffUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  /** A generated one-time password, to be replaced at the first sign-in. */
  isPasswordTemporary: boolean;
  createdAt: string;
}

/** A session row: only the SHA-256 of the client's token is kept (and no CSRF token: it is derived from the token). */
export interface StaffSessionRecord {
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute expiry; the idle limit is computed from lastSeenAt. */
  expiresAt: string;
  ip: string | null;
  /** How the user signed in; mandatory two-step sign-in applies to password sessions only. */
  signInMethod: SignInMethod;
}

/** A change to an account's role or to whether it is disabled. */
export type StaffAccountChange =
  | { kind: 'role'; role: Role }
  | { kind: 'disable'; disabledAt: string; disabledBy: string | null }
  | { kind: 'enable' };

/** What an account change did: the account before it, or why nothing changed. */
export type StaffAccountChangeResult =
  | { outcome: 'changed'; before: StaffUserRecord; endedSessions: number }
  | { outcome: 'unchanged'; before: StaffUserRecord }
  | { outcome: 'not_found' }
  | { outcome: 'last_admin'; before: StaffUserRecord };

/** Failed sign-in counter of one key (`account:<email>` or `ip:<address>`). */
export interface SignInThrottleRecord {
  key: string;
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

/** Error codes of a unique-constraint violation in SQLite and PostgreSQL. */
const UNIQUE_VIOLATION_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    UNIQUE_VIOLATION_CODES.has(error.code)
  );
}

function parseRole(value: string): Role {
  const role = ROLES.find((candidate) => candidate === value);
  // A role outside ROLES can only come from hand-edited data; failing loudly beats granting anything.
  if (!role) throw new Error(`staff_user has an unknown role "${value}"`);
  return role;
}

function toUser(row: Selectable<StaffUserTable>): StaffUserRecord {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: parseRole(row.role),
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    disabledBy: row.disabled_by,
    isPasswordTemporary: Number(row.is_password_temporary) !== 0,
  };
}

/** Whether the account counts as an active administrator. */
function isActiveAdmin(user: { role: Role; disabledAt: string | null }): boolean {
  return user.role === 'admin' && user.disabledAt === null;
}

/** Whether the account is unchanged by `change` (so nothing is written or audited). */
function isNoChange(user: StaffUserRecord, change: StaffAccountChange): boolean {
  if (change.kind === 'role') return user.role === change.role;
  if (change.kind === 'disable') return user.disabledAt !== null;
  return user.disabledAt === null;
}

const SUMMARY_COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'totp_enabled_at',
  'created_at',
  'disabled_at',
  'disabled_by',
] as const;

function toSummary(row: Pick<Selectable<StaffUserTable>, (typeof SUMMARY_COLUMNS)[number]>): StaffUserSummary {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: parseRole(row.role),
    isTotpEnabled: row.totp_enabled_at !== null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    disabledBy: row.disabled_by,
  };
}

/** Staff accounts, their sessions and sign-in throttling counters. */
export class StaffRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private selectSummaries() {
    return this.db.selectFrom('staff_user').select(SUMMARY_COLUMNS);
  }

  /** The account with this (already normalised) email, or undefined. */
  async findUserByEmail(email: string): Promise<StaffUserRecord | undefined> {
    const row = await this.db.selectFrom('staff_user').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** The account with this id, or undefined. */
  async findUserById(id: number): Promise<StaffUserRecord | undefined> {
    const row = await this.db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** Every account, ordered by email, without password hashes or TOTP secrets. */
  async listUsers(): Promise<StaffUserSummary[]> {
    const rows = await this.selectSummaries().orderBy('email').execute();
    return rows.map(toSummary);
  }

  /** One account as listed to administrators, or undefined. */
  async findUserSummary(by: { id: number } | { email: string }): Promise<StaffUserSummary | undefined> {
    const query = this.selectSummaries();
    const row = await ('id' in by
      ? query.where('id', '=', by.id)
      : query.where('email', '=', by.email)
    ).executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }

  /**
   * Changes an account's role or disables / re-enables it, in one transaction that refuses to leave
   * no active administrator. Disabling also deletes every session of the account.
   */
  async changeAccount(userId: number, change: StaffAccountChange): Promise<StaffAccountChangeResult> {
    return this.db.transaction().execute(async (trx) => {
      // A no-op write to every active administrator row first: PostgreSQL then holds their row locks,
      // so two concurrent demotions of the last two administrators run one after the other and the
      // second sees the first's result; SQLite takes its write lock here for the same effect.
      await trx
        .updateTable('staff_user')
        .set((eb) => ({ role: eb.ref('role') }))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .execute();
      const row = await trx.selectFrom('staff_user').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!row) return { outcome: 'not_found' };
      const before = toUser(row);
      if (isNoChange(before, change)) return { outcome: 'unchanged', before };

      const isLosingAdmin = isActiveAdmin(before) && change.kind !== 'enable';
      if (isLosingAdmin) {
        const others = await trx
          .selectFrom('staff_user')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('role', '=', 'admin')
          .where('disabled_at', 'is', null)
          .where('id', '<>', userId)
          .executeTakeFirstOrThrow();
        if (Number(others.count) === 0) return { outcome: 'last_admin', before };
      }

      if (change.kind === 'role') {
        await trx.updateTable('staff_user').set({ role: change.role }).where('id', '=', userId).execute();
        return { outcome: 'changed', before, endedSessions: 0 };
      }
      if (change.kind === 'enable') {
        await trx
          .updateTable('staff_user')
          .set({ disabled_at: null, disabled_by: null })
          .where('id', '=', userId)
          .execute();
        return { outcome: 'changed', before, endedSessions: 0 };
      }
      await trx
        .updateTable('staff_user')
        .set({ disabled_at: change.disabledAt, disabled_by: change.disabledBy })
        .where('id', '=', userId)
        .execute();
      const deleted = await trx.deleteFrom('staff_session').where('user_id', '=', userId).executeTakeFirst();
      return { outcome: 'changed', before, endedSessions: Number(deleted.numDeletedRows) };
    });
  }

  /** How many accounts there are. */
  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Inserts an account and returns its id; undefined when the email is taken (race-safe). */
  async insertUser(user: NewStaffUser): Promise<number | undefined> {
    try {
      const row = await this.db
        .insertInto('staff_user')
        .values({
          email: user.email,
          name: user.name,
          role: user.role,
          password_hash: user.passwordHash,
          is_password_temporary: user.isPasswordTemporary ? 1 : 0,
          password_changed_at: user.createdAt,
          created_at: user.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Replaces an account's password hash, notes when, and whether it is a one-time password to replace. */
  async updatePasswordHash(
    userId: number,
    passwordHash: string,
    changedAt: string,
    isTemporary: boolean,
  ): Promise<void> {
    await this.db
      .updateTable('staff_user')
      .set({ password_hash: passwordHash, password_changed_at: changedAt, is_password_temporary: isTemporary ? 1 : 0 })
      .where('id', '=', userId)
      .execute();
  }

  /** Stores a new session. */
  async insertSession(session: StaffSessionRecord): Promise<void> {
    await this.db
      .insertInto('staff_session')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
        ip: session.ip,
        sign_in_method: session.signInMethod,
      })
      .execute();
  }

  /** The session with this token hash and its account, or undefined. */
  async findSessionWithUser(
    tokenHash: string,
  ): Promise<{ session: StaffSessionRecord; user: StaffUserRecord } | undefined> {
    const row = await this.db
      .selectFrom('staff_session')
      .innerJoin('staff_user', 'staff_user.id', 'staff_session.user_id')
      .select([
        'staff_session.token_hash',
        'staff_session.user_id',
        'staff_session.created_at as session_created_at',
        'staff_session.last_seen_at',
        'staff_session.expires_at',
        'staff_session.ip',
        'staff_session.sign_in_method',
        'staff_user.id',
        'staff_user.email',
        'staff_user.name',
        'staff_user.role',
        'staff_user.password_hash',
        'staff_user.totp_secret',
        'staff_user.totp_enabled_at',
        'staff_user.recovery_codes',
        'staff_user.password_changed_at',
        'staff_user.created_at',
        'staff_user.disabled_at',
        'staff_user.disabled_by',
        'staff_user.totp_last_step',
        'staff_user.is_password_temporary',
      ])
      .where('staff_session.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: {
        tokenHash: row.token_hash,
        userId: Number(row.user_id),
        createdAt: row.session_created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        ip: row.ip,
        signInMethod: row.sign_in_method === 'oidc' ? 'oidc' : 'password',
      },
      user: toUser(row),
    };
  }

  /** Moves a session's last-seen time forward. */
  async touchSession(tokenHash: string, lastSeenAt: string): Promise<void> {
    await this.db
      .updateTable('staff_session')
      .set({ last_seen_at: lastSeenAt })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  /** Deletes one session (no error when it is already gone). */
  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
  }

  /** Deletes every session of an account and returns how many there were. */
  async deleteSessionsOfUser(userId: number): Promise<number> {
    const result = await this.db.deleteFrom('staff_session').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes an account's sessions whose absolute expiry has passed (ISO timestamps compare as text). */
  async deleteExpiredSessionsOfUser(userId: number, now: string): Promise<void> {
    await this.db.deleteFrom('staff_session').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  }

  /** How many sessions an account has (for tests and the account page). */
  async countSessionsOfUser(userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('staff_session')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The throttle counter of a key, or undefined. */
  async findThrottle(key: string): Promise<SignInThrottleRecord | undefined> {
    const row = await this.db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) return undefined;
    return {
      key: row.key,
      failures: Number(row.failures),
      windowStartedAt: row.window_started_at,
      lockedUntil: row.locked_until,
    };
  }

  /**
   * Counts one attempt on a key in a single statement, so parallel requests cannot lose counts:
   * the counter goes up by one while its window started after `windowStartedAfter`, and restarts
   * at one (window starting `now`) otherwise. Returns the counter and lock as they are afterwards.
   * Timestamps are ISO-8601 UTC strings of one format, so text comparison orders them by time.
   */
  async countThrottleAttempt(
    key: string,
    now: string,
    windowStartedAfter: string,
  ): Promise<{ failures: number; lockedUntil: string | null }> {
    const isWindowOpen = sql<boolean>`sign_in_throttle.window_started_at > ${windowStartedAfter}`;
    const row = await this.db
      .insertInto('sign_in_throttle')
      .values({ key, failures: 1, window_started_at: now, locked_until: null })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          failures: sql<number>`case when ${isWindowOpen} then sign_in_throttle.failures + 1 else 1 end`,
          window_started_at: sql<string>`case when ${isWindowOpen} then sign_in_throttle.window_started_at else ${now} end`,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { failures: Number(row.failures), lockedUntil: row.locked_until };
  }

  /** Locks a key until the given time (the counter stays as it is). */
  async lockThrottle(key: string, lockedUntil: string): Promise<void> {
    await this.db.updateTable('sign_in_throttle').set({ locked_until: lockedUntil }).where('key', '=', key).execute();
  }

  /** Takes back one counted attempt (one that turned out to succeed), never below zero. */
  async uncountThrottleAttempt(key: string): Promise<void> {
    await this.db
      .updateTable('sign_in_throttle')
      .set({ failures: sql<number>`failures - 1` })
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  /** Forgets a throttle counter. */
  async deleteThrottle(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
  }
}
