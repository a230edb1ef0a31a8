import { createHash, createHmac } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import type { Actor, SignInMethod } from '../domain/staff.js';
import type { StaffRepository, StaffUserRecord } from '../storage/staff.repository.js';
import {
  createRandomToken,
  getDummyPasswordHash,
  hashPassword,
  normalizeEmail,
  type RequestOrigin,
  type StaffAuditRecorder,
  verifyPassword,
} from './credentials.js';

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

/**
 * Signing in (password with lockouts, or an e-mail address an identity provider verified),
 * sessions, signing out, and a signed-in person's change of their own password, which is also how
 * a one-time password is replaced before anything else. Accounts themselves are the staff service's.
 */
export class SignInService {
  constructor(
    private readonly repository: StaffRepository,
    private readonly audit: StaffAuditRecorder,
    private readonly now: () => Date = () => new Date(),
    private readonly secondFactor: SecondFactorCheck = { verify: async () => true },
  ) {}

  /**
   * Checks email and password and opens a new session. Any session the client presented is
   * deleted first, so a token planted before sign-in never becomes an authenticated one.
   */
  async withPassword(
    input: { email: string; password: string; code?: string; presentedToken?: string } & RequestOrigin,
  ): Promise<SessionGrant> {
    const email = normalizeEmail(input.email);
    if (input.presentedToken) await this.repository.deleteSession(hashSessionToken(input.presentedToken));
    const counted = await this.countSignInAttempt(email, input.ip);

    const user = await this.repository.findUserByEmail(email);
    // Verify against a dummy hash when there is nothing to verify, so timing does not reveal which emails exist.
    const isPasswordValid = await verifyPassword(user?.passwordHash ?? (await getDummyPasswordHash()), input.password);
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
  async withVerifiedEmail(
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
    const isCurrentValid =
      user.passwordHash !== null && (await verifyPassword(user.passwordHash, input.currentPassword));
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
    const passwordHash = await hashPassword(input.newPassword, 'newPassword');
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
