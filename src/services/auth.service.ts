import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { type Options as HashOptions, hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/errors.js';
import {
  type Actor,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type Role,
  type SignInMethod,
  type StaffUserSummary,
} from '../domain/staff.js';
import type {
  StaffAccountChange,
  StaffAccountChangeResult,
  StaffRepository,
  StaffUserRecord,
} from '../storage/staff.repository.js';
import type { AuditInput } from './audit.service.js';

/** What the auth service tells the audit log: AuditService.record's input. */
export type AuthAuditEvent = AuditInput;

/** Where audit events go. */
export type AuthAuditRecorder = (event: AuthAuditEvent) => Promise<void>;

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after sign-in, however active. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often, so page views do not all cost a write. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** Failures on one account within the window that lock it. */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures from one IP address within the window that lock it. */
export const IP_FAILURE_LIMIT = 20;
/** Window in which failures are counted, and how long a lock lasts. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
const THROTTLE_WINDOW_MINUTES = Math.ceil(THROTTLE_WINDOW_MS / 60_000);

/** The numbers a sign-in attempt drew when it was counted, per account and per IP address. */
interface CountedAttempt {
  account: number;
  ip: number | undefined;
}

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const HASH_OPTIONS: HashOptions = {
  algorithm: 2 /* Algorithm.Argon2id; a const enum cannot be imported under isolatedModules */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** Sign-in refused because too many attempts failed; says when to retry. */
export class SignInThrottledError extends AppError {
  /** Whole minutes until the lock ends (at least 1). */
  readonly retryAfterMinutes: number;

  constructor(retryAfterMinutes: number) {
    super(
      'rate_limited',
      `Too many failed sign-ins. Try again in ${retryAfterMinutes} ${retryAfterMinutes === 1 ? 'minute' : 'minutes'}.`,
    );
    this.retryAfterMinutes = retryAfterMinutes;
  }
}

/** A new session: the token goes to the client once and is stored only as a hash. */
export interface SessionGrant {
  token: string;
  csrfToken: string;
  actor: Actor;
  /** Absolute expiry (ISO). */
  expiresAt: string;
}

/** A session presented by a client and found valid. */
export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
  signInMethod: SignInMethod;
  /** Signed in with a one-time password: the account must choose its own before anything else. */
  mustChangePassword: boolean;
}

/** Fields of a new staff account. */
export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  /** Omit to create an account that cannot sign in with a password yet. */
  password?: string;
  /** The password is a generated one-time password: the first sign-in must replace it. */
  isPasswordTemporary?: boolean;
}

/** Whether an account change did anything (asking for the state an account is already in does nothing). */
export type AccountChangeOutcome = 'changed' | 'unchanged';

/** Where a request comes from, for throttling and the audit log. */
export interface RequestOrigin {
  ip?: string;
}

/** SHA-256 of a session token, as stored in staff_session.token_hash. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session, derived from its raw token rather than stored: the session token is
 * the one source of truth, the database keeps only its SHA-256 (from which the CSRF token cannot be
 * computed), and nothing has to stay in step when a session is opened, rotated or ended. The
 * purpose label keeps this HMAC distinct from any other value derived from the same token, and the
 * HMAC does not reveal the session token to a page that shows the CSRF token.
 */
export function deriveCsrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('tillit.admin.csrf.v1').digest('base64url');
}

/** A random URL-safe token of `bytes` random bytes. */
export function createRandomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Lower-cases and trims an email so one mailbox is one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Problems with a proposed password, empty when it is acceptable. */
export function checkPasswordPolicy(password: string): string[] {
  // Count code points, not UTF-16 units, so an emoji is one character as people count it.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return [`must be at least ${MIN_PASSWORD_LENGTH} characters`];
  if (length > MAX_PASSWORD_LENGTH) return [`must be at most ${MAX_PASSWORD_LENGTH} characters`];
  return [];
}

/**
 * The one answer to every refused password sign-in (unknown or disabled account, wrong password,
 * missing or wrong second-factor code), so the answer tells nothing about which part was wrong.
 */
function wrongCredentials(): AppError {
  return new AppError('unauthorized', 'The email address, password or authentication code is not correct.');
}

function toActor(user: StaffUserRecord): Actor {
  return { userId: user.id, email: user.email, name: user.name, role: user.role };
}

/** Checks the second factor of an account whose password was right (always true without one). */
export interface SecondFactorCheck {
  verify(userId: number, email: string, code: string | undefined): Promise<boolean>;
}

/** Staff accounts, passwords, sessions and sign-in throttling. */
export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repository: StaffRepository,
    private readonly audit: AuthAuditRecorder,
    private readonly now: () => Date = () => new Date(),
    private readonly secondFactor: SecondFactorCheck = { verify: async () => true },
  ) {}

  /** Creates an account; a taken email is a conflict. */
  async createUser(input: NewUserInput, by: Actor | undefined, origin: RequestOrigin = {}): Promise<Actor> {
    const email = normalizeEmail(input.email);
    const name = input.name.trim();
    if (name === '')
      throw new AppError('invalid_input', 'The name is empty', [
        { source: 'user', field: 'name', message: 'must not be empty' },
      ]);
    const passwordHash = input.password === undefined ? null : await this.hashPassword(input.password, 'password');
    const id = await this.repository.insertUser({
      email,
      name,
      role: input.role,
      passwordHash,
      isPasswordTemporary: passwordHash !== null && input.isPasswordTemporary === true,
      createdAt: this.now().toISOString(),
    });
    if (id === undefined) {
      throw new AppError('conflict', `A staff account with the email ${email} already exists`, [
        { source: 'user', field: 'email', message: 'is already taken' },
      ]);
    }
    const created: Actor = { userId: id, email, name, role: input.role };
    await this.audit({
      actor: by,
      action: 'user.create',
      targetType: 'staff_user',
      targetId: String(id),
      ip: origin.ip,
      summary: `created ${email} as ${input.role}`,
    });
    return created;
  }

  /** Every staff account, for the administrators' user list. */
  listUsers(): Promise<StaffUserSummary[]> {
    return this.repository.listUsers();
  }

  /** One account as listed to administrators; an unknown id is not_found. */
  async getUser(userId: number): Promise<StaffUserSummary> {
    const user = await this.repository.findUserSummary({ id: userId });
    if (!user) throw new AppError('not_found', `No staff account with id ${userId}`);
    return user;
  }

  /** One account by email (normalised first); an unknown email is not_found. */
  async getUserByEmail(email: string): Promise<StaffUserSummary> {
    const normalized = normalizeEmail(email);
    const user = await this.repository.findUserSummary({ email: normalized });
    if (!user) throw new AppError('not_found', `No staff account uses the email ${normalized}`);
    return user;
  }

  /**
   * Gives an account another role; it applies from the account's next request. An administrator
   * cannot remove their own administrator role, and the last active administrator keeps theirs.
   */
  async changeRole(
    userId: number,
    role: Role,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<AccountChangeOutcome> {
    if (by?.userId === userId && by.role === 'admin' && role !== 'admin') {
      throw new AppError(
        'conflict',
        'You cannot remove your own administrator role. Ask another administrator to do it.',
      );
    }
    const result = await this.repository.changeAccount(userId, { kind: 'role', role });
    const done = this.assertChanged(userId, result, 'demote');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.role_change',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `role of ${before.email} changed from ${before.role} to ${role}`,
    });
    return 'changed';
  }

  /**
   * Disables an account: every session of it ends at once and it can no longer sign in, by password
   * or OpenID Connect. Nobody disables themself, and the last active administrator stays enabled.
   */
  async disableUser(userId: number, by: Actor | undefined, origin: RequestOrigin = {}): Promise<AccountChangeOutcome> {
    if (by?.userId === userId) {
      throw new AppError('conflict', 'You cannot disable your own account. Ask another administrator to do it.');
    }
    const change: StaffAccountChange = {
      kind: 'disable',
      disabledAt: this.now().toISOString(),
      disabledBy: by?.email ?? null,
    };
    const result = await this.repository.changeAccount(userId, change);
    const done = this.assertChanged(userId, result, 'disable');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.disable',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `disabled ${before.email} (${before.role}); ${done.endedSessions} session(s) ended`,
    });
    return 'changed';
  }

  /** Re-enables a disabled account; it can sign in again with its existing password or OpenID Connect. */
  async enableUser(userId: number, by: Actor | undefined, origin: RequestOrigin = {}): Promise<AccountChangeOutcome> {
    const result = await this.repository.changeAccount(userId, { kind: 'enable' });
    const done = this.assertChanged(userId, result, 'enable');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.enable',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `re-enabled ${before.email} (${before.role})`,
    });
    return 'changed';
  }

  /** The account as it was before a change; throws for an unknown account or a refused last-admin change. */
  private assertChanged(
    userId: number,
    result: StaffAccountChangeResult,
    verb: 'demote' | 'disable' | 'enable',
  ): Extract<StaffAccountChangeResult, { outcome: 'changed' | 'unchanged' }> {
    if (result.outcome === 'not_found') throw new AppError('not_found', `No staff account with id ${userId}`);
    if (result.outcome === 'last_admin') {
      throw new AppError(
        'conflict',
        `${result.before.email} is the last active administrator and cannot be ${verb === 'disable' ? 'disabled' : 'demoted'}. Make another account an administrator first.`,
      );
    }
    return result;
  }

  /**
   * Sets an account's password (an administrator's reset) and ends all its sessions. The password
   * is someone else's choice, so it is temporary: the next sign-in with it must choose a new one.
   */
  async setPassword(
    userId: number,
    password: string,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<void> {
    const user = await this.repository.findUserById(userId);
    if (!user) throw new AppError('not_found', `No staff account with id ${userId}`);
    const passwordHash = await this.hashPassword(password, 'password');
    await this.repository.updatePasswordHash(user.id, passwordHash, this.now().toISOString(), true);
    const revoked = await this.repository.deleteSessionsOfUser(user.id);
    await this.audit({
      actor: by,
      action: 'user.password_set',
      targetType: 'staff_user',
      targetId: String(user.id),
      ip: origin.ip,
      summary: `password of ${user.email} set; ${revoked} session(s) ended`,
    });
  }

  /**
   * Checks email and password and opens a new session. Any session the client presented is
   * deleted first, so a token planted before sign-in never becomes an authenticated one.
   */
  async signIn(
    input: { email: string; password: string; code?: string; presentedToken?: string } & RequestOrigin,
  ): Promise<SessionGrant> {
    const email = normalizeEmail(input.email);
    if (input.presentedToken) await this.repository.deleteSession(hashSessionToken(input.presentedToken));
    const counted = await this.countSignInAttempt(email, input.ip);

    const user = await this.repository.findUserByEmail(email);
    // Verify against a dummy hash when there is nothing to verify, so timing does not reveal which emails exist.
    const isPasswordValid = await verify(user?.passwordHash ?? (await this.getDummyHash()), input.password);
    if (!user?.passwordHash || user.disabledAt !== null || !isPasswordValid) {
      const reason = !user ? 'unknown account' : user.disabledAt !== null ? 'account disabled' : 'wrong password';
      await this.failSignIn(email, input.ip, reason, counted);
      throw wrongCredentials();
    }

    // The second factor counts towards the same lockout as the password.
    if (!(await this.secondFactor.verify(user.id, user.email, input.code))) {
      await this.failSignIn(
        email,
        input.ip,
        input.code ? 'wrong second-factor code' : 'second-factor code missing',
        counted,
      );
      // The same answer as a wrong password: a different one would tell a guesser the password was right.
      throw wrongCredentials();
    }

    // The attempt succeeded: it no longer counts against the address (the account's counter is cleared below).
    if (input.ip) await this.repository.uncountThrottleAttempt(`ip:${input.ip}`);
    return this.completeSignIn(user, input.ip, 'signed in');
  }

  /**
   * Opens a session for the account with an e-mail address an identity provider has verified
   * (OpenID Connect). No password is checked. Tillit's own second factor is skipped as well: the
   * identity provider is responsible for how strongly the person signed in there.
   */
  async signInWithVerifiedEmail(
    email: string,
    origin: RequestOrigin & { presentedToken?: string } = {},
  ): Promise<SessionGrant> {
    const normalized = normalizeEmail(email);
    if (origin.presentedToken) await this.repository.deleteSession(hashSessionToken(origin.presentedToken));
    // A lock set by password guessing holds here too, so the two ways in cannot be played off each other.
    await this.refuseIfLocked(normalized, origin.ip, 'OpenID Connect refused: locked after repeated failures');
    const user = await this.repository.findUserByEmail(normalized);
    if (!user || user.disabledAt !== null) {
      await this.audit({
        actor: undefined,
        actorEmail: normalized,
        action: 'auth.sign_in_failure',
        ip: origin.ip,
        summary: `OpenID Connect refused: ${user ? 'account disabled' : 'unknown account'}`,
      });
      throw new AppError('unauthorized', `No active Tillit account uses the e-mail address ${normalized}.`);
    }
    return this.completeSignIn(user, origin.ip, 'signed in with OpenID Connect', 'oidc');
  }

  /** The valid session behind a token, or undefined; expired sessions are deleted on sight. */
  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    const tokenHash = hashSessionToken(token);
    const found = await this.repository.findSessionWithUser(tokenHash);
    if (!found) return undefined;
    const { session, user } = found;
    const now = this.now().getTime();
    const isExpired = now >= Date.parse(session.expiresAt) || now >= Date.parse(session.lastSeenAt) + SESSION_IDLE_MS;
    if (isExpired || user.disabledAt !== null) {
      await this.repository.deleteSession(tokenHash);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS) {
      await this.repository.touchSession(tokenHash, new Date(now).toISOString());
    }
    return {
      actor: toActor(user),
      csrfToken: deriveCsrfToken(token),
      expiresAt: session.expiresAt,
      signInMethod: session.signInMethod,
      // An OpenID Connect session never used the one-time password; the identity provider vouches for it.
      mustChangePassword: user.isPasswordTemporary && session.signInMethod === 'password',
    };
  }

  /** Ends the session behind a token. */
  async signOut(token: string, actor: Actor | undefined, origin: RequestOrigin = {}): Promise<void> {
    await this.repository.deleteSession(hashSessionToken(token));
    await this.audit({
      actor,
      action: 'auth.sign_out',
      targetType: 'staff_user',
      targetId: actor ? String(actor.userId) : undefined,
      ip: origin.ip,
      summary: 'signed out',
    });
  }

  /**
   * Changes the signed-in actor's own password after checking the current one. Every session of
   * the account ends (a thief's included) and the caller gets a fresh one in place of its own.
   */
  async changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string } & RequestOrigin,
  ): Promise<SessionGrant> {
    const user = await this.repository.findUserById(actor.userId);
    if (!user || user.disabledAt !== null) throw new AppError('unauthorized', 'The session has ended');
    const accountKey = `account:${user.email}`;
    const lockedMinutes = await this.findLockMinutes(accountKey);
    if (lockedMinutes > 0) throw new SignInThrottledError(lockedMinutes);
    const isCurrentValid = user.passwordHash !== null && (await verify(user.passwordHash, input.currentPassword));
    if (!isCurrentValid) {
      // Counts towards the account lock so a stolen session cannot be used to guess the password.
      const lockMinutes = await this.recordFailure(accountKey, ACCOUNT_FAILURE_LIMIT);
      await this.audit({
        actor,
        action: 'auth.password_change_failure',
        targetType: 'staff_user',
        targetId: String(user.id),
        ip: input.ip,
        summary: 'wrong current password',
      });
      if (lockMinutes > 0) throw new SignInThrottledError(lockMinutes);
      throw new AppError('unauthorized', 'The current password is not correct.', [
        { source: 'form', field: 'currentPassword', message: 'is not correct' },
      ]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new AppError('invalid_input', 'The new password must differ from the current one', [
        { source: 'form', field: 'newPassword', message: 'must differ from the current password' },
      ]);
    }
    const passwordHash = await this.hashPassword(input.newPassword, 'newPassword');
    // The account chose this password itself, so it is no longer a one-time password.
    await this.repository.updatePasswordHash(user.id, passwordHash, this.now().toISOString(), false);
    const revoked = await this.repository.deleteSessionsOfUser(user.id);
    const grant = await this.openSession(user, input.ip);
    const what = user.isPasswordTemporary ? 'one-time password replaced' : 'password changed';
    await this.audit({
      actor,
      action: 'auth.password_change',
      targetType: 'staff_user',
      targetId: String(user.id),
      ip: input.ip,
      summary: `${what}; ${Math.max(0, revoked - 1)} other session(s) ended`,
    });
    return grant;
  }

  /** Refuses (and audits) a sign-in while the account or the IP is locked. */
  private async refuseIfLocked(email: string, ip: string | undefined, summary: string): Promise<void> {
    const lockedMinutes = Math.max(
      await this.findLockMinutes(`account:${email}`),
      ip ? await this.findLockMinutes(`ip:${ip}`) : 0,
    );
    if (lockedMinutes === 0) return;
    await this.audit({ actor: undefined, actorEmail: email, action: 'auth.sign_in_failure', ip, summary });
    throw new SignInThrottledError(lockedMinutes);
  }

  /** Clears the account's failures, opens a session and audits the sign-in. */
  private async completeSignIn(
    user: StaffUserRecord,
    ip: string | undefined,
    summary: string,
    method: SignInMethod = 'password',
  ): Promise<SessionGrant> {
    await this.repository.deleteThrottle(`account:${user.email}`);
    await this.repository.deleteExpiredSessionsOfUser(user.id, this.now().toISOString());
    const grant = await this.openSession(user, ip, method);
    await this.audit({
      actor: grant.actor,
      action: 'auth.sign_in',
      targetType: 'staff_user',
      targetId: String(user.id),
      ip,
      summary,
    });
    return grant;
  }

  /**
   * Counts a sign-in attempt against the account and the IP before any password is checked, each
   * in one atomic statement, and refuses it (audited) while either is locked or when the attempt
   * is beyond a limit. Counting first means a burst of parallel requests gets exactly as many
   * password checks as the limit allows: each request sees its own number, none sees a stale one.
   */
  private async countSignInAttempt(email: string, ip: string | undefined): Promise<CountedAttempt> {
    const now = this.now();
    const windowStartedAfter = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
    const account = await this.repository.countThrottleAttempt(
      `account:${email}`,
      now.toISOString(),
      windowStartedAfter,
    );
    const address = ip
      ? await this.repository.countThrottleAttempt(`ip:${ip}`, now.toISOString(), windowStartedAfter)
      : undefined;
    const lockedMinutes = Math.max(
      this.minutesUntil(account.lockedUntil),
      address ? this.minutesUntil(address.lockedUntil) : 0,
    );
    const isBeyondLimit =
      account.failures > ACCOUNT_FAILURE_LIMIT || (address !== undefined && address.failures > IP_FAILURE_LIMIT);
    if (lockedMinutes > 0 || isBeyondLimit) {
      await this.audit({
        actor: undefined,
        actorEmail: email,
        action: 'auth.sign_in_failure',
        ip,
        summary:
          lockedMinutes > 0 ? 'refused: locked after repeated failures' : 'refused: too many attempts in the window',
      });
      throw new SignInThrottledError(lockedMinutes > 0 ? lockedMinutes : THROTTLE_WINDOW_MINUTES);
    }
    return { account: account.failures, ip: address?.failures };
  }

  /** A counted sign-in attempt failed: audits it, and locks (and throws) when it reached a limit. */
  private async failSignIn(email: string, ip: string | undefined, reason: string, counted: CountedAttempt) {
    const lockedUntil = new Date(this.now().getTime() + THROTTLE_WINDOW_MS).toISOString();
    const isAccountLocked = counted.account >= ACCOUNT_FAILURE_LIMIT;
    const isIpLocked = ip !== undefined && counted.ip !== undefined && counted.ip >= IP_FAILURE_LIMIT;
    if (isAccountLocked) await this.repository.lockThrottle(`account:${email}`, lockedUntil);
    if (isIpLocked) await this.repository.lockThrottle(`ip:${ip}`, lockedUntil);
    await this.audit({ actor: undefined, actorEmail: email, action: 'auth.sign_in_failure', ip, summary: reason });
    if (isAccountLocked || isIpLocked) throw new SignInThrottledError(THROTTLE_WINDOW_MINUTES);
  }

  private async openSession(
    user: StaffUserRecord,
    ip: string | undefined,
    signInMethod: SignInMethod = 'password',
  ): Promise<SessionGrant> {
    const token = createRandomToken(32);
    const now = this.now();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
    await this.repository.insertSession({
      tokenHash: hashSessionToken(token),
      userId: user.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt,
      ip: ip ?? null,
      signInMethod,
    });
    return { token, csrfToken: deriveCsrfToken(token), actor: toActor(user), expiresAt };
  }

  private async hashPassword(password: string, field: string): Promise<string> {
    const problems = checkPasswordPolicy(password);
    if (problems.length > 0) {
      throw new AppError(
        'invalid_input',
        `The password ${problems.join(' and ')}`,
        problems.map((message) => ({ source: 'form', field, message })),
      );
    }
    return hash(password, HASH_OPTIONS);
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hash(createRandomToken(16), HASH_OPTIONS);
    return this.dummyHash;
  }

  /** Minutes until the key's lock ends, 0 when it is not locked. */
  private async findLockMinutes(key: string): Promise<number> {
    const record = await this.repository.findThrottle(key);
    return this.minutesUntil(record?.lockedUntil ?? null);
  }

  /** Whole minutes until a lock ends (at least 1 while it holds), 0 when there is none or it has ended. */
  private minutesUntil(lockedUntil: string | null): number {
    if (!lockedUntil) return 0;
    const remaining = Date.parse(lockedUntil) - this.now().getTime();
    return remaining > 0 ? Math.ceil(remaining / 60_000) : 0;
  }

  /** Counts one failure on a key (atomically); returns the lock's minutes when this failure locks it, else 0. */
  private async recordFailure(key: string, limit: number): Promise<number> {
    const now = this.now();
    const windowStartedAfter = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
    const { failures } = await this.repository.countThrottleAttempt(key, now.toISOString(), windowStartedAfter);
    if (failures < limit) return 0;
    await this.repository.lockThrottle(key, new Date(now.getTime() + THROTTLE_WINDOW_MS).toISOString());
    return THROTTLE_WINDOW_MINUTES;
  }
}

/** Length of the generated one-time password. */
export const GENERATED_PASSWORD_LENGTH = 20;

// No 0/O, 1/l/I: the password is read off a terminal and typed in by hand.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password drawn uniformly from an unambiguous alphabet. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let password = '';
  for (let index = 0; index < length; index++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
